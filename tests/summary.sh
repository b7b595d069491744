#!/bin/sh
# Adds up the summary lines of the result files given (tests/run.sh) and prints
#   expected E, ran R, passed P, failed F, skipped S
# Exits non-zero when anything failed, a result file is missing, or fewer
# checks ran than were expected.
E=0; R=0; P=0; F=0; S=0
for r in "$@"; do
  line=$(grep -E '^expected [0-9]+, ran [0-9]+, passed [0-9]+, failed [0-9]+, skipped [0-9]+$' "$r" 2>/dev/null | tail -1)
  if [ -z "$line" ]; then echo "missing results: $r"; F=$((F + 1)); continue; fi
  set -- $(echo "$line" | tr -dc '0-9 \n')
  E=$((E + $1)); R=$((R + $2)); P=$((P + $3)); F=$((F + $4)); S=$((S + $5))
done
echo "expected $E, ran $R, passed $P, failed $F, skipped $S"
[ "$F" -eq 0 ] && [ "$R" -ge "$E" ]
