#!/bin/bash
# Bulk at full rate through a separate moq-relay process: a moq-bench publisher sends one frame
# per group as fast as its 20 Mbit/s link to the relay (udp_link) carries them, a moq-bench
# subscriber on plain loopback must get every group. The slow first hop keeps the relay's
# backlog towards the fast subscriber short, so that nothing may be dropped there.
# Regression: the relay subscribed upstream newest-first, so every new group took the
# publisher's bandwidth ahead of the oldest one, which the relay's strict-order track waits for;
# once more than --backlog-groups newer groups waited, the relay gave the first ones up.
# Datagrams stay within 1,452 bytes (--small-datagrams): the link stands for a real path.
# Usage: bulk_through_relay.sh RELAY BENCH UDP_LINK
set -u
relay_bin=$1 bench_bin=$2 link_bin=$3
source "$(dirname "${BASH_SOURCE[0]}")/relay_shell.sh"

"$relay_bin" --bind 127.0.0.1:0 --tls-generate 127.0.0.1 --backlog-groups 100 --subscribe-wait 20000 --small-datagrams \
  2>"$work/relay.err" &
pids+=($!)
port=$(listening_port "$work/relay.err")
[ -n "$port" ] || fail "relay did not start"
fingerprint=$(grep -o 'sha256 [0-9a-f]*' "$work/relay.err" | cut -d' ' -f2)
"$link_bin" --server-port "$port" --megabits 20 --queue-bytes 1000000 >"$work/link.port" 2>"$work/link.err" &
pids+=($!)
for _ in $(seq 100); do
  grep -qE '^[0-9]+$' "$work/link.port" && break
  sleep 0.1
done
link_port=$(cat "$work/link.port")
[ -n "$link_port" ] || fail "udp_link did not start"

# 200 groups of 16 KiB: all of them fit the publisher's window at once, as at full rate.
workload=(--rate 0 --frame-size 16Ki --frames-per-group 1 --frames 200 --warmup 0 --duration 30
  --interval 0 --linger 5 --tls-fingerprint "$fingerprint" --small-datagrams)
timeout 40 "$bench_bin" --role pub "${workload[@]}" "moqf://127.0.0.1:$link_port" >"$work/pub.out" 2>"$work/pub.err" &
pub_pid=$!
pids+=("$pub_pid")
timeout 40 "$bench_bin" --role sub --json "${workload[@]}" "moqf://127.0.0.1:$port" >"$work/sub.json" 2>"$work/sub.err"
status=$?
[ "$status" = 0 ] || fail "moq-bench --role sub exited $status"
wait "$pub_pid" || fail "moq-bench --role pub exited $?"
echo "ok: 200 groups of 16 KiB through the relay at full rate, none lost"
