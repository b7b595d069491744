# t_hostile.sh: input made by someone hostile or careless. Symbolic links in
# an input folder (to /etc/passwd, /etc/shadow, a named pipe) are refused
# without being read and nothing of what they point to reaches standard error
# or the manifest; a link named on the command line is read. A named pipe as
# the input, as a font file, as fonts.conf, as a template and as a template
# include is refused at once (each run under timeout 10). A county output
# folder that is a link to elsewhere is refused and nothing is written
# through it. Control characters (an ESC sequence) in a file name are shown
# escaped, never raw; a bidi override (U+202E) in a county name stays out of
# the output folder's name. Upper-case .JSON and .XML files in a folder are
# read. Every file is made here.
# checks: 36
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli
H=$C/hello.xml
ESC=$(printf '\033')

# --- links in an input folder -----------------------------------------------------
mkdir -p "$T/in"
cp "$C/min.json" "$T/in/good.json"
ln -s /etc/passwd "$T/in/pw.json"
ln -s /etc/shadow "$T/in/sh.json"
mkfifo "$T/fifo"
ln -s "$T/fifo" "$T/in/pipe-link.json"   # followed, the run would wait forever
timeout 10 "$REFORMGEN" -q -t "$H" -o "$T/o" "$T/in" >/dev/null 2>"$T/err"; st=$?
expect_eq "hostile: links in a folder: exit 1 (not a timeout)" 1 $st
expect_match "hostile: link to /etc/passwd refused, said" \
  "^$T/in/pw.json: error: a symbolic link, not followed in a folder; name the file itself on the command line to read it$" "$(cat "$T/err")"
expect_match "hostile: link to /etc/shadow refused, said" "^$T/in/sh.json: error: a symbolic link, not followed" "$(cat "$T/err")"
expect_match "hostile: link to a named pipe refused, said" "^$T/in/pipe-link.json: error: a symbolic link, not followed" "$(cat "$T/err")"
check "hostile: nothing of /etc/passwd or /etc/shadow on standard error" sh -c "! grep -q 'root:' '$T/err'"
check "hostile: nothing of them in the manifest" sh -c "! grep -q 'root:' '$T/o/manifest.json'"
check "hostile: the regular county file beside them written" test -s "$T/o/410184-新郑市/hello.pdf"
# named on the command line, a link is the user's choice: read
ln -s "$C/min.json" "$T/named.json"
timeout 10 "$REFORMGEN" -q -t "$H" -o "$T/o2" "$T/named.json" >/dev/null 2>"$T/err"; st=$?
expect_eq "hostile: a link named on the command line is read" "0 yes" "$st $(test -s "$T/o2/410184-新郑市/hello.pdf" && echo yes)"

# --- named pipes wherever a file is read ------------------------------------------
mkfifo "$T/county.json"
err=$(timeout 10 "$REFORMGEN" --check "$T/county.json" 2>&1); st=$?
expect_eq "hostile: a pipe as the input: exit 1 at once" 1 $st
expect_match "hostile: a pipe as the input: said" \
  "^$T/county.json: error: not a regular file \(a named pipe\); expected a county file" "$err"

mkfifo "$T/font.ttf"
sed -e "s|^song .*gbsn00lp.ttf.*|song $T/font.ttf 0|" "$TOP/fonts/fonts.conf" > "$T/fonts-pipe.conf"
# (a font that cannot be used is skipped with a warning: the next song font serves)
err=$(timeout 10 "$REFORMGEN" -t "$H" --fonts="$T/fonts-pipe.conf" -o "$T/of" "$C/min.json" 2>&1); st=$?
expect_eq "hostile: a pipe as a font file: skipped at once, exit 0" 0 $st
expect_match "hostile: a pipe as a font file: named" "fonts-pipe.conf:[0-9]+: warning: .*$T/font.ttf.*not a regular file; font skipped" "$err"

mkfifo "$T/fonts.conf"
err=$(timeout 10 "$REFORMGEN" -q -t "$H" --fonts="$T/fonts.conf" -o "$T/oc" "$C/min.json" 2>&1); st=$?
expect_eq "hostile: a pipe as fonts.conf: exit 1 at once" 1 $st
expect_match "hostile: a pipe as fonts.conf: said" "^$T/fonts.conf: error: not a regular file \(a named pipe\); expected a font configuration" "$err"

mkdir -p "$T/tpl"
mkfifo "$T/tpl/part.xml"
sed -e 's|<title>{county/name}</title>|<title>{county/name}</title><include href="part.xml"/>|' "$H" > "$T/tpl/inc.xml"
err=$(timeout 10 "$REFORMGEN" -q -t "$T/tpl/inc.xml" -o "$T/oi" "$C/min.json" 2>&1); st=$?
expect_eq "hostile: a pipe as a template include: exit 1 at once" 1 $st
expect_match "hostile: a pipe as a template include: said" "inc.xml:[0-9]+: error: cannot read included template .*part.xml" "$err"

mkfifo "$T/tpl/pipe.xml"
err=$(timeout 10 "$REFORMGEN" -q -t "$T/tpl/pipe.xml" -o "$T/ot" "$C/min.json" 2>&1); st=$?
expect_eq "hostile: a pipe as a template: exit 1 at once" 1 $st
expect_match "hostile: a pipe as a template: said" "pipe.xml: error: not a regular file \(a named pipe\); expected a template" "$err"

# a pipe in a folder, upper-case suffix: reported at once like the others
mkdir -p "$T/pf"; cp "$C/min.json" "$T/pf/a.json"; mkfifo "$T/pf/B.JSON"
err=$(timeout 10 "$REFORMGEN" -q -t "$H" -o "$T/op" "$T/pf" 2>&1); st=$?
expect_eq "hostile: a pipe named .JSON in a folder: exit 1 at once" 1 $st
expect_match "hostile: a pipe named .JSON in a folder: said" "B.JSON: error: not a regular file \(a named pipe\)" "$err"

# --- a county output folder that is a link to elsewhere -----------------------------
mkdir -p "$T/out" "$T/elsewhere"
ln -s "$T/elsewhere" "$T/out/410184-新郑市"
err=$(timeout 30 "$REFORMGEN" -q -t "$H" -o "$T/out" "$C/min.json" 2>&1); st=$?
expect_eq "hostile: county folder a link: exit 1" 1 $st
expect_match "hostile: county folder a link: said" \
  "min.json: error: cannot create output folder $T/out/410184-新郑市: Too many levels of symbolic links" "$err"
expect_eq "hostile: county folder a link: nothing written through it" "" "$(ls -A "$T/elsewhere")"
check "hostile: county folder a link: the link left as it was" test -L "$T/out/410184-新郑市"
r=$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(m["summary"]["failed"], sum(len(i["outputs"]) for i in m["inputs"]))' "$T/out/manifest.json")
expect_eq "hostile: county folder a link: the manifest lists it failed, no output" "1 0" "$r"
# --flat writes into the output folder itself: a link there under a PDF's name
# is replaced, never written through
mkdir -p "$T/flat"; : > "$T/victim"
ln -s "$T/victim" "$T/flat/410184-新郑市-hello.pdf"
"$REFORMGEN" -q --flat -t "$H" -o "$T/flat" "$C/min.json" 2>/dev/null; st=$?
expect_eq "hostile: --flat, the PDF's name a link: written" 0 $st
expect_eq "hostile: --flat: the link's target untouched, the link replaced by the PDF" "0 no" \
  "$(stat -c %s "$T/victim") $(test -L "$T/flat/410184-新郑市-hello.pdf" && echo yes || echo no)"

# --- control and bidi characters ------------------------------------------------------
mkdir -p "$T/esc"
printf '{"county": ' > "$T/esc/${ESC}[31mred.json"
err=$("$REFORMGEN" --check "$T/esc" 2>&1); st=$?
expect_eq "hostile: ESC in a file name: exit 1" 1 $st
check "hostile: ESC in a file name: no raw ESC on standard error" sh -c "! printf '%s' \"\$1\" | grep -q '$ESC'" sh "$err"
expect_match "hostile: ESC in a file name: shown escaped" '\\x1B\[31mred.json' "$err"
err=$("$REFORMGEN" --check "$T/esc/${ESC}]0;title${ESC}\\.json" 2>&1); st=$?
expect_eq "hostile: ESC in a missing file's name: no raw ESC" "1 0" "$st $(printf '%s' "$err" | grep -c "$ESC")"

# U+202E (RIGHT-TO-LEFT OVERRIDE) and U+200B in a county name: kept out of the folder name
python3 - "$C/min.json" "$T/bidi.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["county"]["name"] = "新\u202e郑\u200b市"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$REFORMGEN" -q -t "$H" -o "$T/ob" "$T/bidi.json" 2>/dev/null; st=$?
expect_eq "hostile: bidi override in a county name: exit 0" 0 $st
expect_eq "hostile: bidi override kept out of the folder name" "410184-新郑市" "$(ls "$T/ob" | grep -v manifest)"
err=$(printf '%s' "$(ls "$T/ob")" | python3 -c 'import sys; print(any(0x200b <= ord(c) <= 0x202e for c in sys.stdin.read()))')
expect_eq "hostile: no invisible format character in any output name" False "$err"

# --- upper-case suffixes in a folder --------------------------------------------------
mkdir -p "$T/up"
sed -e 's/410184/410185/' "$C/min.json" > "$T/up/A.JSON"
sed -e 's/410184/410186/' "$C/min.xml" > "$T/up/B.Xml"
"$REFORMGEN" -q -t "$H" -o "$T/ou" "$T/up" 2>"$T/err"; st=$?
expect_eq "hostile: .JSON and .Xml in a folder: exit 0" 0 $st
expect_eq "hostile: .JSON and .Xml in a folder: both read" "2" "$(find "$T/ou" -name hello.pdf | wc -l)"
