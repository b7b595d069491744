# readers/newcomer.sh: the README's first command on a clean clone: `make demo`
# builds from nothing and renders the samples into out/. A full build of its
# own, so it runs in make check-readers; tests/fresh.sh does the same on a new
# Debian root.
# checks: 2
. "$TOP/tests/lib.sh"
if ! command -v git >/dev/null 2>&1 || ! git -C "$TOP" rev-parse HEAD >/dev/null 2>&1; then
  why="no git, or $TOP is not a git checkout"
  skip "make demo on a clean clone" "$why"; skip "make demo wrote PDFs into out/" "$why"
  exit 0
fi
git clone -q "$TOP" "$T/clone" 2>/dev/null
# the clone holds what is committed; bring the working tree's changes along so
# that a test run before a commit tests what is there
(cd "$TOP" && git diff HEAD) > "$T/wip.diff"
[ -s "$T/wip.diff" ] && (cd "$T/clone" && git apply "$T/wip.diff" 2>/dev/null)
(cd "$TOP" && git ls-files --others --exclude-standard -z) | (cd "$TOP" && xargs -0 -r cp --parents -t "$T/clone" 2>/dev/null)
make -s -C "$T/clone" demo > "$T/demo.log" 2>&1; st=$?
expect_eq "make demo on a clean clone" 0 $st
[ $st -eq 0 ] || tail -20 "$T/demo.log"
n=$(find "$T/clone/out" -name '*.pdf' 2>/dev/null | wc -l)
check "make demo wrote PDFs into out/" test "$n" -ge 3
