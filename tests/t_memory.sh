# t_memory.sh: the memory a county may take (--memory-limit; README,
# "Limits"): by default 512 MB plus 64 times the size of its file. A file
# whose values would take more (600 bytes a value) is refused before it is
# parsed, in JSON and in XML, with an error that names the file, the count,
# the estimate and the limit, and nothing is written; a county whose
# rendering takes more than its limit all the same ends with a line naming
# the county and the limit, is listed as failed, and none of its documents
# stays. The files are made here.
# checks: 13
# checks-asan: 10
. "$TOP/tests/lib.sh"
S=$TOP/samples/xinzheng.json

# a county with an unknown array of 1,500,000 zeros (3 MB: 1,500,000 values
# would take about 858 MB against 512 + 64 * 3 MB)
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); d['junk'] = [0] * 1500000
json.dump(d, open(sys.argv[2], 'w'), ensure_ascii=False, separators=(',', ':'))" "$S" "$T/junk.json"
n=$(python3 -c "
import json, sys
def count(v):
    if isinstance(v, dict): return 1 + sum(count(x) for x in v.values())
    if isinstance(v, list): return 1 + sum(count(x) for x in v)
    return 1
print(count(json.load(open(sys.argv[1]))))" "$T/junk.json")
size=$(wc -c < "$T/junk.json")
mb=$(( (512 * 1048576 + 64 * size) / 1048576 ))
est=$(( (n * 600 + 524288) / 1048576 ))
"$REFORMGEN" -q -o "$T/o1" "$T/junk.json" 2>"$T/err1"; st=$?
expect_eq "unknown array: exit 1" 1 $st
expect_eq "unknown array: refused before parsing, the count, estimate and limit named" \
  "$T/junk.json: error: the file holds $n values, which would take about $est MB in memory (600 bytes a value); expected at most $mb MB for this county (--memory-limit sets it)" \
  "$(cat "$T/err1")"
check "unknown array: nothing written" test -z "$(find "$T/o1" -name '*.pdf' 2>/dev/null)"
m=$(python3 -c "
import json, sys
i = json.load(open(sys.argv[1]))['inputs'][0]
print(i['status'], i['error_count'], len(i.get('outputs', [])))" "$T/o1/manifest.json" 2>&1)
expect_eq "unknown array: listed as failed, one error, no output" "failed 1 0" "$m"

# the same in XML: 2,000,000 elements with an attribute each (two values)
python3 -c "
import sys
s = open(sys.argv[1], encoding='utf-8').read()
i = s.rindex('</county-report>')
open(sys.argv[2], 'w', encoding='utf-8').write(s[:i] + '<junk>' + '<z a=\"1\"/>' * 2000000 + '</junk>' + s[i:])" \
  "$TOP/samples/xinzheng.xml" "$T/junk.xml"
"$REFORMGEN" -q -o "$T/o2" "$T/junk.xml" 2>"$T/err2"; st=$?
expect_eq "unknown elements (XML): exit 1" 1 $st
expect_match "unknown elements (XML): refused before parsing" \
  "^$T/junk.xml: error: the file holds 40[0-9]{5} values, which would take about 2[0-9]{3} MB in memory \(600 bytes a value\); expected at most [0-9]+ MB for this county \(--memory-limit sets it\)$" \
  "$(cat "$T/err2")"

# a limit of its own: megabytes, or a factor of the file's size
python3 "$TOP/tests/synth_county.py" synth --cadres 2000 > "$T/c2k.json"
"$REFORMGEN" -q --memory-limit=16 -o "$T/o3" "$T/c2k.json" 2>"$T/err3"; st=$?
expect_eq "--memory-limit=16: exit 1" 1 $st
expect_match "--memory-limit=16: the limit in the message" \
  "^$T/c2k.json: error: the file holds [0-9]+ values, .* expected at most 16 MB for this county" "$(cat "$T/err3")"
"$REFORMGEN" -q --memory-limit=1x --check "$T/c2k.json" 2>"$T/err4"; st=$?
expect_eq "--memory-limit=1x: the floor of 512 MB lets a 2,000-cadre county through" 0 $st
"$REFORMGEN" -q --memory-limit=3y -o "$T/o5" "$S" 2>"$T/err5"; st=$?
expect_eq "--memory-limit=3y: a usage error" "2 reformgen: --memory-limit needs megabytes from 16 to 1048576, or a factor from 1x to 100000x, not 3y" \
  "$st $(head -n 1 "$T/err5")"

# a county that takes more than its limit while it is rendered (10,000
# cadres: about 90 MB by the count, more than 100 MB while rendered). Not
# under ASan, whose shadow memory is not bounded.
case $BUILD in *asan*) exit 0 ;; esac
python3 "$TOP/tests/synth_county.py" synth --cadres 10000 > "$T/c10k.json"
"$REFORMGEN" -q --memory-limit=100 -o "$T/o6" "$T/c10k.json" 2>"$T/err6"; st=$?
expect_eq "over the limit while rendering: exit 1" 1 $st
expect_eq "over the limit while rendering: the county and the limit named" \
  "$T/c10k.json: error: out of memory while rendering this county (its limit: 100 MB; --memory-limit sets it)" \
  "$(grep -m1 'out of memory' "$T/err6")"
m=$(python3 -c "
import json, sys
i = json.load(open(sys.argv[1]))['inputs'][0]
print(i['status'], len(i.get('outputs', [])))" "$T/o6/manifest.json" 2>&1)
expect_eq "over the limit while rendering: failed, no document left" "failed 0 0" \
  "$m $(find "$T/o6" -name '*.pdf' | wc -l)"
