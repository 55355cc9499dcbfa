#!/usr/bin/env bash
# Benchmark of the repository scan (issues 3 and 11): `deployplan scan --json` against ripgrep
# counting the same env-var patterns over the same tree, in the same run, on
#   1. generated many-package monorepos (issue 11): pnpm/turborepo workspaces of one package per
#      70 files (1,428 packages at 100,000 files; two in three are apps, one in ten of those
#      with a Dockerfile, one in five with an .env.example; the rest published libraries),
#      at 10,000, 25,000, 50,000 and 100,000 files,
#   2. a generated 100,000-file tree of 20 services of 5,000 files (TS/JS/Python/Go/Ruby/Java,
#      docs, JSON, CSS; one file in eight reads an env var),
#   3. a flat 100,000-file tree: one app at the root, no workspace,
#   4. the project's own scan fixtures (crates/deployplan-scan/tests/fixtures),
#   5. a generated "typical application" of 2,000 files.
# Each run of either tool goes through /usr/bin/time; the two tools alternate, run after run.
# Reports the medians of RUNS runs each (after a warm-up) of the wall time and of the CPU time
# (user + system: on a shared machine the wall time also counts waiting for a core), the wall
# ratio, the largest peak memory (max RSS) of the runs, and the size of the JSON. Goal: scan
# ≤ 1.5× rg, peak < 100 MB, JSON proportional to the repository, typical repo well under
# 20 ms. Not run by the tests.
#
# Usage: scripts/bench-scan.sh [RUNS]
#   env: FILES=100000 (the big trees' size), SIZES="10000 25000 50000 100000" (the
#   many-package trees), ONLY=packages|services|flat|fixtures|typical (one kind of tree),
#   SCANNER=path/to/deployplan (measure that binary instead of building this checkout's),
#   TREES=dir (keep the generated trees there and reuse them in later runs: generating and
#   deleting 100,000 files takes minutes on a busy machine)
set -euo pipefail

RUNS="${1:-5}"
FILES="${FILES:-100000}"
SIZES="${SIZES:-10000 25000 50000 100000}"
ONLY="${ONLY:-}"
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
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
SCAN=()
if [ -n "${SCANNER:-}" ]; then
  SCAN=("$SCANNER" scan)
elif cargo build -q --release -p deployplan 2>/dev/null \
  && "$TARGET/release/deployplan" scan --help >/dev/null 2>&1; then
  SCAN=("$TARGET/release/deployplan" scan)
else
  cargo build -q --release -p deployplan-scan --example scan
  SCAN=("$TARGET/release/examples/scan")
fi
echo "scanner: ${SCAN[*]}   rg: $(rg --version | sed -n 1p)   cpus: $(nproc)"

# The env-var reads the scanner looks for, as rg patterns.
RG=(rg --hidden --no-messages -c
  -e 'process\.env' -e 'import\.meta\.env\.' -e 'environ' -e 'getenv\(' -e 'Getenv\('
  -e 'LookupEnv\(' -e 'ENV\[' -e 'ENV\.fetch\(' -e 'System\.getenv\(' -e 'env::var'
  -e 'GetEnvironmentVariable\(' -e 'System\.get_env\(' -e 'System\.fetch_env' -e 'env\(')

generate() { # generate DIR FILES SERVICES LAYOUT   (LAYOUT: services | packages | flat)
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import os, random, sys
root, total, services, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(42)
exts = ["ts"] * 30 + ["js"] * 15 + ["py"] * 20 + ["go"] * 10 + ["rb"] * 5 + ["java"] * 5 + ["md"] * 5 + ["json"] * 5 + ["css"] * 5
reads = {"ts": "const v{i} = process.env.API_KEY_{i};", "js": "const v{i} = process.env['SECRET_{i}'];",
         "py": "v{i} = os.environ.get('SETTING_{i}')", "go": "v{i} := os.Getenv(\"GO_VAR_{i}\")",
         "rb": "v{i} = ENV.fetch('RB_VAR_{i}')", "java": "String v{i} = System.getenv(\"JAVA_VAR_{i}\");"}
body = "\n".join(f"function handler_{n}(request, response) {{ return compute(request.body, {n}); }}" for n in range(12))
def w(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(text)
n = 0
def sources(base, count, seed):
    global n
    for k in range(count):
        d = os.path.join(base, "src", f"mod_{k // 100:02d}", f"sub_{(k // 20) % 5}")
        ext = random.choice(exts)
        text = body
        if ext in reads and k % 8 == 0:
            text += "\n" + reads[ext].format(i=(k + seed) % 500)
        w(os.path.join(d, f"file_{k}.{ext}"), text + "\n")
        n += 1
os.makedirs(root, exist_ok=True)
if mode == "flat":
    # One app at the root, every file in its src/.
    w(os.path.join(root, "package.json"), '{"name":"flat","scripts":{"start":"node src/index.js"},"dependencies":{"express":"4"}}\n')
    w(os.path.join(root, ".gitignore"), "node_modules/\n")
    n += 2
    sources(root, total - n, 0)
elif mode == "services":
    # The original tree: SERVICES npm workspaces under services/.
    w(os.path.join(root, "package.json"), '{"name":"bench","private":true,"workspaces":["services/*"]}\n')
    w(os.path.join(root, ".gitignore"), "node_modules/\n")
    n += 2
    per_service = total // services
    for s in range(services):
        base = os.path.join(root, "services", f"svc_{s:02d}")
        w(os.path.join(base, "package.json"), '{"name":"svc%d","scripts":{"start":"node src/index.js"},"dependencies":{"express":"4"}}\n' % s)
        n += 1
        sources(base, per_service - 1, 0)
else:
    # "packages": a pnpm/turborepo monorepo of SERVICES workspace packages: two in three are
    # apps (apps/*: express or next, a start script; one in ten with a Dockerfile, one in
    # five with an .env.example), the others published libraries (packages/*), and the root
    # has what such roots have (lockfile, compose, CI, .env.example, turbo.json).
    w(os.path.join(root, "package.json"), '{"name":"mono","private":true,"workspaces":["apps/*","packages/*"],"devDependencies":{"turbo":"2"}}\n')
    w(os.path.join(root, "pnpm-workspace.yaml"), 'packages:\n  - "apps/*"\n  - "packages/*"\n')
    w(os.path.join(root, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n")
    w(os.path.join(root, "turbo.json"), '{"tasks":{"build":{}}}\n')
    w(os.path.join(root, ".gitignore"), "node_modules/\n")
    w(os.path.join(root, ".env.example"), "".join(f"SHARED_{i}=\n" for i in range(20)) + "DATABASE_URL=postgres://localhost/db\n")
    w(os.path.join(root, "docker-compose.yml"), "services:\n  db:\n    image: postgres:16\n")
    w(os.path.join(root, ".github", "workflows", "ci.yml"), "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pnpm test\n")
    n += 8
    per, extra = divmod(total - n, services)
    for s in range(services):
        app = s % 3 != 2
        base = os.path.join(root, "apps" if app else "packages", f"{'app' if app else 'lib'}_{s:04d}")
        if app:
            dep = '"next":"14","react":"18"' if s % 4 == 0 else '"express":"4","pg":"8"'
            start = "next start" if s % 4 == 0 else "node src/index.js"
            w(os.path.join(base, "package.json"), '{"name":"app%d","scripts":{"build":"tsc","start":"%s"},"dependencies":{%s}}\n' % (s, start, dep))
            k = 1
            if s % 10 == 0:
                w(os.path.join(base, "Dockerfile"), "FROM node:20\nEXPOSE 3000\nCMD [\"node\",\"src/index.js\"]\n"); k += 1
            if s % 5 == 0:
                w(os.path.join(base, ".env.example"), f"APP_{s}_TOKEN=\nPORT=3000\n"); k += 1
        else:
            w(os.path.join(base, "package.json"), '{"name":"@mono/lib%d","exports":"./src/index.js","types":"./src/index.d.ts"}\n' % s)
            k = 1
        n += k
        sources(base, per + (s < extra) - k, s * 7)
print(n, "files")
PY
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
max() { sort -n | tail -1; }

# timed OUT CMD...: one run through /usr/bin/time; appends "wall_ms cpu_ms max_rss_kb" to OUT
# (the wall time from the clock in ms: /usr/bin/time's has 10 ms steps).
timed() {
  local out="$1" start end; shift
  start=$(date +%s%N)
  /usr/bin/time -o "$WORK/time" -f '%U %S %M' "$@" >"$WORK/stdout" 2>/dev/null || true
  end=$(date +%s%N)
  awk -v w=$(( (end - start) / 1000000 )) '{ printf "%d %d %d\n", w, ($1 + $2) * 1000, $3 }' \
    "$WORK/time" >>"$out"
}

bench() { # bench NAME DIR
  local name="$1" dir="$2"
  "${SCAN[@]}" "$dir" --json >/dev/null; "${RG[@]}" "$dir" >/dev/null || true # warm the page cache
  : >"$WORK/scan.t"; : >"$WORK/rg.t"
  for _ in $(seq "$RUNS"); do
    timed "$WORK/scan.t" "${SCAN[@]}" "$dir" --json
    local json; json=$(wc -c <"$WORK/stdout")
    timed "$WORK/rg.t" "${RG[@]}" "$dir"
  done
  local s r sc rc ms mr
  s=$(cut -d' ' -f1 "$WORK/scan.t" | median); r=$(cut -d' ' -f1 "$WORK/rg.t" | median)
  sc=$(cut -d' ' -f2 "$WORK/scan.t" | median); rc=$(cut -d' ' -f2 "$WORK/rg.t" | median)
  ms=$(cut -d' ' -f3 "$WORK/scan.t" | max); mr=$(cut -d' ' -f3 "$WORK/rg.t" | max)
  local files; files=$(find "$dir" -type f | wc -l)
  awk -v n="$name" -v f="$files" -v s="$s" -v r="$r" -v sc="$sc" -v rc="$rc" -v ms="$ms" -v mr="$mr" -v j="$json" 'BEGIN {
    printf "%-26s %7d files   scan %6d ms (cpu %5d)   rg %6d ms (cpu %5d)   ratio %5.2fx   peak %5.1f / %5.1f MB   json %8.1f KB\n",
      n, f, s, sc, r, rc, s / (r > 0 ? r : 1), ms / 1024, mr / 1024, j / 1024 }'
}

# tree NAME FILES SERVICES LAYOUT: generates a tree (or reuses it under $TREES), prints its path.
tree() {
  local dir
  if [ -n "${TREES:-}" ]; then dir="$TREES/$1"; else dir="$WORK/$1"; fi
  if [ ! -e "$dir.generated" ]; then
    rm -rf "$dir"
    echo "generating $1 ($2 files)..." >&2
    generate "$dir" "$2" "$3" "$4" >/dev/null
    touch "$dir.generated"
  fi
  echo "$dir"
}
done_with() { [ -n "${TREES:-}" ] || rm -rf "$1" "$1.generated"; }

want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
if want packages; then
  for size in $SIZES; do
    packages=$(( size / 70 ))
    d=$(tree "packages-$size" "$size" "$packages" packages)
    bench "monorepo ${size} (${packages} pkgs)" "$d"; done_with "$d"
  done
fi
if want services; then
  d=$(tree "services-$FILES" "$FILES" 20 services)
  bench "20 services ($FILES)" "$d"; done_with "$d"
fi
if want flat; then
  d=$(tree "flat-$FILES" "$FILES" 1 flat)
  bench "flat app ($FILES)" "$d"; done_with "$d"
fi
if want fixtures; then
  bench "scan fixtures" "$REPO/crates/deployplan-scan/tests/fixtures"
fi
if want typical; then
  d=$(tree "typical-2000" 2000 1 services)
  bench "typical app (2k)" "$d"; done_with "$d"
fi
