# t_merge.sh: a batch spread over three shards (--shard K/3, as three machines
# would run it) and joined with --merge gives the manifest and the roll-up of
# the same batch run at once.
# checks: 13
. "$TOP/tests/lib.sh"
S=$TOP/samples
"$REFORMGEN" -q -o "$T/one" "$S/xinzheng.json" "$S/dongwu.json" "$S/fuyun.json" 2>/dev/null
for k in 1 2 3; do
  "$REFORMGEN" -q --shard $k/3 -o "$T/sh" "$S/xinzheng.json" "$S/dongwu.json" "$S/fuyun.json" 2>/dev/null
done
check "three shard manifests" test -s "$T/sh/manifest-1-of-3.json" -a -s "$T/sh/manifest-2-of-3.json" -a -s "$T/sh/manifest-3-of-3.json"
check "no roll-up from a shard" test ! -e "$T/sh/rollup.pdf"
"$REFORMGEN" -q --merge -o "$T/sh" "$T/sh"/manifest-*-of-3.json 2>"$T/err"
expect_eq "merge exits 0" 0 $?
check "merged roll-up is the one-run roll-up" cmp "$T/one/rollup.pdf" "$T/sh/rollup.pdf"
sums() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(m['summary'], [(i['input'], [o['sha256'] for o in i['outputs']]) for i in m['inputs']])" "$1"; }
expect_eq "merged manifest lists the same inputs and checksums" "$(sums "$T/one/manifest.json")" "$(sums "$T/sh/manifest.json")"
# the same shard twice is refused, naming the input
cp "$T/sh/manifest-1-of-3.json" "$T/again.json"
"$REFORMGEN" -q --merge -o "$T/dup" "$T/sh/manifest-1-of-3.json" "$T/again.json" 2>"$T/err"; st=$?
expect_eq "an input in two manifests: exit 1" 1 $st
expect_match "an input in two manifests: named" "listed by more than one manifest" "$(cat "$T/err")"
echo '{"x": 1}' > "$T/bad.json"
"$REFORMGEN" -q --merge -o "$T/bad" "$T/bad.json" 2>"$T/err"; st=$?
expect_eq "not a manifest: exit 1" 1 $st
expect_match "not a manifest: said so" "bad.json: error: not a reformgen manifest" "$(cat "$T/err")"
# a lone county's run keeps no summary (there is no roll-up to make), so its
# manifest cannot be merged: refused, naming the input
"$REFORMGEN" -q -o "$T/lone" "$TOP/samples/xinzheng.json" 2>/dev/null
has=$(python3 -c "import json,sys; print(sum('summary' in i for i in json.load(open(sys.argv[1]))['inputs']))" "$T/lone/manifest.json")
expect_eq "a lone county's manifest holds no summary" 0 "$has"
"$REFORMGEN" -q --merge -o "$T/lonem" "$T/lone/manifest.json" 2>"$T/err"; st=$?
expect_eq "merging a manifest without summaries: exit 1" 1 $st
expect_match "merging a manifest without summaries: said so" "xinzheng.json has no summary; expected the manifest of a --shard run" "$(cat "$T/err")"
check "merging a manifest without summaries: no roll-up" test ! -e "$T/lonem/rollup.pdf"
