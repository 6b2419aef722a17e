#!/usr/bin/env bash
# One end-to-end case of moq-pub/moq-sub over loopback UDP, with the real binaries:
#   pubsub_case.sh CASE   (MOQ_PUB, MOQ_SUB, MOQ_RELAY point at the binaries)
# Every process started here is bounded by `timeout` and killed on exit, whatever happens.
set -euo pipefail

case_name=$1
work=$(mktemp -d)
children=()
cleanup() {
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

# Waits for "listening on HOST:PORT" in a log and prints the port.
port_from_log() {
  local log=$1
  for _ in $(seq 100); do
    if port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\) .*/\1/p' "$log" | head -1) && [[ -n $port ]]; then
      echo "$port"
      return
    fi
    sleep 0.05
  done
  cat "$log" >&2
  fail "no 'listening on' line in $log"
}

# pub_listen INPUT PUB-ARGS... : moq-pub --listen on a free port reading INPUT; sets pub_pid, url.
pub_listen() {
  local input=$1
  shift
  timeout 50 "$MOQ_PUB" --listen 127.0.0.1:0 --tls-generate localhost "$@" < "$input" 2> "$work/pub.log" 3>&- &
  pub_pid=$!
  children+=("$pub_pid")
  url="moqf://localhost:$(port_from_log "$work/pub.log")"
}

# start_relay: moq-relay on a free port; sets url.
start_relay() {
  timeout 50 "$MOQ_RELAY" --bind 127.0.0.1:0 --tls-generate localhost 2> "$work/relay.log" 3>&- &
  children+=($!)
  url="moqf://localhost:$(port_from_log "$work/relay.log")"
}

sub() { timeout 50 "$MOQ_SUB" -q --tls-disable-verify "$@" 2>> "$work/sub.log" 3>&-; }

# wait_for WHAT CONDITION: evaluates CONDITION until true, for up to 20 s.
wait_for() {
  for _ in $(seq 400); do
    eval "$2" && return
    sleep 0.05
  done
  cat "$work"/*.log >&2 || true
  fail "waited in vain for $1"
}

expect_status() {
  local want=$1 got=$2 what=$3
  [[ $got == "$want" ]] || { cat "$work"/*.log >&2 || true; fail "$what: exit status $got, expected $want"; }
}

wait_pub() {
  local status=0
  wait "$pub_pid" || status=$?
  expect_status 0 "$status" "moq-pub"
}

# roundtrip NAME PUB-ARGS -- SUB-ARGS : publishes $work/NAME.in, checks the output is identical.
roundtrip() {
  local name=$1
  shift
  local pub_args=() sub_args=()
  while [[ $1 != -- ]]; do pub_args+=("$1"); shift; done
  shift
  sub_args=("$@")
  pub_listen "$work/$name.in" "${pub_args[@]}" "x/$name"
  local status=0
  sub "${sub_args[@]}" "$url" "x/$name" > "$work/$name.out" || status=$?
  expect_status 0 "$status" "moq-sub $name"
  wait_pub
  cmp "$work/$name.in" "$work/$name.out" || fail "$name: output differs from input"
}

# grouping MODE INPUT-TEXT EXPECTED : "%g %i" of every frame, published with --group MODE.
grouping() {
  local mode=$1 input=$2 expected=$3
  printf '%b' "$input" > "$work/g.in"
  pub_listen "$work/g.in" --group "$mode" x/g
  local got
  got=$(sub --format '%g %i %p\n' "$url" x/g | tr '\n' ',')
  wait_pub
  [[ $got == "$expected" ]] || fail "--group $mode: got '$got', expected '$expected'"
}

case $case_name in
  lines-100k)
    seq 1 100000 > "$work/lines.in"
    roundtrip lines --
    ;;
  binary-200mb)
    head -c 200000000 /dev/urandom > "$work/big.in"
    pub_listen "$work/big.in" --frame size:65536 x/big
    status=0
    sub --frame raw "$url" x/big | sha256sum > "$work/big.sum" || status=$?
    expect_status 0 "$status" "moq-sub"
    wait_pub
    [[ $(sha256sum < "$work/big.in") == "$(cat "$work/big.sum")" ]] || fail "SHA-256 differs"
    ;;
  framing-modes)
    printf 'one\ntwo\n\nfour' > "$work/keep.in"
    roundtrip keep --keep-newline -- --frame raw
    printf 'a\0bb\0\0ccc\0' > "$work/delim.in"
    roundtrip delim --frame 'delim:0x00' -- --format '%p\0'
    head -c 100000 /dev/urandom > "$work/size.in"
    roundtrip size --frame size:777 -- --frame raw
    printf '\0\0\0\3abc\0\0\0\0\0\0\0\1z' > "$work/len32.in"
    roundtrip len32 --frame len32 -- --frame len32
    { printf '\5hello\0'; printf '\x40\x46'; head -c 70 /dev/zero; } > "$work/varint.in"
    roundtrip varint --frame varint -- --frame varint
    head -c 300000 /dev/urandom > "$work/all.in"
    roundtrip all --frame all -- --frame raw
    head -c 300000 /dev/urandom > "$work/chunk.in"
    roundtrip chunk --frame chunk -- --frame raw
    printf 'no newline at the end' > "$work/last.in"
    pub_listen "$work/last.in" x/last
    [[ $(sub --format '%s:%p' "$url" x/last) == "21:no newline at the end" ]] || fail "last line without newline"
    wait_pub
    ;;
  quic-flags)
    # --congestion and --qlog-dir on both ends; an unknown controller is a usage error.
    mkdir "$work/qlog-pub" "$work/qlog-sub"
    seq 1 1000 > "$work/quic.in"
    roundtrip quic --congestion bbr --qlog-dir "$work/qlog-pub" -- --congestion reno --qlog-dir "$work/qlog-sub"
    for side in pub sub; do
      grep -qs qlog_version "$work/qlog-$side"/*.sqlog || fail "no qlog trace from moq-$side in $work/qlog-$side"
    done
    status=0
    "$MOQ_SUB" --congestion vegas moqf://localhost:1 x/quic 2> "$work/usage.err" || status=$?
    expect_status 1 "$status" "moq-sub --congestion vegas"
    grep -q -- --congestion "$work/usage.err" || fail "the usage error does not name --congestion: $(cat "$work/usage.err")"
    ;;
  loopback-datagrams)
    # To a loopback address a 4 KB frame travels in one datagram of at most 8 KB, but Initial
    # packets, sent before the peer has said what it reads, keep to 1,452 bytes (Handshake
    # packets may ride a larger datagram once the handshake is complete); with
    # --small-datagrams no datagram exceeds 1,452 bytes. The qlog traces give each packet's length.
    largest_packet() { grep -h "${2:-}" "$1"/*.sqlog | grep -o '"raw":{"length":[0-9]*' | grep -o '[0-9]*$' | sort -n | tail -1; }
    for i in $(seq 20); do printf '%04000d\n' "$i"; done > "$work/dgram.in"
    mkdir "$work/qlog-large" "$work/qlog-large-sub" "$work/qlog-small"
    roundtrip dgram --qlog-dir "$work/qlog-large" -- --qlog-dir "$work/qlog-large-sub"
    largest=$(largest_packet "$work/qlog-large")
    (( largest > 4000 && largest <= 8192 )) || fail "largest packet on loopback: $largest bytes, expected 4001-8192"
    for side in large large-sub; do
      largest=$(largest_packet "$work/qlog-$side" '"packet_type":"initial"')
      (( largest >= 1200 && largest <= 1452 )) || fail "largest Initial packet ($side): $largest bytes, expected 1200-1452"
    done
    roundtrip dgram --qlog-dir "$work/qlog-small" --small-datagrams -- --small-datagrams
    largest=$(largest_packet "$work/qlog-small")
    (( largest <= 1452 )) || fail "largest packet with --small-datagrams: $largest bytes, expected <= 1452"
    ;;
  grouping-modes)
    grouping every:3 'a\nb\nc\nd\ne\nf\ng\n' '0 0 a,0 1 b,0 2 c,1 0 d,1 1 e,1 2 f,2 0 g,'
    grouping bytes:5 'ab\ncd\nef\ngh\nij\n' '0 0 ab,0 1 cd,0 2 ef,1 0 gh,1 1 ij,'
    grouping 'match:^#' '#1\nx\ny\n#2\nz\n' '0 0 #1,0 1 x,0 2 y,1 0 #2,1 1 z,'
    grouping never 'a\nb\nc\n' '0 0 a,0 1 b,0 2 c,'
    # ms:N needs time between lines: a, b within 300 ms, c after.
    mkfifo "$work/slow"
    exec 3<> "$work/slow"
    pub_listen "$work/slow" -v --group ms:300 x/ms
    sub --format '%g %p\n' "$url" x/ms > "$work/ms.out" 3>&- &
    children+=($!)
    for _ in $(seq 100); do grep -q "subscriber at" "$work/pub.log" && break; sleep 0.05; done
    printf 'a\nb\n' >&3
    sleep 0.6
    printf 'c\n' >&3
    exec 3>&-
    wait_pub
    wait "${children[-1]}"
    got=$(tr '\n' ',' < "$work/ms.out")
    [[ $got == "0 a,0 b,1 c," ]] || fail "--group ms:300: got '$got'"
    ;;
  json-output)
    printf 'hi\n' > "$work/j.in"
    pub_listen "$work/j.in" x/j
    line=$(sub --frame json "$url" x/j)
    wait_pub
    [[ $line =~ ^\{\"group\":0,\"index\":0,\"size\":2,\"time\":\"[0-9T:.-]+Z\",\"text\":\"hi\"\}$ ]] || fail "json: $line"
    ;;
  head-closes-stdout)
    seq 1 100000 > "$work/h.in"
    pub_listen "$work/h.in" x/h
    first=$(set +o pipefail; sub "$url" x/h | head -1; echo "status ${PIPESTATUS[0]}")
    [[ $first == $'1\nstatus 0' ]] || fail "moq-sub | head -1: '$first'"
    ;;
  not-found)
    mkfifo "$work/idle"
    exec 3<> "$work/idle"  # a writer that never writes: moq-pub waits on stdin
    pub_listen "$work/idle" x/here
    status=0
    sub "$url" x/elsewhere || status=$?
    expect_status 3 "$status" "not found"
    grep -q "moq-sub: error: .*(not found)$" "$work/sub.log" || fail "no not-found line"
    ;;
  connection-failure)
    status=0
    sub moqf://127.0.0.1:9 x/none || status=$?
    expect_status 4 "$status" "nothing listening"
    ;;
  timeout)
    mkfifo "$work/idle"
    exec 3<> "$work/idle"
    pub_listen "$work/idle" --no-wait x/t
    status=0
    sub --timeout 0.5 "$url" x/t || status=$?
    expect_status 6 "$status" "--timeout"
    ;;
  count-and-groups)
    seq 1 1000 > "$work/c.in"
    pub_listen "$work/c.in" --group every:10 x/c
    [[ $(sub --count 15 "$url" x/c | tr '\n' ,) == "$(seq -s , 1 15)," ]] || fail "--count 15"
    pub_listen "$work/c.in" --group every:10 x/c
    [[ $(sub --groups 2 "$url" x/c | tr '\n' ,) == "$(seq -s , 1 20)," ]] || fail "--groups 2"
    ;;
  interrupt-ends-track)
    mkfifo "$work/live"
    exec 3<> "$work/live"
    pub_listen "$work/live" x/live
    sub "$url" x/live > "$work/live.out" 3>&- &
    sub_pid=$!
    children+=("$sub_pid")
    printf 'first\nsecond\n' >&3
    for _ in $(seq 100); do [[ $(wc -l < "$work/live.out") == 2 ]] && break; sleep 0.05; done
    kill -INT "$pub_pid"
    wait_pub
    status=0
    wait "$sub_pid" || status=$?
    expect_status 0 "$status" "moq-sub after the publisher's Ctrl-C"
    [[ $(cat "$work/live.out") == $'first\nsecond' ]] || fail "received '$(cat "$work/live.out")'"
    ;;
  relay-subscriber-first)
    # Through moq-relay, the subscriber asking before the track exists; a paced publisher.
    start_relay
    sub "$url" r/paced > "$work/paced.out" &
    sub_pid=$!
    children+=("$sub_pid")
    sleep 0.3
    { for i in $(seq 1 40); do echo "line $i"; sleep 0.02; done; } |
      timeout 50 "$MOQ_PUB" -q --tls-disable-verify "$url" r/paced 2> "$work/pub.log" 3>&- || fail "moq-pub via the relay"
    status=0
    wait "$sub_pid" || status=$?
    expect_status 0 "$status" "moq-sub via the relay"
    for i in $(seq 1 40); do echo "line $i"; done | cmp - "$work/paced.out" || fail "relayed lines differ"
    ;;
  from-group)
    # moq-sub --from through moq-relay: the relay's upstream subscription starts where the
    # subscriber asked, so groups the publisher cached before anyone subscribed come through.
    start_relay
    mkfifo "$work/feed"
    exec 3<> "$work/feed"
    timeout 50 "$MOQ_PUB" -q --tls-disable-verify --no-wait --cache-groups 100 "$url" f/t < "$work/feed" \
      2> "$work/pub.log" 3>&- &
    pub_pid=$!
    children+=("$pub_pid")
    seq 1 10 >&3
    # Whenever moq-pub reads the lines, group 0 on is what --from 0 gets.
    [[ $(sub --from 0 --count 10 "$url" f/t | tr '\n' ,) == "$(seq -s , 1 10)," ]] || fail "--from 0"
    [[ $(sub --from 5 --count 5 "$url" f/t | tr '\n' ,) == "$(seq -s , 6 10)," ]] || fail "--from 5"
    [[ $(sub --count 1 "$url" f/t) == 10 ]] || fail "--from latest (the default)"
    status=0
    sub --from x "$url" f/t || status=$?
    expect_status 1 "$status" "--from x"
    exec 3>&-
    wait_pub
    ;;
  reconnect)
    # moq-relay stopped and started again on the same port in the middle of a pipe: moq-pub and
    # moq-sub --reconnect carry on, and stderr says what happened. moq-pub holds stdin until the
    # relay subscribes again, so here nothing is lost.
    start_relay
    port=${url##*:}
    mkfifo "$work/feed"
    exec 3<> "$work/feed"
    timeout 50 "$MOQ_PUB" --tls-disable-verify --reconnect "$url" r/re < "$work/feed" 2> "$work/pub.log" 3>&- &
    pub_pid=$!
    children+=("$pub_pid")
    timeout 50 "$MOQ_SUB" --tls-disable-verify --reconnect "$url" r/re > "$work/re.out" 2> "$work/sub.log" 3>&- &
    sub_pid=$!
    children+=("$sub_pid")
    seq 1 20 >&3
    wait_for "20 lines before the restart" '[[ $(wc -l < "$work/re.out") == 20 ]]'
    kill "${children[0]}"
    wait "${children[0]}" || true
    wait_for "moq-pub noticing" 'grep -q "reconnecting" "$work/pub.log"'
    wait_for "moq-sub noticing" 'grep -q "reconnecting" "$work/sub.log"'
    timeout 50 "$MOQ_RELAY" --bind "127.0.0.1:$port" --tls-generate localhost 2> "$work/relay2.log" 3>&- &
    children+=($!)
    seq 21 40 >&3
    exec 3>&-
    wait_pub
    status=0
    wait "$sub_pid" || status=$?
    expect_status 0 "$status" "moq-sub --reconnect"
    seq 1 40 | cmp - "$work/re.out" || fail "lines differ after the reconnection: $(tr '\n' ' ' < "$work/re.out")"
    grep -q "reconnected to $url; publishing on from group 20" "$work/pub.log" || fail "moq-pub: $(cat "$work/pub.log")"
    grep -q "resumed r/re at group 20: nothing missed" "$work/sub.log" || fail "moq-sub: $(cat "$work/sub.log")"
    ;;
  moq-cat-live)
    cat_live() { timeout 20 "$MOQ_CAT" -q --tls-disable-verify "$@" 2>> "$work/cat.log" 3>&-; }
    mkfifo "$work/feed"
    exec 3<> "$work/feed"
    pub_listen "$work/feed" -v --group every:2 cat/clock
    [[ $(cat_live "$url") == "cat/clock" ]] || fail "moq-cat URL does not list cat/clock"
    cat_live "$url" cat/clock > "$work/dump.out" 3>&- &
    dump_pid=$!
    children+=("$dump_pid")
    for _ in $(seq 100); do grep -q "subscriber at" "$work/pub.log" && break; sleep 0.05; done
    info=$(cat_live --info "$url" cat/clock)
    [[ $info == *"path cat/clock"*"order asc"* ]] || fail "moq-cat --info: '$info'"
    status=0
    cat_live --info "$url" cat/none || status=$?
    expect_status 3 "$status" "moq-cat --info of an unknown track"
    printf 'a\nb\nc\n' >&3
    exec 3>&-
    wait_pub
    status=0
    wait "$dump_pid" || status=$?
    expect_status 0 "$status" "moq-cat URL PATH"
    grep -Eq '^group 0 at [0-9:.]+$' "$work/dump.out" || fail "no group 0 line: $(cat "$work/dump.out")"
    grep -Eq '^  frame 1 size 1 at [0-9:.]+ text "b"$' "$work/dump.out" || fail "no frame line for b"
    [[ $(tail -1 "$work/dump.out") == "track end" ]] || fail "no track end"
    ;;
  *)
    fail "unknown case"
    ;;
esac
echo "ok ($case_name)"
