#!/usr/bin/env bash
# Benchmarks `deployplan generate` from an answers file (median of many runs, with hyperfine)
# and the planning + rendering of all 288 context combinations in one process.
# Goals: generate median < 20 ms; all 288 < 2 s.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release -q --bin deployplan --example render_all
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/deployplan"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" example-answers > "$work/deployplan.toml"
echo "== generate from an answers file (writes into a fresh folder each run)"
hyperfine --warmup 3 --runs 50 --export-json "$work/generate.json" \
  --prepare "rm -rf '$work/out'" \
  "$bin generate --answers '$work/deployplan.toml' --out '$work/out' --date 2026-11-26"
python3 -c "import json,sys; r=json.load(open('$work/generate.json'))['results'][0]; print('generate median: %.1f ms (goal < 20 ms)' % (r['median']*1000))"
echo "== all 288 combinations in one process (plan + documents + artifacts)"
"$target/release/examples/render_all"
echo "== 100,000 secret names in one answers file (linear handling; goal: seconds, not minutes)"
python3 -c "print('[secrets]\nnames = [' + ','.join('\"SECRET_%d\"' % i for i in range(100000)) + ']')" > "$work/many.toml"
hyperfine --runs 3 --prepare "rm -rf '$work/many-out'" \
  "$bin generate --answers '$work/many.toml' --out '$work/many-out' --no-save --date 2026-11-26"
