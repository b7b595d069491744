#!/bin/sh
# PNG images decoded by libpng (generator/pngimage.c): malformed files made
# here (chunks with correct CRCs) are refused with the image named, exit 1,
# no crash and no PDF for that county, while the other county of the batch is
# written; grey, palette, 16-bit and alpha images render with the pixels they
# hold (extracted by pdfimages, compared with what tests/png/mkpng.py encoded).
# checks: 32
. "$TOP/tests/lib.sh"
python3 "$TOP/tests/png/mkpng.py" "$T" || exit 1
tpl() {
  cat > "$T/$1.xml" <<EOT
<?xml version="1.0" encoding="UTF-8"?>
<document kind="report" paper="A4" title="{county/name}" font="song" size="16">
  <title>{county/name}</title>
$2
</document>
EOT
}
# one county's image is broken (410184), the other's is good (152525)
tpl img '  <image src="{county/code}.png" width="20mm"/>'
for case in dup_plte plte_after_idat idat_split unknown_critical plte_in_grey bad_trns; do
  case $case in
    dup_plte) why="PLTE: duplicate" ;;
    plte_after_idat) why="PLTE: out of place" ;;
    idat_split) why="Not enough image data" ;;
    unknown_critical) why="QQQQ: unhandled critical chunk" ;;
    plte_in_grey) why="PLTE: ignored in grayscale PNG" ;;
    bad_trns) why="tRNS: invalid" ;;
  esac
  cp "$T/$case.png" "$T/410184.png"
  cp "$T/good_rgb.png" "$T/152525.png"
  rm -rf "$T/out"
  err=$(cd "$T" && "$REFORMGEN" -j 2 -t "$T/img.xml" -o "$T/out" "$TOP/samples/xinzheng.json" "$TOP/samples/dongwu.json" 2>&1); st=$?
  expect_eq "png $case: exit status 1 (no crash)" 1 "$st"
  expect_match "png $case: the error names the image and the fault" ": error: image 410184\.png: $why" "$err"
  expect_eq "png $case: no PDF for that county" "" "$(find "$T/out" -path '*410184*' -name '*.pdf' 2>/dev/null)"
  check "png $case: the other county is written" pdfinfo "$T"/out/152525-*/img.pdf
done
# a single input with a broken image: exit 1, nothing written
cp "$T/dup_plte.png" "$T/410184.png"
(cd "$T" && "$REFORMGEN" -t "$T/img.xml" -o "$T/one" "$TOP/samples/xinzheng.json" >/dev/null 2>&1); st=$?
expect_eq "png broken image, one input: exit status 1" 1 "$st"
expect_eq "png broken image, one input: no PDF" "" "$(find "$T/one" -name '*.pdf' 2>/dev/null)"

# every good kind, drawn in this order, extracted and compared pixel by pixel
tpl good '  <image src="good_grey.png" width="20mm"/>
  <image src="good_palette.png" width="20mm"/>
  <image src="good_16bit.png" width="20mm"/>
  <image src="good_alpha.png" width="20mm"/>
  <image src="good_rgb.png" width="20mm"/>'
(cd "$T" && "$REFORMGEN" -t "$T/good.xml" -o "$T/good" "$TOP/samples/dongwu.json" >/dev/null 2>&1); st=$?
expect_eq "png good images render" 0 "$st"
mkdir -p "$T/img"
pdfimages -png "$T"/good/152525-*/good.pdf "$T/img/img" 2>/dev/null
res=$(python3 "$TOP/tests/png/compare.py" "$T/img" good_grey good_palette good_16bit good_alpha good_rgb 2>&1)
for name in good_grey good_palette good_16bit good_alpha good_rgb; do
  line=$(printf '%s\n' "$res" | grep -E "^(ok|bad) $name(:|$)")
  expect_eq "png $name: the PDF holds the decoded pixels" "ok $name" "${line:-$res}"
done
