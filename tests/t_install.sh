# t_install.sh: make install with PREFIX and DESTDIR puts the program, the
# templates, the font configuration and the man page in place, and the
# installed program finds its templates and fonts and renders.
# checks: 8
. "$TOP/tests/lib.sh"
make -s -C "$TOP" install DESTDIR="$T/root" PREFIX=/usr >/dev/null 2>&1
p=$T/root/usr
check "installed program" test -x "$p/bin/reformgen"
check "installed templates" test -f "$p/share/reformgen/templates/report.xml"
check "installed font configuration" test -f "$p/share/reformgen/fonts/fonts.conf"
check "installed man page" test -f "$p/share/man/man1/reformgen.1"
check "man page formats" sh -c "man -l '$p/share/man/man1/reformgen.1' >/dev/null 2>&1 || groff -man -Tutf8 '$p/share/man/man1/reformgen.1' >/dev/null 2>&1"
"$p/bin/reformgen" -q -t hello -o "$T/out" "$TOP/tests/cli/min.json" --templates "$TOP/tests/cli" 2>"$T/err"
check "installed program renders" test -s "$T/out/410184-新郑市/hello.pdf"
"$p/bin/reformgen" -q -t staffing -o "$T/out2" "$TOP/tests/cli/min.json" 2>"$T/err"
check "installed program finds its own templates" test -s "$T/out2/410184-新郑市/staffing.pdf"
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
  out=$(LANG=zh_CN.UTF-8 LC_ALL= "$p/bin/reformgen" --help 2>&1)
  expect_match "installed program finds its message catalogue" '^用法：' "$out"
else
  skip "installed program finds its message catalogue" "no zh_CN.UTF-8 locale (make deps generates it)"
fi
