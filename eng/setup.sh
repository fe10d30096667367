#!/usr/bin/env bash
# Installs what running and testing the platform needs on Debian, when it is missing: PostgreSQL server
# binaries and redis-server (run as local processes when no container runtime answers), Chromium (the
# dashboard's browser test), Node.js and the deploy tree's Kubernetes schema validator (npm packages).
# kubectl (for kubectl kustomize) is not a Debian package: it must be installed already. Safe to run again;
# installs nothing that is present.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v kubectl >/dev/null || { echo "Missing: kubectl (the deploy tree's tests build its overlays with kubectl kustomize)." >&2; exit 1; }

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v setpriv >/dev/null || missing+=(util-linux)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "Missing: ${missing[*]}. Install them with: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi

  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing ${missing[*]} ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

validator=tests/Ecommerce.AppHost.Tests/Deploy/Validator
[ -d "$validator/node_modules" ] || npm ci --prefix "$validator" --silent --no-audit --no-fund
