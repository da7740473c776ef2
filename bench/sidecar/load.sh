#!/usr/bin/env bash
# The sidecar's load run on loopback: tutka serve on a fresh data folder, a 10 s warm-up (every client of the sample
# seen once), then wrk -t2 -c32 -d30s posting the sample's decisions; then the same against the bare Micronaut echo.
# Usage: bench/sidecar/load.sh DIR   (DIR/valid.jsonl from valid-decisions.sh; both servers stopped at the end)
set -euo pipefail
dir=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/sidecar
rm -rf "$dir/serve" && mkdir -p "$dir/serve"
(cd "$dir/serve" && exec java -jar "$root/micronaut-adapter/target/tutka.jar" serve --port 18080 2> serve.err) &
serve=$!
for _ in $(seq 1 150); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18080/health/readiness || true)" = 200 ] && break
    sleep 0.2
done
export DECISIONS=$dir/valid.jsonl
# Warm-up: every decision once through the batch endpoint, 1,000 a request (each new client's identity code goes to
# the vault with an fsync of its own on a single request; here one per batch), then 10 s of single decisions.
rm -rf "$dir/batches" && mkdir "$dir/batches"
split -l 1000 "$DECISIONS" "$dir/batches/part-"
for part in "$dir"/batches/part-*; do
    { echo '['; paste -sd, "$part"; echo ']'; } > "$part.json"
    curl -s -o /dev/null -w '%{http_code} ' -X POST -H 'Content-Type: application/json' --data-binary @"$part.json" \
        http://127.0.0.1:18080/v1/decisions/batch
done
echo
wrk -t2 -c32 -d10s -s "$here/decisions.lua" http://127.0.0.1:18080 > "$dir/warmup.txt"
uptime
wrk -t2 -c32 -d30s --latency -s "$here/decisions.lua" http://127.0.0.1:18080 | tee "$dir/sidecar.txt"
curl -s http://127.0.0.1:18080/prometheus | grep -E '^tutka_(evaluations|rejected)' || true
kill -TERM $serve; wait $serve || true
java -cp "$root/bench/target/benchmarks.jar" fi.tutka.bench.EchoServer 18090 2> "$dir/echo.err" &
echo_pid=$!
for _ in $(seq 1 150); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' \
        http://127.0.0.1:18090/echo || true)" = 200 ] && break
    sleep 0.2
done
uptime
wrk -t2 -c32 -d10s -s "$here/echo.lua" http://127.0.0.1:18090 > /dev/null
wrk -t2 -c32 -d30s --latency -s "$here/echo.lua" http://127.0.0.1:18090 | tee "$dir/echo.txt"
kill $echo_pid; wait $echo_pid || true
