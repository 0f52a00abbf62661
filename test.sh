#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET 10 SDK; installs whatever the tests need that
# the machine lacks. Ends with one line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

logs=$(mktemp -d)
log=$logs/dotnet.log
ccxt_log=$logs/ccxt.log
web_log=$logs/web.log
restore_log=$logs/restore.log
web_npm_log=$logs/web-npm.log
ccxt_npm_log=$logs/ccxt-npm.log
server_tests_log=$logs/server-tests.log
drills_log=$logs/drills.log
trap 'rm -rf "$logs"' EXIT

# The web UI is built with the server (Node.js 20.19+ with npm) and its end-to-end tests drive Debian's Chromium.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "== installing Node.js and npm"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium for the web UI's end-to-end tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The history store tests start a real PostgreSQL server of their own.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "== installing PostgreSQL for the store tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

# The disk-fault tests mount a small ext4 disk on a loop device and make files immutable (mkfs.ext4, chattr).
if ! command -v mkfs.ext4 >/dev/null || ! command -v chattr >/dev/null; then
  echo "== installing e2fsprogs for the disk-fault tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq e2fsprogs >/dev/null
fi

# The drills' security scan drives sqlmap against the APIs (tests/Bourse.Faults.Tests/Security).
if ! command -v sqlmap >/dev/null; then
  echo "== installing sqlmap for the security scan"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlmap >/dev/null
fi

# Each stage's wall time, printed at the end, so a slower suite shows where the time went. The three test suites run
# side by side, so their times overlap; each is its own wall time from its start to its end.
stage_times=()
stage_start=$SECONDS
stage() {
  [ -n "${stage_name:-}" ] && stage_times+=("$stage_name $((SECONDS - stage_start)) s")
  stage_name=$1
  stage_start=$SECONDS
  echo "== $1"
}

# npm packages reinstalled only when the committed lock is newer than what npm ci left behind.
npm_install() {
  cd "$1" && { [ ! package-lock.json -nt node_modules/.package-lock.json ] || npm ci --no-audit --no-fund; }
}

stage "prepare: whitespace check (dotnet format whitespace), with dotnet restore and npm ci alongside"
npm_install web >"$web_npm_log" 2>&1 &
web_npm=$!
npm_install tests/ccxt >"$ccxt_npm_log" 2>&1 &
ccxt_npm=$!
dotnet restore Bourse.slnx -nologo -v quiet >"$restore_log" 2>&1 &
restore=$!
# Whitespace only, file by file without loading the projects: the style and analyzer rules that `dotnet format`
# also checks are enforced by the build below (EnforceCodeStyleInBuild, .editorconfig severities, warnings as errors).
dotnet format whitespace --folder --verify-no-changes --exclude '**/bin/**' '**/obj/**' '**/node_modules/**'
whitespace_status=$?
wait "$restore"
restore_status=$?
wait "$web_npm"
web_npm_status=$?
wait "$ccxt_npm"
ccxt_npm_status=$?
if [ "$whitespace_status" -ne 0 ]; then
  echo "dotnet format found whitespace to fix: run 'dotnet format Bourse.slnx'"
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$restore_status" -ne 0 ]; then
  cat "$restore_log"
  echo "0 passed, 1 failed"
  exit 1
fi

# The web UI is built by the server's project from web/node_modules, so the build waits for npm ci there; a failed
# npm ci is reported by the web stage (and the build's own npm ci tries again).
stage "build (warnings are errors; style rules from .editorconfig enforced)"
# UseSharedCompilation: one warm compiler server for all the projects rather than a compiler process per project.
if ! dotnet build Bourse.slnx --no-restore -warnaserror -nologo -v quiet -p:UseSharedCompilation=true; then
  echo "0 passed, 1 failed"
  exit 1
fi

# The three suites share nothing: each server they start gets its own free loopback port and temporary data
# directory. Each one's output is printed when it has ended.
# The server tests take longest: they start at once, in a dotnet test of their own, instead of after the assemblies
# listed before them; the other assemblies run beside them (SkipTestProject: tests/Directory.Build.targets).
dotnet_tests() {
  dotnet test tests/Bourse.Server.Tests --no-build -nologo >"$server_tests_log" 2>&1 &
  local server_tests=$!
  dotnet test Bourse.slnx --no-build -nologo -p:SkipTestProject=Bourse.Server.Tests -p:SkipDrills=true
  local others_status=$?
  wait "$server_tests"
  local server_tests_status=$?
  cat "$server_tests_log"
  [ "$others_status" -eq 0 ] && [ "$server_tests_status" -eq 0 ]
}

ccxt_tests() {
  cat "$ccxt_npm_log"
  [ "$ccxt_npm_status" -eq 0 ] && (cd tests/ccxt && node --test --test-reporter=tap --test-concurrency=1)
}

web_tests() {
  cat "$web_npm_log"
  [ "$web_npm_status" -eq 0 ] && (
    cd web &&
      # The checked-in OpenAPI copy and the types generated from it must match the server just built.
      npm run --silent api:check &&
      npx vitest run --reporter=default &&
      npx playwright test
  )
}

# Runs a suite in the background into its log; its wall time goes to "$log.time".
start_suite() {
  local name=$1 log=$2 suite=$3
  (
    started=$SECONDS
    "$suite" >"$log" 2>&1
    suite_status=$?
    echo "$name $((SECONDS - started)) s" >"$log.time"
    exit "$suite_status"
  ) &
}

stage "tests: .NET, CCXT conformance (tests/ccxt) and web UI (web/: api:check, vitest, playwright) side by side"
start_suite "tests: .NET" "$log" dotnet_tests
dotnet_pid=$!
start_suite "tests: ccxt" "$ccxt_log" ccxt_tests
ccxt_pid=$!
start_suite "tests: web UI" "$web_log" web_tests
web_pid=$!

wait "$dotnet_pid"
status=$?
echo "== .NET tests"
cat "$log"
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

wait "$ccxt_pid"
ccxt_status=$?
echo "== ccxt conformance (tests/ccxt: node --test against the built server)"
cat "$ccxt_log"
ccxt_passed=$(grep -oE '^# pass [0-9]+' "$ccxt_log" | awk '{s+=$3} END {print s+0}')
ccxt_failed=$(grep -oE '^# fail [0-9]+' "$ccxt_log" | awk '{s+=$3} END {print s+0}')
if [ "$ccxt_status" -ne 0 ] && [ "$ccxt_failed" -eq 0 ]; then
  ccxt_failed=1
fi
passed=$((passed + ccxt_passed))
failed=$((failed + ccxt_failed))
if [ "$status" -eq 0 ]; then
  status=$ccxt_status
fi

wait "$web_pid"
web_status=$?
echo "== web UI (web/: api:check, vitest, then playwright in headless Chromium against the built server)"
cat "$web_log"
# vitest: "Tests  2 failed | 40 passed (42)"; playwright: "  12 passed (40s)", "  1 failed". Colours (on when CI is
# set) are stripped first.
web_counts=$(sed 's/\x1b\[[0-9;]*m//g' "$web_log" | grep -E '^ *Tests +|^ +[0-9]+ (passed|failed)')
web_passed=$(echo "$web_counts" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
web_failed=$(echo "$web_counts" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
if [ "$web_status" -ne 0 ] && [ "$web_failed" -eq 0 ]; then
  web_failed=1
fi
passed=$((passed + web_passed))
failed=$((failed + web_failed))
if [ "$status" -eq 0 ]; then
  status=$web_status
fi
# The fault-injection drills (tests/Bourse.Faults.Tests: SIGKILL and SIGSTOP under load, PostgreSQL and SMTP outages,
# clock jumps; docs/reliability.md) run after the suites, on their own: they race real processes against their
# clients' timeouts, so nothing else should compete with them for the two cores.
stage "drills: fault injection (tests/Bourse.Faults.Tests)"
dotnet test tests/Bourse.Faults.Tests --no-build -nologo >"$drills_log" 2>&1
drills_status=$?
cat "$drills_log"
drills_passed=$(grep -oE 'Passed: +[0-9]+' "$drills_log" | awk '{s+=$2} END {print s+0}')
drills_failed=$(grep -oE 'Failed: +[0-9]+' "$drills_log" | awk '{s+=$2} END {print s+0}')
if [ "$drills_status" -ne 0 ] && [ "$drills_failed" -eq 0 ]; then
  drills_failed=1
fi
passed=$((passed + drills_passed))
failed=$((failed + drills_failed))
if [ "$status" -eq 0 ]; then
  status=$drills_status
fi
stage "done"
for suite_log in "$log" "$ccxt_log" "$web_log"; do
  [ -f "$suite_log.time" ] && stage_times+=("$(cat "$suite_log.time")")
done
printf '== stage times: %s\n' "$(IFS=';'; echo "${stage_times[*]}")"
echo "$passed passed, $failed failed"
exit "$status"
