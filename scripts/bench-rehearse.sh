#!/usr/bin/env bash
# Benchmark of `deployplan rehearse` (issue 10): its own overhead beyond the commands it runs
# (the copy, the services, the probes, the teardown) on a generated 2,000-file git repository
# whose commands are trivial (install/build `true`, start Python's http.server, health `/`).
#
# overhead = wall time of the whole command - the time of the steps that run the plan's commands
# (install, build, release, start web, workers), measured from the JSON report.
# Reported as the median of RUNS runs (after a warm-up), without a database and with a throwaway
# PostgreSQL (initdb + start + two createdb + stop count as overhead). Goal: under 2 s without a
# database. Not run by the tests.
#
# Usage: scripts/bench-rehearse.sh [RUNS]
set -euo pipefail

RUNS="${1:-5}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-rehearse.XXXXXX")"
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 2; }

cd "$REPO"
cargo build -q --release -p deployplan
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/deployplan"

make_repo() { # DIR DATABASE
  python3 - "$1" <<'EOF'
import os, sys
root = sys.argv[1]
for i in range(2000):
    d = os.path.join(root, "src", f"mod{i // 100:02d}", f"pkg{(i // 10) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i}.js"), "w") as f:
        f.write(f"export const value{i} = process.env.SETTING_{i % 7} ?? {i};\n" * 20)
EOF
  cat >"$1/deployplan.toml" <<EOF
[context]
app_type = "web-api"
[database]
engine = "$2"
tool = "none"
[health]
enabled = true
path = "/"
[app]
stack = "node"
install_command = "true"
build_command = "true"
start_command = "exec python3 -m http.server \$PORT --bind 127.0.0.1"
EOF
  printf 'node_modules/\n' >"$1/.gitignore"
  git -C "$1" init -q && git -C "$1" add -A && git -C "$1" -c user.email=b@e -c user.name=bench commit -qm init
}

measure() { # DIR -> prints "wall_ms commands_ms"
  local start end json
  start=$(date +%s%N)
  json=$(TMPDIR="$WORK" "$BIN" rehearse "$1" --json 2>/dev/null)
  end=$(date +%s%N)
  python3 - "$(( (end - start) / 1000000 ))" "$json" <<'EOF'
import json, sys
wall = int(sys.argv[1]); report = json.loads(sys.argv[2])
assert all(s["status"] == "passed" for s in report["steps"]), report
commands = sum(s["elapsed_ms"] for s in report["steps"]
               if s["kind"] in ("install", "build", "release", "start-web", "start-worker"))
print(wall, commands, report["teardown_ms"])
EOF
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for db in none postgres; do
  if [ "$db" = postgres ] && ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "postgres: skipped (apt-get install postgresql)"; continue
  fi
  dir="$WORK/repo-$db"; make_repo "$dir" "$db"
  measure "$dir" >/dev/null # warm-up
  : >"$WORK/runs"
  for _ in $(seq "$RUNS"); do measure "$dir" >>"$WORK/runs"; done
  wall=$(cut -d' ' -f1 "$WORK/runs" | median)
  over=$(awk '{print $1 - $2}' "$WORK/runs" | median)
  tear=$(cut -d' ' -f3 "$WORK/runs" | median)
  echo "2,000 files, database $db: wall ${wall} ms, overhead ${over} ms (teardown ${tear} ms), median of $RUNS"
done
