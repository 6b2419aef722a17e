# shellcheck shell=bash disable=SC2154  # work: set by the sourcing test
# Sourced by the browser tests: headless Chromium in its own process group, its console on
# stderr, stopped with everything else the test started. The caller sets `work` (a temporary
# directory) and calls cleanup_chromium from its EXIT trap.
chromium=${CHROMIUM:-chromium}
chromium_pid=""

require_chromium() {
  if ! command -v "$chromium" >/dev/null; then
    echo "browser test: '$chromium' is not installed (scripts/setup installs Debian's chromium)" >&2
    exit 1
  fi
}

# Opens URL; the page's console lines land in $work/chromium.err.
start_chromium() {
  setsid "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile" \
    --enable-logging=stderr --v=0 --remote-debugging-port=0 "$1" >"$work/chromium.out" 2>"$work/chromium.err" &
  chromium_pid=$!
}

cleanup_chromium() {
  # End the browser and its helpers together; a second to go quietly.
  [ -n "$chromium_pid" ] || return 0
  kill -- "-$chromium_pid" 2>/dev/null || true
  for _ in $(seq 10); do
    kill -0 -- "-$chromium_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$chromium_pid" 2>/dev/null || true
}

# Waits up to SECONDS for a console line starting with one of the words in PATTERN (an ERE
# alternation such as "RESULT|FAIL"); true if one came.
wait_console() {
  local pattern=$1 seconds=$2
  for _ in $(seq $((seconds * 10))); do
    grep -qE "\"($pattern)" "$work/chromium.err" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# The first console line starting with WORD, without the word.
console_value() {
  { grep -o "\"$1 [^\"]*\"" "$work/chromium.err" || true; } | head -n 1 | tr -d '"' | sed "s/^$1 //"
}

print_console() {
  echo "--- chromium console:" >&2
  grep -E 'CONSOLE|WebTransport|QUIC' "$work/chromium.err" | cut -c1-300 >&2 || true
}
