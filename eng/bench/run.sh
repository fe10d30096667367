#!/usr/bin/env bash
# The platform's benchmark, one command: builds in Release and runs every scenario and ceiling on loopback
# (8 to 10 minutes on 2 cores), printing a table and writing eng/bench/results/<time>.json.
# Arguments go to the bench: --duration <seconds> (default 10), --connections <n> (default 32).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash eng/setup.sh
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "Missing: wrk. Install it with: apt-get install -y wrk" >&2; exit 1; }
  apt-get install -y -qq wrk >/dev/null
fi
dotnet build -c Release eng/bench/Ecommerce.Bench -v q -nologo
exec dotnet eng/bench/Ecommerce.Bench/bin/Release/net10.0/Ecommerce.Bench.dll "$@"
