# t_input.sh: the input stages from the command line: `reformgen --check` on
# the samples and on bad input (exit status and diagnostic form), the samples
# in sync with their generator, and a synthetic county in both forms.
# checks: 32
. "$TOP/tests/lib.sh"
cd "$TOP"

out=$("$REFORMGEN" --check samples/xinzheng.json samples/xinzheng.xml samples/dongwu.json \
      samples/dongwu.xml samples/fuyun.json samples/fuyun.xml 2>&1); st=$?
expect_eq input_check_samples_exit 0 "$st"
case $out in *": error:"*) fail input_check_samples_no_errors "$out" ;; *) pass input_check_samples_no_errors ;; esac

cat > "$T/bad.json" <<'JSON'
{"version": 1,
 "county": {"code": "410184", "name": "新郑市", "league_committee": "共青团新郑市委员会"},
 "period": {"year": 2021, "reference_date": "2021-12-31", "report_date": "2022-09-16"},
 "units": [{"id": "c", "name": "团市委", "level": "county"}],
 "cadres": [{"name": "甲", "gender": "女", "birth": "1999-13-01", "political": "中共党员", "unit": "c",
             "post": "书记", "mode": "专职", "establishment": "编制内"},
            {"name": "乙", "gender": "男", "birth": "1995-06-01", "political": "共青团员", "unit": "zz",
             "post": "委员", "mode": "兼职", "establishment": "编制外"}]}
JSON
err=$("$REFORMGEN" --check "$T/bad.json" samples/fuyun.json 2>&1 >/dev/null); st=$?
expect_eq input_check_bad_exit 1 "$st"
expect_match input_check_bad_date_line "^$T/bad.json:/cadres/0/birth: error: '1999-13-01' is not a date; expected YYYY-MM-DD or YYYY-MM$" "$err"
expect_match input_check_bad_ref_line "^$T/bad.json:/cadres/1/unit: error: unit 'zz' does not exist" "$err"
n=$(printf '%s\n' "$err" | grep -c ': error: ')
expect_eq input_check_reports_every_problem 2 "$n"

printf '{"version": 1,\n "county": {"name": "x",,}}\n' > "$T/syntax.json"
err=$("$REFORMGEN" --check "$T/syntax.json" 2>&1); st=$?
expect_eq input_check_syntax_exit 1 "$st"
expect_match input_check_syntax_line_col "^$T/syntax.json:2:25: error: JSON syntax error at ',}}'" "$err"

"$REFORMGEN" --check >/dev/null 2>&1; st=$?
expect_eq input_check_usage_exit 2 "$st"

# the committed samples are what the generator writes
for s in xinzheng dongwu fuyun; do
  python3 tests/synth_county.py sample $s > "$T/$s.json" && python3 tests/synth_county.py to-xml "$T/$s.json" > "$T/$s.xml"
  check "input_sample_${s}_json_in_sync" cmp -s "$T/$s.json" samples/$s.json
  check "input_sample_${s}_xml_in_sync" cmp -s "$T/$s.xml" samples/$s.xml
done

# a synthetic county, both forms valid
python3 tests/synth_county.py synth --cadres 3000 --seed 7 > "$T/synth.json" &&
  python3 tests/synth_county.py to-xml "$T/synth.json" > "$T/synth.xml"
"$REFORMGEN" --check "$T/synth.json" "$T/synth.xml" 2>"$T/synth.err"; st=$?
expect_eq input_synth_3000_valid 0 "$st"
n=$(grep -c '"name"' "$T/synth.json")
[ "$n" -ge 3000 ] && pass input_synth_3000_size || fail input_synth_3000_size "only $n names"

# hostile files are refused, with a clear error and exit status 1
cat > "$T/laughs.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<county-report version="1"><note>&lol9;</note></county-report>
XML
err=$("$REFORMGEN" --check "$T/laughs.xml" 2>&1); st=$?
expect_eq input_billion_laughs_exit 1 "$st"
expect_match input_billion_laughs_refused "laughs.xml:2:1: error: a document type declaration" "$err"

printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<county-report version="1"><note>&x;</note></county-report>\n' > "$T/xxe.xml"
err=$("$REFORMGEN" --check "$T/xxe.xml" 2>&1); st=$?
expect_eq input_external_entity_exit 1 "$st"
case $err in *root:*) fail input_external_entity_not_read "the entity was read" ;; *) pass input_external_entity_not_read ;; esac

python3 -c 'print("{\"a\": " + "[" * 100000 + "]" * 100000 + "}")' > "$T/deep.json"
err=$("$REFORMGEN" --check "$T/deep.json" 2>&1); st=$?
expect_eq input_deep_json_exit 1 "$st"
expect_match input_deep_json_refused "deep.json:1:38: error: nesting deeper than 32 levels" "$err"
python3 -c 'print("<county-report>" + "<a>" * 100000 + "</a>" * 100000 + "</county-report>")' > "$T/deep.xml"
err=$("$REFORMGEN" --check "$T/deep.xml" 2>&1); st=$?
expect_eq input_deep_xml_exit 1 "$st"
expect_match input_deep_xml_refused "deep.xml:1:[0-9]+: error: elements nested deeper than" "$err"

# a batch of synthetic counties (the benchmark's input)
python3 tests/synth_county.py --count 3 --out "$T/batch" --seed 5 --xml >/dev/null
expect_eq input_synth_batch_files "900001.json 900001.xml 900002.json 900002.xml 900003.json 900003.xml" \
  "$(cd "$T/batch" && echo *)"
"$REFORMGEN" --check "$T/batch" 2>"$T/batch.err"; st=$?
expect_eq input_synth_batch_valid 0 "$st"

# Encodings: a declared encoding iconv knows is converted and then refused as not UTF-8,
# one nobody knows is reported as unsupported; neither renders.
iconv -f UTF-8 -t GB18030 samples/xinzheng.xml | sed '1s/UTF-8/GB18030/' > "$T/gb.xml"
err=$("$REFORMGEN" -o "$T/enc" "$T/gb.xml" 2>&1); st=$?
expect_eq input_gb18030_exit 1 "$st"
expect_match input_gb18030_refused "gb.xml:3:[0-9]+: error: invalid UTF-8 byte 0x[0-9A-F]+ .*expected UTF-8 text" "$err"
sed '1s/UTF-8/X-NO-SUCH-CHARSET/' samples/xinzheng.xml > "$T/nocs.xml"
err=$("$REFORMGEN" -o "$T/enc" "$T/nocs.xml" 2>&1); st=$?
expect_eq input_unknown_encoding_exit 1 "$st"
expect_match input_unknown_encoding_refused "nocs.xml:1:[0-9]+: error: Unsupported encoding X-NO-SUCH-CHARSET" "$err"
expect_eq input_encoding_no_pdf 0 "$(find "$T/enc" -name '*.pdf' 2>/dev/null | wc -l)"
