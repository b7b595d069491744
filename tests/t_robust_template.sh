# t_robust_template.sh: template faults through the command line
# (tests/robust/templates): an XPath that does not compile, an unknown element,
# an include cycle, nesting beyond the bound, an entity bomb, an external
# entity, an expression that runs away and loops whose output explodes on a
# real county (the operation budget, or the bound on the expanded tree, within
# seconds). Each: exit status 1, a TEMPLATE:LINE: error: line saying what and
# which bound (and, for a bound met while expanding, the document and the
# county), nothing written.
# checks: 38
. "$TOP/tests/lib.sh"
R=$TOP/tests/robust/templates
mkdir -p "$T/in"
cp "$TOP/samples/xinzheng.json" "$TOP/tests/cli/min.json" "$T/in/"
sed -e 's/410184/410185/' "$TOP/tests/cli/min.json" > "$T/in/min2.json"

# fault NAME TEMPLATE REGEX [INPUT]: render the inputs (or INPUT) with one faulty template
fault() {
  timed "$REFORMGEN" -q -j 2 -t "$R/$2" -o "$T/o-$1" "${4:-$T/in}" >"$T/out-$1" 2>"$T/err-$1"
  expect_eq "template fault $1: exit 1" 1 $st
  expect_match "template fault $1: message" "$3" "$(grep ': error: ' "$T/err-$1")"
  check "template fault $1: no pdf" test -z "$(find "$T/o-$1" -name '*.pdf' 2>/dev/null)"
  check "template fault $1: no crash report" test -z "$(grep -E 'Sanitizer|runtime error' "$T/err-$1")"
}
fault xpath xpath.xml "^$R/xpath.xml:5: error: XPath expression does not compile: 'county/\[name'"
fault unknown unknown.xml "^$R/unknown.xml:5: error: unknown element <paragraph>"
fault cycle cycle.xml "^$R/self.xml:5: error: include cycle: $R/self.xml -> $R/self.xml"
fault deep deep.xml "^$R/deep.xml:4: error: elements nested more than 64 deep"
fault bomb bomb.xml "^$R/bomb.xml:[0-9]+: error: .*(entity|DOCTYPE)"
fault xxe xxe.xml "^$R/xxe.xml:[0-9]+: error: a template must not have a DOCTYPE"
check "template fault xxe: the file it names is not shown" test -z "$(grep -F 'root:' "$T/err-xxe")"
# faults found while expanding: every county reports it, none is written
fault runaway runaway.xml \
  "^$R/runaway.xml:5: error: the operation budget of [0-9]+ is spent \(100 per data node, [0-9]+ nodes, at least [0-9]+\); the t document of $T/in/[a-z0-9]+\.json is not made$"
for c in xinzheng min min2; do
  expect_eq "template fault runaway: county $c says so, naming itself" 1 \
    "$(grep -c "operation budget of [0-9]* is spent .*; the t document of $T/in/$c.json is not made" "$T/err-runaway")"
done
fault explode explode.xml \
  "^$R/explode.xml:[0-9]+: error: (the operation budget of [0-9]+ is spent \(.*\)|the document grows beyond [0-9]+ nodes or [0-9]+ bytes); the t document of $T/in/xinzheng.json is not made$" \
  "$T/in/xinzheng.json"
check "template fault explode: stopped within 10 s of processor time" test $cpu -le 10
m=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(m['summary']['failed'], sum(len(i['outputs']) for i in m['inputs']))" "$T/o-explode/manifest.json" 2>/dev/null)
expect_eq "template fault explode: manifest lists it failed, no output" "1 0" "$m"
