#!/usr/bin/env bash
# Builds the solution once, runs every test project, and ends with the runner's summary lines and one final
# "N passed, N failed, N skipped" line. The exit code is dotnet test's.
set -uo pipefail
configuration="${1:-Release}"
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build Mla.sln -c "$configuration" -warnaserror; then
  echo "0 passed, 1 failed"
  echo "build failed" >&2
  exit 1
fi

results="TestResults/run-$(date +%Y%m%d-%H%M%S)"
dotnet test Mla.sln -c "$configuration" --no-build \
  --blame-hang --blame-hang-timeout 10m \
  --logger trx --results-directory "$results" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each fixture announces which way it got its server (environment, Testcontainers, local package); the console
# logger hides passing tests' output, the trx files keep it.
echo
echo "Servers the fixtures used:"
grep -rhoE '\[mla-test\][^<&]*' "$results" 2>/dev/null | sort -u | sed 's/^/  /' || true

read -r passed failed skipped < <(grep -E '^\s*(Passed|Failed)!' "$log" | awk '
  { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "%d %d %d\n", p, f, s }')

# A red run says why in its last lines: each failed test's name, message and place, read from the trx files (the
# console output of test projects running side by side interleaves).
if [ "$status" -ne 0 ]; then
  echo
  if command -v python3 >/dev/null; then
    python3 infra/failed-tests.py "$results"
  else
    echo "Failed tests: python3 is missing to list them; see the \"Failed\" lines above or the trx files in $results"
  fi
  if [ "$failed" -eq 0 ]; then
    failed=1  # the runner failed without counting a failed test (crash, hang, build of a test host)
    echo "The test run failed without a failed test (a test host crashed or hung): see the output above and the blame files in $results"
  fi
fi

echo
echo "Summary:"
grep -E '^\s*(Passed|Failed)!' "$log" | sed 's/^\s*//'
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
