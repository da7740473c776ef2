#!/usr/bin/env bash
# Writes DIR/valid.jsonl: a sample half-year (tutka sample) without the lines tutka run rejects, for the load runs.
# Usage: bench/sidecar/valid-decisions.sh DIR [SCALE]
set -euo pipefail
dir=$1
scale=${2:-1.0}
jar=$(cd "$(dirname "$0")/../.." && pwd)/micronaut-adapter/target/tutka.jar
mkdir -p "$dir"
java -jar "$jar" sample --scale "$scale" -o "$dir/decisions.jsonl" > /dev/null
java -jar "$jar" run "$dir/decisions.jsonl" --records "$dir/check/records" --keys "$dir/check/keys.properties" > /dev/null
# The rejects file holds the numbers of the rejected lines ({"line":N,...}); keep every other line.
grep -o '"line":[0-9]*' "$dir/decisions.rejected.jsonl" | cut -d: -f2 > "$dir/rejected-lines" || true
awk 'NR==FNR { bad[$1] = 1; next } !(FNR in bad)' "$dir/rejected-lines" "$dir/decisions.jsonl" > "$dir/valid.jsonl"
rm -rf "$dir/check"
wc -l < "$dir/valid.jsonl"
