#!/usr/bin/env bash
# Runs one command line of a tool and checks what it did. Used by CTest (see CMakeLists.txt).
#
#   run_case.sh [--exit N] [--stdin-file F | --stdin-hex HEX] [--stdout-file F]
#               [--stdout-regex RE] [--stderr-regex RE] [--no-stderr] [--env NAME=VALUE]
#               -- command args...
#
# --exit defaults to 0; --stdout-file compares stdout exactly; the regexes are grep -E patterns
# that must match some line; --stdin-hex feeds those bytes (raw) on stdin.
set -euo pipefail

expected_exit=0
stdin_file=/dev/null
stdin_hex=""
stdout_file=""
stdout_regex=""
stderr_regex=""
no_stderr=0
env_vars=()
while [ $# -gt 0 ]; do
  case "$1" in
    --exit) expected_exit=$2; shift 2 ;;
    --stdin-file) stdin_file=$2; shift 2 ;;
    --stdin-hex) stdin_hex=$2; shift 2 ;;
    --stdout-file) stdout_file=$2; shift 2 ;;
    --stdout-regex) stdout_regex=$2; shift 2 ;;
    --stderr-regex) stderr_regex=$2; shift 2 ;;
    --no-stderr) no_stderr=1; shift ;;
    --env) env_vars+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "run_case.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$stdin_hex" ]; then
  # Each hex pair becomes a \xNN escape for printf, giving raw bytes.
  printf "$(printf '%s' "$stdin_hex" | sed 's/../\\x&/g')" > "$work/stdin"
  stdin_file=$work/stdin
fi

status=0
env "${env_vars[@]}" "$@" < "$stdin_file" > "$work/stdout" 2> "$work/stderr" || status=$?

failed=0
if [ "$status" -ne "$expected_exit" ]; then
  echo "FAIL: exit status $status, expected $expected_exit"
  failed=1
fi
if [ -n "$stdout_file" ] && ! diff -u "$stdout_file" "$work/stdout"; then
  echo "FAIL: stdout differs from $stdout_file (diff above: - expected, + actual)"
  failed=1
fi
if [ -n "$stdout_regex" ] && ! grep -Eq -- "$stdout_regex" "$work/stdout"; then
  echo "FAIL: stdout does not match: $stdout_regex"
  failed=1
fi
if [ -n "$stderr_regex" ] && ! grep -Eq -- "$stderr_regex" "$work/stderr"; then
  echo "FAIL: stderr does not match: $stderr_regex"
  failed=1
fi
if [ "$no_stderr" -eq 1 ] && [ -s "$work/stderr" ]; then
  echo "FAIL: stderr is not empty"
  failed=1
fi
if [ "$failed" -ne 0 ]; then
  echo "--- command: $*"
  echo "--- stdout:"; cat "$work/stdout"
  echo "--- stderr:"; cat "$work/stderr"
fi
exit "$failed"
