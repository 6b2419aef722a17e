# Sourced by the shell tests that run moq-relay and the tools as real binaries: a work folder and
# children that are cleaned up on exit, failing with the tail of every *.err log, and waiting for
# the relay's port and for its subscribers.
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$work"/*.err; do echo "== $f"; tail -5 "$f"; done; exit 1; }

# Waits for "listening on 127.0.0.1:PORT" in a log and prints PORT.
listening_port() {
  for _ in $(seq 100); do
    grep -q "listening on" "$1" && break
    sleep 0.1
  done
  grep -o 'listening on 127.0.0.1:[0-9]*' "$1" | cut -d: -f2
}

# Waits until the relay whose log is LOG counts COUNT subscribers (its /metrics), so that none
# of them joins after the publisher has started.
wait_subscribers() {  # LOG COUNT
  local metrics_port count
  metrics_port=$(grep -o 'metrics at http://127.0.0.1:[0-9]*' "$1" | cut -d: -f3)
  [ -n "$metrics_port" ] || return 1
  for _ in $(seq 300); do
    exec 3<>"/dev/tcp/127.0.0.1/$metrics_port" || return 1
    printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3
    count=$(grep '^moq_relay_subscribers ' <&3 | cut -d' ' -f2)
    exec 3<&-
    [ "${count:-0}" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
