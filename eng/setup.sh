#!/usr/bin/env bash
# Installs what running and testing the platform needs on Debian or Ubuntu, when it is missing: PostgreSQL server
# binaries and redis-server (run as local processes when no container runtime answers), a Chromium browser (the
# browser tests), Prometheus and promtool (the monitoring tests scrape the platform and test the alert rules), Node.js
# and the deploy tree's Kubernetes schema validator (npm packages).
# kubectl (for kubectl kustomize) is not a Debian package: it must be installed already. Safe to run again;
# installs nothing that is present.
#
# PostgreSQL is the distribution's (Debian 12: 15, Ubuntu 24.04: 16); the code takes the newest
# /usr/lib/postgresql/<version>/bin. Chromium is Debian's chromium package (/usr/bin/chromium). Ubuntu's chromium
# is only a snap, which does not run everywhere (containers, CI), so on Ubuntu a /usr/bin/chromium already there
# (GitHub's runner images have one) or Google Chrome (/usr/bin/google-chrome, installed from Google's package) is used.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v kubectl >/dev/null || { echo "Missing: kubectl (the deploy tree's tests build its overlays with kubectl kustomize)." >&2; exit 1; }

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v setpriv >/dev/null || missing+=(util-linux)
{ command -v prometheus >/dev/null && command -v promtool >/dev/null; } || missing+=(prometheus)
ubuntu=false
if [ -r /etc/os-release ] && grep -qE '^(ID|ID_LIKE)=.*ubuntu' /etc/os-release; then
  ubuntu=true
fi
chrome_package=false
if [ "$ubuntu" = true ]; then
  [ -x /usr/bin/chromium ] || [ -x /usr/bin/google-chrome ] || chrome_package=true
  [ "$chrome_package" = false ] || command -v curl >/dev/null || missing+=(curl)
else
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
command -v npm >/dev/null || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ] || [ "$chrome_package" = true ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    [ ${#missing[@]} -eq 0 ] || echo "Missing: ${missing[*]}. Install them with: apt-get install -y ${missing[*]}" >&2
    [ "$chrome_package" = false ] || echo "Missing: Google Chrome (Ubuntu's chromium is a snap). Install Google's google-chrome-stable package." >&2
    exit 1
  fi

  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} ..."
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ "$chrome_package" = true ]; then
    echo "Installing Google Chrome ..."
    package=$(mktemp -d)/google-chrome-stable_current_amd64.deb
    curl -fsSL -o "$package" https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$package" >/dev/null
    rm -rf "$(dirname "$package")"
  fi
fi

validator=tests/Ecommerce.AppHost.Tests/Deploy/Validator
[ -d "$validator/node_modules" ] || npm ci --prefix "$validator" --silent --no-audit --no-fund
