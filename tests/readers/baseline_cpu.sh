#!/bin/sh
# The same PDFs byte for byte on a processor without the modern vector
# extensions: the samples rendered natively and under qemu-x86_64 with the
# baseline x86-64 model (-cpu qemu64: no SSE4.2, AVX or SHA instructions, so
# every library that picks code by processor takes its plainest path) must
# give identical files. Slow (emulated), so it runs in make check-readers,
# not make check.
# checks: 9
. "$TOP/tests/lib.sh"
QEMU=$(command -v qemu-x86_64)
if [ -z "$QEMU" ] || [ "$(uname -m)" != x86_64 ]; then
  for c in "model is baseline" "json renders" "xml renders" "json same files" "json same bytes" "xml same files" "xml same bytes" "images render" "images same bytes"; do
    echo "SKIP baseline_cpu $c: needs qemu-x86_64 (Debian qemu-user) on an x86-64 host"
  done
  exit 0
fi
EMU="$QEMU -cpu qemu64"
# the emulated processor is really older than this one: glibc's loader finds
# no x86-64-v2 features (SSE4.2, POPCNT) there
levels=$($EMU /lib64/ld-linux-x86-64.so.2 --help 2>&1 | sed -n 's/^ *\(x86-64-v[0-9]\) (supported.*/\1/p' | tr '\n' ' ')
expect_eq "baseline_cpu model is baseline (no x86-64-v2 or later)" "" "$levels"
for kind in json xml; do
  "$REFORMGEN" -q -j 1 -o "$T/native-$kind" "$TOP"/samples/*.$kind >"$T/native-$kind.log" 2>&1; a=$?
  $EMU "$REFORMGEN" -q -j 1 -o "$T/emul-$kind" "$TOP"/samples/*.$kind >"$T/emul-$kind.log" 2>&1; b=$?
  expect_eq "baseline_cpu $kind renders natively and emulated" "0 0" "$a $b"
  na=$(cd "$T/native-$kind" && find . -name '*.pdf' | sort)
  nb=$(cd "$T/emul-$kind" && find . -name '*.pdf' | sort)
  n=$(printf '%s\n' "$na" | grep -c pdf)
  if [ "$na" = "$nb" ] && [ "$n" -gt 0 ]; then pass "baseline_cpu $kind same $n PDFs"; else fail "baseline_cpu $kind same PDFs" "native [$na] emulated [$nb]"; fi
  diff=""
  for f in $na; do cmp -s "$T/native-$kind/$f" "$T/emul-$kind/$f" || diff="$diff $f"; done
  expect_eq "baseline_cpu $kind every PDF byte-identical" "" "$diff"
done
# images: decoded by libpng and deflated with the rest
cp "$TOP/tests/layout/seal.png" "$TOP/tests/layout/logo.png" "$T/"
cat > "$T/img.xml" <<'EOT'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="report" paper="A4" title="{county/name}" font="song" size="16">
  <title>{county/name}</title>
  <image src="seal.png" width="40mm"/>
  <image src="logo.png" width="20mm"/>
</document>
EOT
(cd "$T" && "$REFORMGEN" -q -t "$T/img.xml" -o "$T/img-native.pdf" "$TOP/samples/dongwu.json" >/dev/null 2>&1); a=$?
(cd "$T" && $EMU "$REFORMGEN" -q -t "$T/img.xml" -o "$T/img-emul.pdf" "$TOP/samples/dongwu.json" >/dev/null 2>&1); b=$?
expect_eq "baseline_cpu images render natively and emulated" "0 0" "$a $b"
check "baseline_cpu images byte-identical" cmp "$T/img-native.pdf" "$T/img-emul.pdf"
