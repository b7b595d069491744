# import_lo.sh: the XLSX reader against LibreOffice's writer (issue 20). Each
# sample's roster, units and indicators are written as CSV files
# (tests/import/county_to_roster.py), made into XLSX workbooks by LibreOffice
# Calc (the 身份证号 and 联系电话 columns as text, as the blank workbook has
# them; full dates become date serials, 1995.03 number cells, 19950312 an
# eight-digit number), imported, and the county file rendered: the PDFs must
# be byte-identical to the sample's. Slow (LibreOffice starts in about 20 s):
# run by make check-readers, not make check.
# checks: 3
. "$TOP/tests/lib.sh"
cd "$TOP"
SOFFICE=$(command -v soffice || command -v libreoffice)
if [ -z "$SOFFICE" ]; then
  for c in xinzheng dongwu fuyun; do
    echo "SKIP import_lo_round_trip_$c: no LibreOffice (READERS=1 sh tests/deps.sh installs libreoffice-calc-nogui)"
  done
  exit 0
fi
mkdir -p "$T/csv" "$T/xlsx"
for c in xinzheng dongwu fuyun; do
  mkdir -p "$T/$c"
  python3 tests/import/county_to_roster.py samples/$c.json "$T/$c" --encoding utf-8 --number-cells
  for f in roster units indicators; do cp "$T/$c/$f.csv" "$T/csv/$c-$f.csv"; done
done
# comma-separated, double quotes, UTF-8 (76), from line 1; columns 17 and 18 of the roster as text (2)
(cd "$T/csv" && "$SOFFICE" --headless "-env:UserInstallation=file://$T/profile" \
   --infilter="CSV:44,34,76,1,17/2/18/2" --convert-to xlsx --outdir "$T/xlsx" ./*.csv) >"$T/lo.log" 2>&1
for c in xinzheng dongwu fuyun; do
  d="$T/$c"
  if [ ! -s "$T/xlsx/$c-roster.xlsx" ]; then fail import_lo_round_trip_$c "LibreOffice wrote no workbook: $(tail -3 "$T/lo.log")"; continue; fi
  "$REFORMGEN" -q -o "$d/want" samples/$c.json
  if "$REFORMGEN" import -o "$d/rest.json" "$T/xlsx/$c-roster.xlsx" "$T/xlsx/$c-units.xlsx" \
       "$T/xlsx/$c-indicators.xlsx" 2>"$d/err" && "$REFORMGEN" -q -o "$d/got" "$d/rest.json"; then
    n=0; bad=""
    for f in $(cd "$d/want" && find . -name '*.pdf' | sort); do
      n=$((n + 1)); cmp -s "$d/want/$f" "$d/got/$f" || bad="$bad $f"
    done
    if [ "$n" -ge 3 ] && [ -z "$bad" ]; then pass import_lo_round_trip_$c; else fail import_lo_round_trip_$c "$n PDFs, differing:${bad:- none}"; fi
  else
    fail import_lo_round_trip_$c "$(head -3 "$d/err")"
  fi
done
