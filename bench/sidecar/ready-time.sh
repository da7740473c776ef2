#!/usr/bin/env bash
# Time from `java -jar tutka.jar serve` to the first 200 on /health/readiness, in a given data folder.
# Usage: bench/sidecar/ready-time.sh DIR [PORT]   (stops the service again with SIGTERM)
set -euo pipefail
dir=$1
port=${2:-18080}
jar=$(cd "$(dirname "$0")/../.." && pwd)/micronaut-adapter/target/tutka.jar
mkdir -p "$dir"
cd "$dir"
start=$(date +%s%N)
java -jar "$jar" serve --port "$port" 2> serve.err &
pid=$!
for _ in $(seq 1 400); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/readiness" || true)" = 200 ]; then
        end=$(date +%s%N)
        echo "ready in $(( (end - start) / 1000000 )) ms"
        kill -TERM $pid
        wait $pid || true
        exit 0
    fi
    sleep 0.02
done
echo "not ready within 8 s" >&2
kill -TERM $pid
exit 1
