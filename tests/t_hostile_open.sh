# t_hostile_open.sh: `reformgen import` and the fonts, from the command line,
# where named pipes and symbolic links meet the readers that open files once
# (file_open_read). The county file an import updates may be neither a named
# pipe (refused at once, JSON and XML) nor a symbolic link (refused, the link
# and its target left alone); a workbook that is a named pipe is refused at
# once, one named through a link is read like the file itself; a font named
# in fonts.conf through a link is used without a warning. Every file is made
# here (the roster from the xinzheng sample, the workbook by make_xlsx.py).
# checks: 9
. "$TOP/tests/lib.sh"
cd "$T"
python3 "$TOP/tests/import/county_to_roster.py" "$TOP/samples/xinzheng.json" "$T" >/dev/null
ROSTER="$T/roster.csv $T/units.csv $T/indicators.csv"

# --- the county file an import updates ------------------------------------------
for form in json xml; do
  mkfifo "$T/pipe.$form"
  err=$(timeout 10 "$REFORMGEN" import -o "$T/pipe.$form" $ROSTER 2>&1 | grep -v ': warning: '); st=$?
  expect_eq "open: import into a named pipe ($form): refused at once" \
    "$T/pipe.$form: error: cannot read: not a regular file; expected a county file" "$(echo "$err" | head -1)"
done
cp "$TOP/samples/xinzheng.json" "$T/target.json"
ln -s "$T/target.json" "$T/link.json"
"$REFORMGEN" import -o "$T/link.json" $ROSTER >/dev/null 2>"$T/err"; st=$?
expect_eq "open: import into a link: exit 1" 1 $st
expect_match "open: import into a link: said" "^$T/link.json: error: a symbolic link, not followed" "$(cat "$T/err")"
check "open: import into a link: the link and its target left alone" \
  sh -c "test -L '$T/link.json' && cmp -s '$T/target.json' '$TOP/samples/xinzheng.json'"

# --- workbooks -------------------------------------------------------------------------
python3 "$TOP/tests/import/make_xlsx.py" "$T/book.xlsx" > /dev/null
mkfifo "$T/pipe.xlsx"
err=$(timeout 10 "$REFORMGEN" import -o "$T/p.json" "$T/pipe.xlsx" 2>&1); st=$?
expect_eq "open: a workbook that is a named pipe: exit 1 at once" 1 $st
expect_match "open: a workbook that is a named pipe: said" "pipe.xlsx: error: .*not a regular file" "$err"
ln -s "$T/book.xlsx" "$T/booklink.xlsx"
"$REFORMGEN" import -o "$T/direct.json" "$T/book.xlsx" 2>/dev/null
"$REFORMGEN" import -o "$T/vialink.json" "$T/booklink.xlsx" 2>/dev/null; st=$?
expect_eq "open: a workbook named through a link: read like the file" "0 same" \
  "$st $(cmp -s "$T/direct.json" "$T/vialink.json" && test -s "$T/direct.json" && echo same)"

# --- a font named through a link ----------------------------------------------------------
font=$(sed -n -E 's/^song +([^ ]*gbsn00lp\.ttf).*/\1/p' "$TOP/fonts/fonts.conf" | head -1)
if [ -n "$font" ] && [ -r "$font" ]; then
  ln -s "$font" "$T/song.ttf"
  sed -E "s|^song +[^ ]*gbsn00lp\.ttf|song $T/song.ttf|" "$TOP/fonts/fonts.conf" > "$T/fonts.conf"
  err=$("$REFORMGEN" -q -t "$TOP/tests/cli/hello.xml" --fonts="$T/fonts.conf" -o "$T/of" "$TOP/tests/cli/min.json" 2>&1); st=$?
  expect_eq "open: a font named through a link: used, no warning" "0 " "$st $err"
else
  skip "open: a font named through a link: used, no warning" "no gbsn00lp.ttf line in fonts/fonts.conf"
fi
