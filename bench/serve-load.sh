#!/usr/bin/env bash
# Load test of `transfer4j serve` (not a test): for --max-batch 32 and then 1, starts the server on
# 127.0.0.1 with MODEL_DIR, waits for /ready, warms it with 2,000 requests, sends REQUESTS classify
# requests (one text each) from CONCURRENCY client threads (ServeLoadBench, a closed loop that
# stops by itself) while sampling the server's RSS every second, then stops the server with SIGTERM
# and checks it exited 0. Prints RSS after warm-up, at the middle and at the end of the run.
# Build first: mvn -B -o -DskipTests package
# Usage: bench/serve-load.sh MODEL_DIR [REQUESTS=20000] [CONCURRENCY=64] [BATCHES="32 1"]
# ENDPOINT=/v1/embed (with an encoder such as all-MiniLM-L6-v2) loads the embed endpoint instead;
# ENDPOINT=/v1/generate (with a GPT-2 folder) sends greedy generations of NEW_TOKENS (32) tokens,
# each text a prompt. WARMUP (2000) sets the warm-up requests.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
model="${1:?usage: bench/serve-load.sh MODEL_DIR [REQUESTS] [CONCURRENCY] [BATCHES]}"
requests="${2:-20000}"
concurrency="${3:-64}"
batches="${4:-32 1}"
texts="$here/../../shared/data/banking77/test.csv"
port="${PORT:-18080}"
endpoint="${ENDPOINT:-/v1/classify}"
threads="${THREADS:-2}"
omp_wait_policy
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(uptime)"
echo "model: $model; $endpoint; texts: $texts; $requests requests, $concurrency concurrent, $threads threads"
for batch in $batches; do
  "$here/../transfer4j" serve --model "$model" --port "$port" --threads "$threads" \
    --max-batch "$batch" --max-wait-ms 5 --max-queue 4096 >"/tmp/serve-load-$batch.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "/tmp/serve-load-$batch.log"; exit 1; }
    sleep 0.5
  done
  client=("${bench_jvm[@]}" -Xmx512m org.transfer4j.bench.ServeLoadBench
    --url "http://127.0.0.1:$port$endpoint" --input "$texts" --concurrency "$concurrency"
    --new-tokens "${NEW_TOKENS:-32}")
  "${client[@]}" --requests "${WARMUP:-2000}" >/dev/null
  samples="/tmp/serve-load-$batch.rss"
  (while kill -0 "$pid" 2>/dev/null; do ps -o rss= -p "$pid"; sleep 1; done >"$samples") &
  sampler=$!
  echo "--max-batch $batch: $("${client[@]}" --requests "$requests")"
  kill "$sampler" 2>/dev/null || true
  rss_start=$(head -1 "$samples")
  rss_mid=$(sed -n "$(( ($(wc -l <"$samples") + 1) / 2 ))p" "$samples")
  rss_end=$(ps -o rss= -p "$pid")
  batches_run=$(curl -s "http://127.0.0.1:$port/metrics" \
    | awk '/^transfer4j_(batch_size_(sum|count)|tokens_total)/ {print $1 "=" $2}' | tr '\n' ' ')
  kill -TERM "$pid"
  code=0
  wait "$pid" || code=$?
  awk -v s="$rss_start" -v h="$rss_mid" -v e="$rss_end" -v b="$batch" -v c="$code" \
    -v m="$batches_run" 'BEGIN {
    printf "--max-batch %s: server RSS %.0f MB after warm-up, %.0f MB mid-run, %.0f MB at the end (%+.1f%%); %s; exit %s\n",
      b, s / 1024, h / 1024, e / 1024, 100 * (e - s) / s, m, c }'
done
