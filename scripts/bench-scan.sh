#!/usr/bin/env bash
# Benchmark of the repository scan (issue 3): `deployplan scan --json` against ripgrep counting
# the same env-var patterns over the same tree, in the same run, on
#   1. a generated 100,000-file tree (20 services of 5,000 files: TS/JS/Python/Go/Ruby/Java,
#      docs, JSON, CSS; one file in eight reads an env var),
#   2. the project's own scan fixtures (crates/deployplan-scan/tests/fixtures),
#   3. a generated "typical application" of 2,000 files.
# Reports the median wall time of RUNS runs each (after a warm-up), the ratio, and the peak
# memory of one run of each (/usr/bin/time -v). Goal: scan ≤ 1.5× rg, peak < 100 MB, typical
# repo well under 20 ms. Not run by the tests.
#
# Usage: scripts/bench-scan.sh [RUNS]     (env: FILES=100000 to change the big tree's size)
set -euo pipefail

RUNS="${1:-5}"
FILES="${FILES:-100000}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-scan.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg; then
  echo "installing ripgrep..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq ripgrep >/dev/null; fi
fi
if [ ! -x /usr/bin/time ]; then
  echo "installing time (for peak memory)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi
need python3 || { echo "python3 is needed to generate the trees" >&2; exit 2; }

# The scanner: the CLI when it has `scan`, else the crate's example (same library call).
cd "$REPO"
SCAN=()
if cargo build -q --release -p deployplan 2>/dev/null \
  && "$REPO/target/release/deployplan" scan --help >/dev/null 2>&1; then
  SCAN=("$REPO/target/release/deployplan" scan)
else
  cargo build -q --release -p deployplan-scan --example scan
  SCAN=("$REPO/target/release/examples/scan")
fi
echo "scanner: ${SCAN[*]}   rg: $(rg --version | head -1)   cpus: $(nproc)"

# The env-var reads the scanner looks for, as rg patterns.
RG=(rg --hidden --no-messages -c
  -e 'process\.env' -e 'import\.meta\.env\.' -e 'environ' -e 'getenv\(' -e 'Getenv\('
  -e 'LookupEnv\(' -e 'ENV\[' -e 'ENV\.fetch\(' -e 'System\.getenv\(' -e 'env::var'
  -e 'GetEnvironmentVariable\(' -e 'System\.get_env\(' -e 'System\.fetch_env' -e 'env\(')

generate() { # generate DIR FILES SERVICES
  python3 - "$1" "$2" "$3" <<'PY'
import os, random, sys
root, total, services = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(42)
exts = ["ts"] * 30 + ["js"] * 15 + ["py"] * 20 + ["go"] * 10 + ["rb"] * 5 + ["java"] * 5 + ["md"] * 5 + ["json"] * 5 + ["css"] * 5
reads = {"ts": "const v{i} = process.env.API_KEY_{i};", "js": "const v{i} = process.env['SECRET_{i}'];",
         "py": "v{i} = os.environ.get('SETTING_{i}')", "go": "v{i} := os.Getenv(\"GO_VAR_{i}\")",
         "rb": "v{i} = ENV.fetch('RB_VAR_{i}')", "java": "String v{i} = System.getenv(\"JAVA_VAR_{i}\");"}
body = "\n".join(f"function handler_{n}(request, response) {{ return compute(request.body, {n}); }}" for n in range(12))
os.makedirs(root, exist_ok=True)
open(os.path.join(root, "package.json"), "w").write('{"name":"bench","private":true,"workspaces":["services/*"]}\n')
open(os.path.join(root, ".gitignore"), "w").write("node_modules/\n")
per_service = total // services
n = 2
for s in range(services):
    base = os.path.join(root, "services", f"svc_{s:02d}")
    os.makedirs(base, exist_ok=True)
    open(os.path.join(base, "package.json"), "w").write('{"name":"svc%d","scripts":{"start":"node src/index.js"},"dependencies":{"express":"4"}}\n' % s)
    n += 1
    for k in range(per_service - 1):
        d = os.path.join(base, "src", f"mod_{k // 100:02d}", f"sub_{(k // 20) % 5}")
        os.makedirs(d, exist_ok=True)
        ext = random.choice(exts)
        text = body
        if ext in reads and k % 8 == 0:
            text += "\n" + reads[ext].format(i=k % 500)
        open(os.path.join(d, f"file_{k}.{ext}"), "w").write(text + "\n")
        n += 1
print(n, "files")
PY
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
peak_mb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ { printf "%.1f", $2 / 1024 }'; }

bench() { # bench NAME DIR
  local name="$1" dir="$2" s r
  "${SCAN[@]}" "$dir" --json >/dev/null; "${RG[@]}" "$dir" >/dev/null || true # warm the page cache
  local scan_times=() rg_times=()
  for _ in $(seq "$RUNS"); do
    s=$(now_ms); "${SCAN[@]}" "$dir" --json >/dev/null; scan_times+=($(( $(now_ms) - s )))
    s=$(now_ms); "${RG[@]}" "$dir" >/dev/null || true; rg_times+=($(( $(now_ms) - s )))
  done
  s=$(printf '%s\n' "${scan_times[@]}" | median)
  r=$(printf '%s\n' "${rg_times[@]}" | median)
  local ratio; ratio=$(awk -v a="$s" -v b="$r" 'BEGIN { if (b == 0) b = 1; printf "%.2f", a / b }')
  local mem_scan mem_rg
  mem_scan=$(peak_mb "${SCAN[@]}" "$dir" --json)
  mem_rg=$(peak_mb "${RG[@]}" "$dir")
  printf '%-22s scan %6s ms   rg %6s ms   ratio %5sx   peak scan %6s MB   rg %6s MB\n' \
    "$name" "$s" "$r" "$ratio" "$mem_scan" "$mem_rg"
}

echo "generating $FILES files..."; generate "$WORK/big" "$FILES" 20
echo "generating a typical 2,000-file app..."; generate "$WORK/typical" 2000 1
bench "100k-file tree" "$WORK/big"
bench "scan fixtures" "$REPO/crates/deployplan-scan/tests/fixtures"
bench "typical app (2k)" "$WORK/typical"
