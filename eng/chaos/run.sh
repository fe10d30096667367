#!/usr/bin/env bash
# Faults under load, one command: builds in Release, starts the platform on loopback with two replicas of each service,
# kills, restarts and freezes its parts one at a time (8 to 10 minutes on 2 cores), checks the books, prints a table
# and writes eng/chaos/results/<time>.json. Exits 1 unless the books balance. --short runs the CI subset (3 minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash eng/setup.sh
dotnet build -c Release eng/chaos/Ecommerce.Chaos -v q -nologo
# The services run as their images run them: published, compiled ahead of time (ReadyToRun, Directory.Build.targets),
# so that a replica restarted under load starts and serves as a new pod would.
export ECOMMERCE_PUBLISHED_SERVICES="$PWD/artifacts/chaos"
for project in Identity.Api Products.Api Carts.Api Orders.Api Ecommerce.Gateway; do
  dotnet publish "$project" -c Release -o "$ECOMMERCE_PUBLISHED_SERVICES/$project" -v q -nologo
done
exec dotnet eng/chaos/Ecommerce.Chaos/bin/Release/net10.0/Ecommerce.Chaos.dll "$@"
