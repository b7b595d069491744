# heavy/junk_array.sh: a 60 MB county file (under the 64 MB limit of a file)
# holding an unknown array of 30,000,000 zeros is refused before it is parsed
# (30 million values would take some 17 GB in memory against the default
# limit of 512 MB plus 64 times the file's size): exit 1 and the message,
# with the time and the peak memory printed as figures (before the count, the
# same file passed --check after 19.7 s and 8.5 GB).
# checks: 2
. "$TOP/tests/lib.sh"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); d['junk'] = [0] * 30000000
json.dump(d, open(sys.argv[2], 'w'), ensure_ascii=False, separators=(',', ':'))" "$TOP/samples/xinzheng.json" "$T/junk.json"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%e %M' -o "$T/time" "$REFORMGEN" -q -o "$T/o" "$T/junk.json" 2>"$T/err"; st=$?
else
  "$REFORMGEN" -q -o "$T/o" "$T/junk.json" 2>"$T/err"; st=$?
fi
expect_eq "30,000,000 zeros: exit 1" 1 $st
expect_match "30,000,000 zeros: refused, the count, the estimate and the limit named" \
  "^$T/junk.json: error: the file holds 300[0-9]{5} values, which would take about [0-9]+ MB in memory \(600 bytes a value\); expected at most [0-9]+ MB for this county \(--memory-limit sets it\)$" \
  "$(cat "$T/err")"
if [ -f "$T/time" ]; then
  read -r secs kb <<EOT
$(tail -n 1 "$T/time")
EOT
  echo "NOTE junk_array: 30,000,000 zeros ($(wc -c < "$T/junk.json") bytes): refused in $secs s, peak $kb KB"
fi
