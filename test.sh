#!/usr/bin/env bash
# The tests. On a fresh Debian or Ubuntu machine with the .NET 10 SDK and Node.js, this installs the programs the
# tests start for themselves when they are missing (redis-server and nginx for the storage and deployment tests,
# chromium for the browser accessibility tests, wrk for the performance command's test), then runs every test project in CmlBot.sln and ends with one line:
#   tests: N passed, N failed
#
#   ./test.sh                         install what is missing (as root), build, then dotnet test CmlBot.sln
#   ./test.sh --filter Name~Redis     any other arguments go to dotnet test
#   ./test.sh --provision-only        install what is missing, run no tests
#   ./test.sh --dry-run               say what would be installed, install nothing, run no tests
#
# Not root and something missing: it prints the exact command to run and exits 1. Nothing is ever removed.
# Besides PATH, the programs are looked for where Debian puts them (CMLBOT_PROGRAM_DIRS overrides the list).
set -uo pipefail
# The repository root (no dirname: this must run with nothing but bash on PATH).
case "$0" in */*) cd "${0%/*}" || exit 1 ;; esac

dry_run=0
provision_only=0
test_args=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=1 ;;
    --provision-only) provision_only=1 ;;
    *) test_args+=("$arg") ;;
  esac
done

# program:package. The Debian packages have the programs' names.
required=(redis-server:redis-server nginx:nginx chromium:chromium wrk:wrk)
program_dirs=${CMLBOT_PROGRAM_DIRS-/usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin}

have() {
  command -v "$1" >/dev/null 2>&1 && return 0
  local dir
  for dir in $program_dirs; do
    [ -x "$dir/$1" ] && return 0
  done
  return 1
}

missing=()
for entry in "${required[@]}"; do
  have "${entry%%:*}" || missing+=("${entry#*:}")
done

install="apt-get install -y ${missing[*]}"
if [ ${#missing[@]} -eq 0 ]; then
  echo "test.sh: redis-server, nginx, chromium and wrk are installed."
elif [ "$dry_run" -eq 1 ]; then
  echo "test.sh: missing: ${missing[*]}; would run: $install (after apt-get update, if that install fails)"
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "test.sh: missing: ${missing[*]}, and this machine has no apt-get. Install them with its package manager, then run ./test.sh again." >&2
  echo "tests: not run (missing ${missing[*]})"
  exit 1
elif [ "$(id -u)" -ne 0 ]; then
  echo "test.sh: missing: ${missing[*]}. Install them as root, then run ./test.sh again:" >&2
  echo "  sudo apt-get update && sudo $install" >&2
  echo "tests: not run (missing ${missing[*]})"
  exit 1
else
  echo "test.sh: installing ${missing[*]} …"
  # The package lists of a fresh machine are empty (or stale): fetched only when the first install fails.
  if ! DEBIAN_FRONTEND=noninteractive $install; then
    apt-get update && DEBIAN_FRONTEND=noninteractive $install || {
      echo "test.sh: could not install ${missing[*]} (see apt-get's output above)." >&2
      echo "tests: not run (missing ${missing[*]})"
      exit 1
    }
  fi
  for entry in "${required[@]}"; do
    have "${entry%%:*}" || { echo "test.sh: ${entry%%:*} is still missing after apt-get install." >&2; echo "tests: not run"; exit 1; }
  done
fi

if [ "$dry_run" -eq 1 ] || [ "$provision_only" -eq 1 ]; then
  exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Build everything once before any test runs: dotnet test builds and runs projects side by side, and the tests
# that run the README's `dotnet run` commands would otherwise build (and npm-install Web Chat) at the same time.
dotnet build CmlBot.sln 2>&1 | tee "$log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "tests: not run (the build failed)"
  exit 1
fi
dotnet test CmlBot.sln --no-build "${test_args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one "Passed!/Failed!" line per test project; add them up into one closing line.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')
echo "tests: $passed passed, $failed failed"
exit "$status"
