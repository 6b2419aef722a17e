#!/bin/bash
# Shell users' view of the relay: moq-pub | moq-relay | several moq-sub, all real binaries on
# loopback. Every subscriber must print exactly what the publisher read, and exit 0 when the
# publisher ends the track. Usage: pipe_through_relay.sh RELAY PUB SUB
set -u
relay_bin=$1 pub_bin=$2 sub_bin=$3
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$work"/*.err; do echo "== $f"; tail -5 "$f"; done; exit 1; }

"$relay_bin" --bind 127.0.0.1:0 --tls-generate localhost,127.0.0.1 --dev --subscribe-wait 20000 \
  --metrics 127.0.0.1:0 2>"$work/relay.err" &
relay_pid=$!
pids+=("$relay_pid")
for _ in $(seq 50); do
  grep -q "listening on" "$work/relay.err" && break
  sleep 0.1
done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/relay.err" | cut -d: -f2)
[ -n "$port" ] || fail "relay did not start"
fingerprint=$(grep -o 'sha256 [0-9a-f]*' "$work/relay.err" | cut -d' ' -f2)
url=moqf://127.0.0.1:$port

seq 1 3000 >"$work/expected"
for i in 1 2 3; do
  timeout 20 "$sub_bin" --tls-fingerprint "$fingerprint" --timeout 15 "$url" pipe/numbers \
    >"$work/sub$i.out" 2>"$work/sub$i.err" &
  pids+=($!)
done
# The subscriptions wait at the relay for the publisher (--subscribe-wait); all three must be
# there before it starts, or a late one would begin at a later group.
metrics_port=$(grep -o 'metrics at http://127.0.0.1:[0-9]*' "$work/relay.err" | cut -d: -f3)
[ -n "$metrics_port" ] || fail "relay serves no /metrics"
for _ in $(seq 300); do
  exec 3<>"/dev/tcp/127.0.0.1/$metrics_port" || fail "no /metrics endpoint"
  printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3
  subscribers=$(grep '^moq_relay_subscribers ' <&3 | cut -d' ' -f2)
  exec 3<&-
  [ "${subscribers:-0}" -ge 3 ] && break
  sleep 0.1
done
[ "${subscribers:-0}" -ge 3 ] || fail "the relay counts ${subscribers:-0} subscribers, not 3"
timeout 20 "$pub_bin" --tls-fingerprint "$fingerprint" "$url" pipe/numbers <"$work/expected" 2>"$work/pub.err" \
  || fail "moq-pub exited $?"
for i in 1 2 3; do
  wait "${pids[$i]}" || fail "moq-sub $i exited $?"
  cmp -s "$work/expected" "$work/sub$i.out" || fail "moq-sub $i printed $(wc -l <"$work/sub$i.out") lines, not the 3000 published"
done

kill -TERM "$relay_pid"
for _ in $(seq 20); do kill -0 "$relay_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$relay_pid" 2>/dev/null && fail "relay still running 2 s after SIGTERM"
wait "$relay_pid" || fail "relay exited $? after SIGTERM"
echo "ok: 3 subscribers got 3000 lines each through the relay"
