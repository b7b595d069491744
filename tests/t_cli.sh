# t_cli.sh: the command line: options, exit statuses, error messages, and the
# first PDF (fonts embedded, text extractable, structurally valid, reproducible).
# checks: 58
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli

out=$("$REFORMGEN" --version); st=$?
expect_match "version" '^reformgen [0-9]+\.[0-9]+\.[0-9]+$' "$out"
expect_eq "version exit" 0 $st
out=$("$REFORMGEN" --help); st=$?
expect_match "help usage" '^Usage: reformgen' "$out"
expect_eq "help exit" 0 $st

err=$("$REFORMGEN" --no-such-option x.json 2>&1 >/dev/null); st=$?
expect_eq "unknown option exit" 2 $st
expect_match "unknown option names it" "unknown option: --no-such-option" "$err"
expect_match "unknown option hint" "Try 'reformgen --help'" "$err"
err=$("$REFORMGEN" 2>&1); st=$?
expect_eq "no input exit" 2 $st
err=$("$REFORMGEN" -j zero x.json 2>&1); st=$?
expect_eq "bad -j exit" 2 $st

err=$("$REFORMGEN" -o "$T/o1" "$T/missing.json" 2>&1); st=$?
expect_eq "missing input exit" 1 $st
expect_match "missing input named" "missing.json: error: cannot read input" "$err"
expect_eq "missing input: one error line" 1 "$(printf '%s\n' "$err" | grep -c "error")"
[ "$(printf '%s\n' "$err" | grep -c "error")" = 1 ] || printf '%s\n' "$err" | sed 's/^/    /'  

# an output folder that cannot be written: one line naming it, status 1, no PDF
mkdir -p "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" -eq 0 ]; then
  # root writes anywhere: use a path under a regular file instead
  : > "$T/file"; ro="$T/file/sub"
else
  ro="$T/ro/sub"
fi
err=$("$REFORMGEN" -t "$C/hello.xml" -o "$ro" "$C/min.json" 2>&1); st=$?
expect_eq "unwritable output exit" 1 $st
expect_match "unwritable output named" "$ro: error: cannot create output folder" "$err"
check "unwritable output: no pdf" test -z "$(find "$T" -name '*.pdf' 2>/dev/null)"

# the first PDF
"$REFORMGEN" -q -t "$C/hello.xml" -o "$T/a" "$C/min.json" 2>"$T/err.txt"; st=$?
expect_eq "render exit" 0 $st
pdf="$T/a/410184-新郑市/hello.pdf"
check "render wrote the pdf" test -s "$pdf"
if [ -s "$pdf" ]; then
  fonts=$(pdffonts "$pdf" 2>/dev/null | tail -n +3)
  check "pdffonts lists fonts" test -n "$fonts"
  expect_eq "every font embedded" "" "$(printf '%s\n' "$fonts" | awk 'NF && $(NF-4) != "yes"')"
  text=$(pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | tr -d ' \n\f')
  expect_match "title text back" "新郑市" "$text"
  expect_match "paragraph text back" "县域共青团基层组织改革试点工作开展以来，团市委机关专、挂、兼职干部及其他工作力量总数达17人。" "$text"
  expect_match "placeholder text back" "2021年度评估由共青团新郑市委员会组织。" "$text"
  check "qpdf --check" qpdf --check "$pdf"
  # reproducible: the same input twice, and the XML form, give the same bytes
  "$REFORMGEN" -q -t "$C/hello.xml" -o "$T/b" "$C/min.json" 2>/dev/null
  check "same input, same bytes" cmp "$pdf" "$T/b/410184-新郑市/hello.pdf"
  "$REFORMGEN" -q -t "$C/hello.xml" -o "$T/c" "$C/min.xml" 2>/dev/null
  check "xml form, same bytes" cmp "$pdf" "$T/c/410184-新郑市/hello.pdf"
  expect_match "creation date from the data" "2022" "$(pdfinfo "$pdf" 2>/dev/null | grep CreationDate)"
  check "no temporary files left" test -z "$(find "$T/a" -name '.*tmp*')"
  check "manifest written" test -s "$T/a/manifest.json"
fi

# -q prints errors only: no notes, no warnings, no file list
"$REFORMGEN" -q -o "$T/q" "$TOP/samples/xinzheng.json" > "$T/q.out" 2> "$T/q.err"
expect_eq "quiet: nothing on standard output" "" "$(cat "$T/q.out")"
expect_eq "quiet: nothing on standard error" "" "$(cat "$T/q.err")"
"$REFORMGEN" -o "$T/nq" "$TOP/samples/xinzheng.json" > "$T/nq.out" 2> "$T/nq.err"
expect_match "not quiet: warnings and notes are shown" "warning: |note: " "$(cat "$T/nq.err")"

# --check shows warnings (and is quiet only with -q)
w=$("$REFORMGEN" --check "$TOP/samples/xinzheng.json" 2>&1); st=$?
expect_eq "check: valid sample exits 0" 0 $st
expect_match "check: warnings shown" "xinzheng.json:/cadres: warning: " "$w"
expect_eq "check -q: silent" "" "$("$REFORMGEN" -q --check "$TOP/samples/xinzheng.json" 2>&1)"

# --sync: every file written (three PDFs and the manifest) is flushed before its
# rename; without it none is, and the PDFs are the same bytes either way
# (strace -f splits a call that another process interrupts into "fsync(5
# <unfinished ...>" and "<... fsync resumed>) = 0": calls are counted by their
# first line, failures by their result)
strace -f -o "$T/sync.trace" -e trace=fsync "$REFORMGEN" -q --sync -o "$T/sync" "$TOP/samples/xinzheng.json" >/dev/null 2>&1
n=$(grep -c 'fsync(' "$T/sync.trace")
expect_eq "--sync flushes each of the 4 files" 4 "$n"
expect_eq "--sync: every flush succeeds" 0 "$(grep -c '= -1' "$T/sync.trace")"
n=$(strace -f -e trace=fsync "$REFORMGEN" -q -o "$T/nosync" "$TOP/samples/xinzheng.json" 2>&1 >/dev/null | grep -c 'fsync(')
expect_eq "without --sync nothing is flushed" 0 "$n"
same=1
for f in "$T"/sync/*/*.pdf; do cmp -s "$f" "$T/nosync/${f#"$T"/sync/}" || same=0; done
expect_eq "--sync writes the same PDFs" 1 "$same"

# -o FILE.pdf: one input and one template, written to exactly that file, the
# same bytes as in an output folder, with no manifest unless asked for
mkdir -p "$T/one"
"$REFORMGEN" -q -t report -o "$T/one/r.pdf" "$TOP/samples/xinzheng.json"; st=$?
expect_eq "-o FILE.pdf: exit 0" 0 $st
expect_eq "-o FILE.pdf: only that file" "r.pdf" "$(ls -A "$T/one" | tr '\n' ' ' | sed 's/ $//')"
"$REFORMGEN" -q -t report --flat -o "$T/onedir" "$TOP/samples/xinzheng.json"
check "-o FILE.pdf: the bytes of the folder's report" cmp "$T/one/r.pdf" "$T/onedir/410184-新郑市-report.pdf"
(cd "$T/one" && "$REFORMGEN" -q -t report -o here.PDF --dump-tree "$TOP/samples/xinzheng.json"); st=$?
expect_eq "-o FILE.PDF in the current folder, with its tree dump" "0 here.PDF here.tree.txt" \
  "$st $(cd "$T/one" && ls here.* | tr '\n' ' ' | sed 's/ $//')"
"$REFORMGEN" -q -t report -o "$T/one/m.pdf" --manifest "$T/one/m.json" "$TOP/samples/xinzheng.json"
expect_match "-o FILE.pdf --manifest: the manifest names the file" "\"path\":[[:space:]]*\"$T/one/m.pdf\"" "$(cat "$T/one/m.json")"
"$REFORMGEN" -q -t report -o "$T/one/new/sub/n.pdf" "$TOP/samples/xinzheng.json"
check "-o FILE.pdf: missing folders are made" test -s "$T/one/new/sub/n.pdf"
e=$("$REFORMGEN" -q -o "$T/one/x.pdf" "$TOP/samples/xinzheng.json" 2>&1); st=$?
expect_eq "-o FILE.pdf without -t: usage error" 2 $st
expect_match "-o FILE.pdf without -t: said" "writes one document: choose its template with one -t NAME" "$e"
e=$("$REFORMGEN" -q -t report -o "$T/one/x.pdf" "$TOP/samples/xinzheng.json" "$TOP/samples/fuyun.json" 2>&1); st=$?
expect_eq "-o FILE.pdf with two inputs: usage error" 2 $st
expect_match "-o FILE.pdf with two inputs: said" "give one input, not 2" "$e"
e=$("$REFORMGEN" -q -t report --shard 1/2 -o "$T/one/x.pdf" "$TOP/samples/xinzheng.json" 2>&1); st=$?
expect_eq "-o FILE.pdf with --shard: usage error" 2 $st
e=$("$REFORMGEN" -q -t rollup -o "$T/one/x.pdf" "$TOP/samples/xinzheng.json" 2>&1); st=$?
expect_eq "-o FILE.pdf with a roll-up template: exit 1" 1 $st
expect_match "-o FILE.pdf with a roll-up template: said" "template rollup is a roll-up, which needs a batch" "$e"
printf '{"version": 1, "county": {' > "$T/bad.json"
e=$("$REFORMGEN" -q -t report -o "$T/one/bad.pdf" "$T/bad.json" 2>&1); st=$?
expect_eq "-o FILE.pdf with bad input: exit 1" 1 $st
check "-o FILE.pdf with bad input: nothing written" test ! -e "$T/one/bad.pdf"
expect_eq "-o FILE.pdf: no file left over" "" "$(ls -A "$T/one" | grep -v -e '^r.pdf$' -e '^here' -e '^m\.' -e '^new$')"

# a folder with no county file in it is an error that says so
mkdir -p "$T/empty" "$T/csvonly"; : > "$T/csvonly/roster.csv"
err=$("$REFORMGEN" -q -o "$T/eo" "$T/empty" 2>&1); st=$?
expect_eq "empty input folder: exit 1" 1 $st
expect_match "empty input folder: said" "^$T/empty: error: no county files in this folder" "$err"
err=$("$REFORMGEN" -q -o "$T/eo" "$T/csvonly" 2>&1); st=$?
expect_eq "folder with only a CSV: exit 1" 1 $st
expect_match "folder with only a CSV: said" "^$T/csvonly: error: no county files in this folder; expected .json or .xml files" "$err"
