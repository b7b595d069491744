# t_progress.sh: the progress bar: counts and an estimate on a terminal,
# nothing of it when standard error is not a terminal.
# checks: 5
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli
mkdir -p "$T/in"
for i in 1 2 3 4; do sed -e "s/410184/41010$i/" "$C/min.json" > "$T/in/c$i.json"; done
"$REFORMGEN" -q -t "$C/hello.xml" -o "$T/a" "$T/in" 2>"$T/plain"
check "no bar in a pipe" sh -c "! grep -q '\[#' '$T/plain'"
"$REFORMGEN" -q --progress -j 2 -t "$C/hello.xml" -o "$T/b" "$T/in" 2>"$T/forced"
expect_match "forced bar shows counts" '\[#+-*\] [0-9]/4' "$(tr '\r' '\n' < "$T/forced")"
expect_match "bar ends with the total and the time" '\[#{30}\] 4/4 in [0-9.]+ s' "$(tr '\r' '\n' < "$T/forced")"
if command -v script >/dev/null 2>&1; then
  # a real terminal: the bar appears without being asked for
  script -qec "'$REFORMGEN' -j 1 -t '$C/hello.xml' -o '$T/c' '$T/in'" /dev/null > "$T/tty" 2>&1
  expect_match "bar on a terminal" '4/4 in [0-9.]+ s' "$(tr '\r' '\n' < "$T/tty")"
  expect_match "estimate while running" 'about [0-9]+ s left' "$(tr '\r' '\n' < "$T/tty")"
fi
