#!/bin/bash
# Shell users' view of the relay: moq-pub | moq-relay | several moq-sub, all real binaries on
# loopback. Every subscriber must print exactly what the publisher read, and exit 0 when the
# publisher ends the track. Usage: pipe_through_relay.sh RELAY PUB SUB
set -u
relay_bin=$1 pub_bin=$2 sub_bin=$3
source "$(dirname "${BASH_SOURCE[0]}")/relay_shell.sh"

"$relay_bin" --bind 127.0.0.1:0 --tls-generate localhost,127.0.0.1 --dev --subscribe-wait 20000 \
  --metrics 127.0.0.1:0 2>"$work/relay.err" &
relay_pid=$!
pids+=("$relay_pid")
port=$(listening_port "$work/relay.err")
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
wait_subscribers "$work/relay.err" 3 || fail "the relay never counted 3 subscribers"
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
