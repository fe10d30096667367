#!/usr/bin/env bash
# Runs every test of the solution against real PostgreSQL and Redis servers that the tests start
# themselves, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash eng/setup.sh || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# One test project at a time: each starts its own servers and runs its own concurrency tests, and two
# of them at once on a two-core machine measure the machine rather than the code.
# Arguments go to dotnet test; without --project or --solution among them the whole solution runs.
target=(--solution Ecommerce.sln)
case " $* " in *" --project "*|*" --solution "*) target=() ;; esac
dotnet test "${target[@]}" --max-parallel-test-modules 1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sum() { grep -a -E "^\s+$1: [0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
total=$(sum total)
passed=$(sum succeeded)
failed=$(sum failed)

if [ "$total" -eq 0 ]; then
  echo "No test ran." >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

# A failing test module prints its whole console output after its failures; repeat them here, next to the
# summary, where they are read.
if grep -a -q -E "^failed " "$log"; then
  echo
  echo "Failed tests:"
  awk '/^failed / { n = 0; show = 1 } /^[^ ]/ && !/^failed / { show = 0 } show && n++ < 15' "$log"
  echo
fi

echo "$passed passed, $failed failed"
exit "$status"
