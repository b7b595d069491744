# t_import.sh: `reformgen import` and `reformgen blank` (issue 20). Every
# sample's cadres, units and indicators written as a clerk's GBK CSV files
# (tests/import/county_to_roster.py) import back into a county file that
# renders byte-identical PDFs to the sample's, in the JSON and the XML form;
# a hand-made messy roster gives exactly the expected messages and nothing is
# written; a hand-built XLSX (1904 dates, merged and two-row headers, rich and
# inline strings) reads as expected; the blank workbook filled with openpyxl
# imports and renders like the sample. The LibreOffice round trip is in
# tests/readers/import_lo.sh (make check-readers).
# checks: 20
. "$TOP/tests/lib.sh"
cd "$TOP"
PY=/usr/bin/python3

# same_pdfs NAME DIR_A DIR_B: every PDF of A is in B with the same bytes
same_pdfs() {
  n=0; bad=""
  for f in $(cd "$2" && find . -name '*.pdf' | sort); do
    n=$((n + 1))
    cmp -s "$2/$f" "$3/$f" || bad="$bad $f"
  done
  if [ "$n" -ge 3 ] && [ -z "$bad" ]; then pass "$1"; else fail "$1" "$n PDFs, differing:${bad:- none (too few PDFs)}"; fi
}

# 1-3: GBK CSV round trip of every sample (dongwu tab-separated)
for c in xinzheng dongwu fuyun; do
  d="$T/$c"; mkdir -p "$d"
  tab=""; [ $c = dongwu ] && tab=--tab
  python3 tests/import/county_to_roster.py samples/$c.json "$d" --encoding gbk $tab
  "$REFORMGEN" -q -o "$d/want" samples/$c.json
  if "$REFORMGEN" import -o "$d/rest.json" "$d/roster.csv" "$d/units.csv" "$d/indicators.csv" 2>"$d/err" &&
     "$REFORMGEN" -q -o "$d/got" "$d/rest.json"; then
    same_pdfs import_gbk_csv_round_trip_$c "$d/want" "$d/got"
  else
    fail import_gbk_csv_round_trip_$c "$(head -3 "$d/err")"
  fi
done

# 4: the XML form of the county file is updated in place the same way
d="$T/xinzheng"
python3 tests/import/county_to_roster.py samples/xinzheng.json "$d"
python3 tests/synth_county.py to-xml "$d/rest.json" > "$d/rest.xml"
if "$REFORMGEN" import -o "$d/rest.xml" "$d/roster.csv" "$d/units.csv" "$d/indicators.csv" 2>"$d/err" &&
   "$REFORMGEN" -q -o "$d/gotxml" "$d/rest.xml"; then
  same_pdfs import_xml_county_round_trip "$d/want" "$d/gotxml"
else
  fail import_xml_county_round_trip "$(head -3 "$d/err")"
fi

# 5-7: the messy roster: exactly the expected messages, exit 1, nothing written
mkdir -p "$T/messy"
cp tests/import/messy.csv "$T/messy/"
cp samples/xinzheng.json "$T/messy/county.json"
err=$(cd "$T/messy" && "$REFORMGEN" import -o county.json messy.csv 2>&1); st=$?
expect_eq import_messy_messages "$(cat tests/import/messy.expected)" "$err"
expect_eq import_messy_exit 1 "$st"
if cmp -s samples/xinzheng.json "$T/messy/county.json" && [ "$(ls "$T/messy" | wc -l)" -eq 2 ]; then
  pass import_messy_nothing_written
else
  fail import_messy_nothing_written "county.json changed or a file was left: $(ls "$T/messy")"
fi

# 8: a hand-built XLSX: 1904 dates, merged title and two-row headers with
# tick columns, a merged unit cell, rich, phonetic and inline strings, booleans
python3 tests/import/make_xlsx.py "$T/features.xlsx" > "$T/features.want"
cp samples/xinzheng.json "$T/features.json"
"$REFORMGEN" import -o "$T/features.json" "$T/features.xlsx" 2>"$T/features.err"
got=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["cadres"], ensure_ascii=False, sort_keys=True))' \
      "$T/features.json" 2>&1)
expect_eq import_xlsx_features "$(cat "$T/features.want")" "$got"

# 9-10: identical messages collapse with their rows; after 100 lines "…and N more"
{
  echo "姓名,性别,出生年月,政治面貌,单位,职务,任职方式,编制"
  i=1; while [ $i -le 120 ]; do echo "人$i,M,2001.$((i + 12)),团员,新建路街道团工委,委员,兼职,编制外"; i=$((i + 1)); done
} > "$T/many.csv"
cp samples/xinzheng.json "$T/many.json"
err=$(cd "$T" && "$REFORMGEN" import -o many.json many.csv 2>&1)
expect_match import_collapsed_with_rows "^many.csv:2:性别: error: found 'M'; expected 男 or 女 \(120 times, rows 2, 3, 4, 5, 6 …\)$" "$err"
expect_match import_and_n_more "^…and 21 more$" "$err"

# 11-12: blank is the same bytes every time; filled with openpyxl it imports and renders like the sample
"$REFORMGEN" blank -o "$T/blank1.xlsx"; sleep 1; "$REFORMGEN" blank -o "$T/blank2.xlsx"
check import_blank_reproducible cmp "$T/blank1.xlsx" "$T/blank2.xlsx"
if ! $PY -c 'import openpyxl' 2>/dev/null; then
  echo "SKIP import_blank_openpyxl_round_trip: /usr/bin/python3 has no openpyxl (make deps installs python3-openpyxl)"
else
  d="$T/dongwu"
  mkdir -p "$d/b"
  python3 tests/import/county_to_roster.py samples/dongwu.json "$d/b"
  $PY tests/import/fill_blank.py "$T/blank1.xlsx" samples/dongwu.json "$d/filled.xlsx"
  if "$REFORMGEN" import -o "$d/b/rest.json" "$d/filled.xlsx" 2>"$d/berr" && "$REFORMGEN" -q -o "$d/bgot" "$d/b/rest.json"; then
    same_pdfs import_blank_openpyxl_round_trip "$d/want" "$d/bgot"
  else
    fail import_blank_openpyxl_round_trip "$(head -3 "$d/berr")"
  fi
fi

# 13: a mapping file names other headers
printf '# our office headers\n出生时间 = cadre.birth\n所属团组织 = cadre.unit\n办公电话 = ignore\n' > "$T/map.txt"
printf '姓名,性别,出生时间,政治面貌,所属团组织,职务,任职方式,编制,办公电话\n甲,女,1999.07,团员,新建路街道团工委,委员,兼职,编制外,123\n' > "$T/mapped.csv"
"$REFORMGEN" import --map "$T/map.txt" -o "$T/mapped.json" "$T/mapped.csv" 2>"$T/maperr"
got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(d), d["cadres"][0]["birth"], d["cadres"][0]["unit"])' "$T/mapped.json" 2>&1)
expect_eq import_map_file "['cadres', 'units', 'version'] 1999-07 new001" "$got"

# 14: a new county file from a roster, units and indicators holds just those
d="$T/fuyun"
"$REFORMGEN" import -o "$d/new.xml" "$d/roster.csv" "$d/units.csv" "$d/indicators.csv" 2>/dev/null
got=$(python3 -c 'import sys, xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); print(r.tag, r.get("version"), [c.tag for c in r], len(r.find("cadres")))' "$d/new.xml" 2>&1)
expect_eq import_new_county_file "county-report 1 ['indicators', 'units', 'cadres'] 342" "$got"

# 15-16: `import` is a subcommand only in first position; it needs -o
mkdir -p "$T/cwd/import"
cp samples/fuyun.json "$T/cwd/import/"
(cd "$T/cwd" && "$REFORMGEN" -q --check ./import) >/dev/null 2>&1
expect_eq import_folder_named_import_still_read 0 "$?"
"$REFORMGEN" import "$T/many.csv" >/dev/null 2>&1
expect_eq import_without_output_usage 2 "$?"

# 17-18: a unit name two units share is an error naming both; a 单位编码 column settles it
python3 - "$T/twins.json" <<'PY'
import json, sys
d = json.load(open("samples/xinzheng.json", encoding="utf-8"))
names = {u["id"]: u for u in d["units"]}
names["t02"]["name"] = names["t01"]["name"]
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
printf '姓名,性别,出生年月,政治面貌,单位,职务,任职方式,编制\n甲,女,1999.07,团员,新建路街道团工委,委员,兼职,编制外\n' > "$T/twins.csv"
err=$(cd "$T" && "$REFORMGEN" import -o twins.json twins.csv 2>&1)
expect_eq import_shared_unit_name_error "twins.csv:2:单位: error: found '新建路街道团工委', the name of 2 units (t01, t02); expected a name only one unit has, or a 单位编码 column
reformgen import: 1 error; twins.json not written" "$err"
printf '姓名,性别,出生年月,政治面貌,单位,单位编码,职务,任职方式,编制\n甲,女,1999.07,团员,新建路街道团工委,t02,委员,兼职,编制外\n' > "$T/twins2.csv"
"$REFORMGEN" import -o "$T/twins.json" "$T/twins2.csv" 2>/dev/null
got=$(python3 -c 'import json,sys; print([c["unit"] for c in json.load(open(sys.argv[1]))["cadres"]])' "$T/twins.json" 2>&1)
expect_eq import_unit_code_column "['t02']" "$got"

# 19: UTF-16 with a byte-order mark, tab-separated (Excel's "Unicode text")
printf '姓名\t性别\t出生年月\t政治面貌\t单位\t职务\t任职方式\t编制\r\n乙\t男\t1998年10月\t党员\t新建路街道团工委\t委员\t专\t在编\r\n' |
  python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + sys.stdin.read().encode("utf-16-le"))' > "$T/utf16.txt"
cp samples/xinzheng.json "$T/utf16.json"
"$REFORMGEN" import -o "$T/utf16.json" "$T/utf16.txt" 2>"$T/utf16.err"
got=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["cadres"]; print(len(c), c[0]["name"], c[0]["birth"], c[0]["political"], c[0]["mode"], c[0]["establishment"])' "$T/utf16.json" 2>&1)
expect_eq import_utf16_tab_text "1 乙 1998-10 中共党员 专职 编制内" "$got"

# 20: a workbook part with a DTD (entity expansion) is refused, nothing written
python3 - "$T/features.xlsx" "$T/dtd.xlsx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as a, zipfile.ZipFile(sys.argv[2], "w") as b:
    for n in a.namelist():
        t = a.read(n)
        if n == "xl/sharedStrings.xml":
            t = t.replace(b"?>\n", b'?>\n<!DOCTYPE sst [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n', 1)
        b.writestr(n, t)
PY
err=$(cd "$T" && "$REFORMGEN" import -o dtd.json dtd.xlsx 2>&1)
expect_eq import_xlsx_dtd_refused "dtd.xlsx: error: part xl/sharedStrings.xml has a DTD; expected an XLSX workbook without one
reformgen import: 1 error; dtd.json not written" "$err"
