#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one job, and prints how many inputs each
# ran. Fails on the first crash, leak, timeout (10 s for one input) or out-of-memory (2 GB); the
# input that failed is saved under tests/fuzz/artifacts/TARGET/ (turn it into a regression test
# in tests/tests/hostile.rs). Needs nightly and cargo-fuzz (`cargo install cargo-fuzz`).
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
# decode_read is seeded with the hostile corpus that tests/tests/hostile.rs writes to
# tests/out/hostile/ (run that test first; without it the fuzzer starts from nothing).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode_read rgba_read model_read)
for t in "${targets[@]}"; do
  mkdir -p "tests/fuzz/corpus/$t"
  seeds=()
  flags=(-max_len=512 -len_control=0)
  if [ "$t" = decode_read ]; then
    flags=(-max_len=65536)
    [ -d tests/out/hostile ] && seeds=(tests/out/hostile)
  fi
  log="tests/fuzz/artifacts/$t.log"
  mkdir -p "tests/fuzz/artifacts/$t"
  start=$(date +%s)
  if ! cargo +nightly fuzz run "$t" --fuzz-dir tests/fuzz "tests/fuzz/corpus/$t" "${seeds[@]}" -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="tests/fuzz/artifacts/$t/" "${flags[@]}" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $t FAILED (log: $log)"
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "fuzz: $t ran $runs inputs in $(( $(date +%s) - start )) s, no crash"
done
