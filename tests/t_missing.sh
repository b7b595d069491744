# t_missing.sh: a document whose required data is absent (the template's
# <require> elements, templates/README.md) is skipped with a warning naming
# what is missing, or refused under --require-complete; never rendered empty.
# checks: 24
. "$TOP/tests/lib.sh"
S=$TOP/samples
# variants of a complete sample: no plan section; a final plan with no 文号;
# a draft with none (a draft has none by design); a blank title
python3 - "$S/dongwu.json" "$T" <<'PY'
import json, sys
src, t = sys.argv[1], sys.argv[2]
def variant(name, change):
    d = json.load(open(src, encoding='utf-8'))
    change(d)
    json.dump(d, open('%s/%s.json' % (t, name), 'w', encoding='utf-8'), ensure_ascii=False)
variant('noplan', lambda d: d.pop('plan'))
variant('nonum', lambda d: (d['plan'].pop('doc_number'), d['plan'].__setitem__('draft', False)))
variant('draft', lambda d: (d['plan'].pop('doc_number'), d['plan'].__setitem__('draft', True)))
variant('blank', lambda d: d['plan'].__setitem__('title', '   '))
PY
plan_of() { ls "$1"/*/plan.pdf 2>/dev/null; }

# no plan section: the plan is skipped, the other documents written, status 0
err=$(LC_ALL=C "$REFORMGEN" -q -o "$T/o1" "$T/noplan.json" 2>&1); st=$?
expect_eq "no plan: exit 0" 0 $st
check "no plan: no plan.pdf" test -z "$(plan_of "$T/o1")"
check "no plan: report written" test -s "$(ls "$T"/o1/*/report.pdf)"
err=$(LC_ALL=C "$REFORMGEN" -t plan -o "$T/o1b" "$T/noplan.json" 2>&1 | grep -v 'fonts.conf'); st=$?
expect_eq "no plan: one warning line" 1 "$(printf '%s\n' "$err" | grep -c 'warning')"
expect_match "no plan: warning names the file and the document" \
  "^$T/noplan.json: warning: document 'plan' skipped: required data missing: " "$err"
expect_match "no plan: names the title" '方案标题 \(plan/title\)' "$err"
expect_match "no plan: names the 文号" '文号 \(plan/doc_number\)' "$err"

# a final plan with no 文号: only the 文号 is named
err=$(LC_ALL=C "$REFORMGEN" -t plan -o "$T/o2" "$T/nonum.json" 2>&1); st=$?
expect_eq "no 文号: exit 0" 0 $st
check "no 文号: no plan.pdf" test -z "$(plan_of "$T/o2")"
expect_match "no 文号: names the 文号" "warning: document 'plan' skipped: required data missing: 文号 \(plan/doc_number\)$" "$err"
check "no 文号: the title is not named" sh -c "! printf '%s' '$err' | grep -q 方案标题"

# a draft has no 文号 by design: written, no warning
err=$(LC_ALL=C "$REFORMGEN" -t plan -o "$T/o3" "$T/draft.json" 2>&1); st=$?
expect_eq "draft: exit 0" 0 $st
check "draft: plan.pdf written" test -s "$(plan_of "$T/o3")"
expect_eq "draft: no warning" 0 "$(printf '%s\n' "$err" | grep -c 'warning')"

# a title of white space only is no title
err=$(LC_ALL=C "$REFORMGEN" -t plan -o "$T/o4" "$T/blank.json" 2>&1)
expect_match "blank title: named" "skipped: required data missing: 方案标题 \(plan/title\)$" "$err"

# --require-complete: an error, status 1, the documents that can be written still are
err=$(LC_ALL=C "$REFORMGEN" --require-complete -o "$T/o5" "$T/noplan.json" 2>&1); st=$?
expect_eq "require-complete: exit 1" 1 $st
expect_match "require-complete: an error naming what is missing" \
  "^$T/noplan.json: error: document 'plan' not written: required data missing: 方案标题" "$err"
check "require-complete: no plan.pdf" test -z "$(plan_of "$T/o5")"
LC_ALL=C "$REFORMGEN" -q --require-complete -t plan -o "$T/o6" "$S/dongwu.json" 2>/dev/null; st=$?
expect_eq "require-complete: a complete county passes" 0 $st

# nothing is special to the plan: any template declares what it requires
cat > "$T/needs.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="needs" paper="A4" font="song" size="12">
  <require select="county/name" name="县名"/>
  <require select="county/party_committee" name="党委名称" test="county/code = '152525'"/>
  <p>{county/name}</p>
</document>
XML
err=$(LC_ALL=C "$REFORMGEN" -t "$T/needs.xml" -o "$T/o7" "$T/noplan.json" 2>&1)
check "own template: written when its data is there" test -s "$(ls "$T"/o7/*/needs.pdf)"
python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); d['county'].pop('party_committee', None)
json.dump(d, open(sys.argv[2],'w'), ensure_ascii=False)" "$T/noplan.json" "$T/noparty.json"
err=$(LC_ALL=C "$REFORMGEN" -t "$T/needs.xml" -o "$T/o8" "$T/noparty.json" 2>&1)
expect_match "own template: its own requirement named" "document 'needs' skipped: required data missing: 党委名称 \(county/party_committee\)$" "$err"
check "own template: not written" test -d "$T/o8" -a -z "$(find "$T/o8" -name needs.pdf)"

# a <require> without its name is a template error, at its line
cat > "$T/bad.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="bad" paper="A4">
  <require select="county/name"/>
  <p>x</p>
</document>
XML
err=$(LC_ALL=C "$REFORMGEN" -t "$T/bad.xml" -o "$T/o9" "$T/draft.json" 2>&1); st=$?
expect_eq "bad require: exit 1" 1 $st
expect_match "bad require: error at its line" "bad.xml:3: error: <require> needs select" "$err"
