#!/usr/bin/env bash
# moq-pub | moq-relay | moq-sub over impaired links: each tool reaches the relay through a
# quic_transfer relay (a user-space netem: this kernel has no sch_netem) that drops 5% of the
# datagrams, delays the rest by 100 ms except a quarter sent at once (reordering), and sends 5%
# twice. Case in-order: groups never expire and every byte arrives in order. Case expires:
# moq-pub --expires; late groups are dropped and reported, and what arrives of a group is in order.
# Usage: impaired_pipe.sh in-order|expires   (MOQ_RELAY, MOQ_PUB, MOQ_SUB, QUIC_TRANSFER: binaries)
set -uo pipefail
source "$(dirname "$0")/../relay/relay_shell.sh"
case_name=$1
# In a sanitizer build: libngtcp2's own leaks under loss are not ours (lsan_ngtcp2.supp).
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(cd "$(dirname "$0")" && pwd)/lsan_ngtcp2.supp"

"$MOQ_RELAY" --bind 127.0.0.1:0 --tls-generate localhost,127.0.0.1 --metrics 127.0.0.1:0 2> "$work/relay.err" &
pids+=($!)
relay_port=$(listening_port "$work/relay.err")
[ -n "$relay_port" ] || fail "relay did not start"

# An impaired link to the relay; sets link_port to the port its client side listens on.
impaired_link() {  # NAME
  "$QUIC_TRANSFER" relay --bind 127.0.0.1:0 --to "127.0.0.1:$relay_port" --seconds 60 \
    --loss 0.05 --delay-ms 100 --reorder 0.25 --duplicate 0.05 > "$work/$1.out" 2> "$work/$1.err" &
  local pid=$!
  pids+=("$pid")
  link_port=""
  for _ in $(seq 100); do
    link_port=$(ss -Hulnp 2>/dev/null | grep "pid=$pid," | grep -o '127.0.0.1:[0-9]*' | cut -d: -f2 | head -n 1)
    [ -n "$link_port" ] && return 0
    sleep 0.05
  done
  fail "the impaired link $1 did not start"
}
impaired_link pub-link
pub_port=$link_port
impaired_link sub-link
sub_port=$link_port
tls=(--tls-disable-verify)

case "$case_name" in
  in-order)
    # 3,000 numbered lines (21 kB) in groups of 100.
    seq 1 3000 > "$work/input"
    "$MOQ_SUB" "${tls[@]}" "moqf://127.0.0.1:$sub_port" impaired/t > "$work/output" 2> "$work/sub.err" &
    sub_pid=$!
    pids+=("$sub_pid")
    wait_subscribers "$work/relay.err" 1 || fail "the subscriber did not reach the relay"
    timeout 40 "$MOQ_PUB" "${tls[@]}" --group every:100 "moqf://127.0.0.1:$pub_port" impaired/t \
      < "$work/input" 2> "$work/pub.err" || fail "moq-pub failed"
    wait "$sub_pid" || fail "moq-sub exited with $?"
    cmp "$work/input" "$work/output" || fail "the output differs from the input"
    ;;
  expires)
    # A group of ten 3 kB lines every 100 ms (each line "GROUP INDEX" and padding): 300 kB/s,
    # well beyond what these links carry, so groups queue and expire 150 ms after the next one
    # started.
    "$MOQ_SUB" "${tls[@]}" --format '%g %i %P\n' "moqf://127.0.0.1:$sub_port" impaired/t \
      > "$work/output" 2> "$work/sub.err" &
    sub_pid=$!
    pids+=("$sub_pid")
    wait_subscribers "$work/relay.err" 1 || fail "the subscriber did not reach the relay"
    padding=$(printf '%03000d' 0)
    for ((g = 0; g < 30; ++g)); do
      for ((i = 0; i < 10; ++i)); do echo "$g $i $padding"; done
      sleep 0.1
    done |
      timeout 40 "$MOQ_PUB" "${tls[@]}" --group every:10 --expires 150 "moqf://127.0.0.1:$pub_port" impaired/t \
        2> "$work/pub.err" || fail "moq-pub failed"
    wait "$sub_pid" || fail "moq-sub exited with $?"
    # Every frame is where it was written, groups ascend, and inside a group the frames come in
    # order from the first, without gaps or repeats.
    awk '
      $1 != $3 || $2 != $4 { print "frame " $1 "/" $2 " carries " $3 " " $4; bad = 1 }
      $1 < group { print "group " $1 " after group " group; bad = 1 }
      $1 > group { group = $1; expected = 0 }
      $2 != expected { print "group " $1 ": frame " $2 " where " expected " was due"; bad = 1 }
      { expected = $2 + 1 }
      END { exit bad }
    ' group=-1 "$work/output" || fail "frames out of order"
    groups=$(cut -d' ' -f1 "$work/output" | sort -un | wc -l)
    reported=$(grep -c "were dropped\|was cut off" "$work/sub.err")
    echo "$groups of 30 groups arrived (some in part); moq-sub reported $reported drops"
    ((groups > 0)) || fail "nothing arrived"
    complete=$(cut -d' ' -f1 "$work/output" | uniq -c | awk '$1 == 10' | wc -l)
    echo "$complete of them complete"
    ((complete < 30)) || fail "no group expired"
    ((reported > 0)) || fail "the dropped groups were not reported"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok ($case_name)"
