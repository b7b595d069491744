#!/bin/sh
# Adds up the closing lines of the result files given and prints the total as
# "N passed, N failed"; exits non-zero if anything failed or a run is missing.
p=0; f=0
for r in "$@"; do
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$r" 2>/dev/null | tail -1)
  if [ -z "$line" ]; then echo "missing results: $r"; f=$((f + 1)); continue; fi
  set -- $line
  p=$((p + $1)); f=$((f + $3))
  shift $#
done
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
