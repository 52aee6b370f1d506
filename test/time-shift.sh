#!/usr/bin/env bash
# The suites that read a clock, run again (1) with the machine clock moved to other dates by libfaketime
# (Debian's `faketime`): a Saturday night in IST, and a weekday in 2027 a minute before Kite's 06:00 IST token
# expiry; and (2) two at once, for CPU contention. A test that depends on today's date or on this machine's
# speed fails here the day it is written. `npm test` runs it after the main suite (npm run test:time).
set -euo pipefail
cd "$(dirname "$0")/.."

CLOCK_SUITES="test/core/calendar.test.ts test/core/market-session.test.ts test/core/ist.test.ts test/auth/expiry.test.ts test/engine/must-finish-by.test.ts test/engine/acceptance.test.ts"
# The paper e2e tests whose outcome hangs on the wall clock and the machine's speed (the 06:00 IST expiry, waits).
E2E_SUITE="test/e2e/cli-paper.test.ts"
E2E_TESTS="README command|06:00 IST token expiry|overnight wait"

suites() {
  local log=$1
  npx vitest run --reporter=dot $CLOCK_SUITES >"$log" 2>&1 && npx vitest run --reporter=dot "$E2E_SUITE" -t "$E2E_TESTS" >>"$log" 2>&1
}
check() {
  if ! wait "$1"; then
    cat "$2"
    echo "time-shift: FAILED ($3)"
    exit 1
  fi
  echo "time-shift: clock suites pass ($3)"
}
log=$(mktemp -d)
start=$(date +%s)

if command -v faketime >/dev/null 2>&1; then
  # UTC times: Saturday 23:30 IST; Tuesday 5 Jan 2027 05:59 IST, a minute before Kite tokens end.
  for when in '2026-11-28 18:00:00' '2027-01-05 00:29:00'; do
    export -f suites
    FAKETIME_DONT_RESET=1 CLOCK_SUITES="$CLOCK_SUITES" E2E_SUITE="$E2E_SUITE" E2E_TESTS="$E2E_TESTS" faketime -f "@$when" bash -c "suites '$log/ft.log'" &
    check $! "$log/ft.log" "machine clock at $when UTC"
  done
else
  echo "time-shift: SKIPPED the moved-clock runs: faketime is not installed (apt-get install faketime)"
fi

# Two at once: each sees about half the CPU it would have alone.
suites "$log/a.log" &
a=$!
suites "$log/b.log" &
b=$!
check "$a" "$log/a.log" 'two at once, first'
check "$b" "$log/b.log" 'two at once, second'
echo "time-shift: done in $(($(date +%s) - start)) s"
