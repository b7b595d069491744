# heavy/big_county.sh: a county of about 100,000 cadres (tests/synth_county.py;
# 99,240 cadres in 32,302 units, a 31 MB file) renders its three documents,
# each listed in the manifest, within 1 GiB of memory: under
# --memory-limit=1024 (its address space, RLIMIT_DATA) and with a peak
# resident set (as /usr/bin/time reports it) of at most 1 GiB (970,084 KB
# measured on 2026-12-05, down from 1.9 GB that morning); and a bound still
# reached on such a county (one value past
# 32 MB, made by doubling a string) names the template's line, the bound,
# the document and the county. Too slow for make check (about 17 s of
# rendering): run by make check-heavy. Prints the time and the peak as
# figures too.
# checks: 8
. "$TOP/tests/lib.sh"
python3 "$TOP/tests/synth_county.py" synth --cadres 100000 > "$T/gen.json"
# a final plan needs its 文号 (templates/plan.xml <require>): give it one
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); d['plan']['doc_number'] = '团合成委〔2023〕1号'
json.dump(d, open(sys.argv[2], 'w'), ensure_ascii=False)" "$T/gen.json" "$T/big.json"
rm -f "$T/gen.json"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%e %M' -o "$T/time" "$REFORMGEN" -q --memory-limit=1024 -o "$T/o" "$T/big.json" 2>"$T/err"; st=$?
else
  "$REFORMGEN" -q --memory-limit=1024 -o "$T/o" "$T/big.json" 2>"$T/err"; st=$?
fi
expect_eq "100,000 cadres, --memory-limit=1024: exit 0" 0 $st
[ $st = 0 ] || sed 's/^/  /' "$T/err" | head -5 >&2
m=$(python3 -c "
import json, sys
m = json.load(open(sys.argv[1]))
i = m['inputs'][0]
print(i['status'], sorted(o['document'] for o in i['outputs']))" "$T/o/manifest.json" 2>&1)
expect_eq "100,000 cadres: the manifest lists the three documents written" "ok ['plan', 'report', 'staffing']" "$m"
for d in report plan staffing; do
  f=$(find "$T/o" -name "$d.pdf")
  check "100,000 cadres: $d.pdf is a PDF" sh -c "head -c 5 '$f' | grep -q '%PDF-'"
done
if [ -f "$T/time" ]; then
  read -r secs kb < "$T/time"
  echo "NOTE big_county: 100,000 cadres: $secs s, peak $kb KB (target: 1 GiB)"
  check "100,000 cadres: the three documents within 1 GiB (peak resident set $kb KB)" test "$kb" -le 1048576
else
  skip "100,000 cadres: the three documents within 1 GiB" "no /usr/bin/time to measure the peak (make check-heavy installs it)"
fi

# a bound reached on the big county names the county, the document and the bound
"$REFORMGEN" -q -t "$TOP/tests/robust/templates/string-doubling.xml" -o "$T/o2" "$T/big.json" 2>"$T/err2"; st=$?
expect_eq "100,000 cadres, doubling strings: exit 1" 1 $st
expect_match "100,000 cadres, doubling strings: the line, the bound, the document, the county" \
  "^$TOP/tests/robust/templates/string-doubling.xml:[0-9]+: error: the value of 'concat\(\\\$v[0-9]+, \\\$v[0-9]+\)' is longer than 33554432 bytes; the t document of $T/big.json is not made$" \
  "$(grep ': error: ' "$T/err2")"
