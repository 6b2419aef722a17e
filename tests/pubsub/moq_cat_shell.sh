#!/usr/bin/env bash
# moq-cat -i used as a person would: keys typed into a tmux pane, the screen read back, against
# a real moq-relay with moq-pub and moq-sub on loopback. MOQ_CAT, MOQ_PUB, MOQ_SUB and MOQ_RELAY
# point at the binaries. Every wait is bounded; everything started here is stopped on exit.
set -euo pipefail

command -v tmux > /dev/null || { echo "tmux is not installed: skipped"; exit 77; }

work=$(mktemp -d)
children=()
tmux_() { tmux -S "$work/tmux.sock" "$@"; }
cleanup() {
  tmux_ kill-server 2>/dev/null || true
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

screen() { tmux_ capture-pane -p -t shell 2>/dev/null || true; }
fail() {
  echo "FAIL (moq-cat -i): $*" >&2
  echo "--- screen:" >&2
  screen >&2
  cat "$work"/*.log >&2 2>/dev/null || true
  exit 1
}
# Types text (literally), optionally followed by keys such as Enter or Up.
type_text() { tmux_ send-keys -t shell -l "$1"; }
press() { tmux_ send-keys -t shell "$@"; }
# Waits (up to 20 s) until a line of the screen matches the extended regex.
wait_screen() {
  for _ in $(seq 400); do
    screen | grep -Eq -- "$1" && return
    sleep 0.05
  done
  fail "the screen never showed /$1/"
}
last_line() { screen | sed -e 's/ *$//' -e '/^$/d' | tail -1; }
wait_last_line() {
  for _ in $(seq 400); do
    [[ $(last_line) == "$1" ]] && return
    sleep 0.05
  done
  fail "the last line is '$(last_line)', expected '$1'"
}

# The relay, and a publisher of t/feed reading a fifo (it starts reading when subscribed).
timeout 60 "$MOQ_RELAY" --bind 127.0.0.1:0 --tls-generate localhost 2> "$work/relay.log" 3>&- &
children+=($!)
port=
for _ in $(seq 200); do
  port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\) .*/\1/p' "$work/relay.log" | head -1)
  [[ -n $port ]] && break
  sleep 0.05
done
[[ -n $port ]] || fail "moq-relay did not start"
url="moqf://localhost:$port"
mkfifo "$work/feed"
exec 3<> "$work/feed"
timeout 60 "$MOQ_PUB" -q --tls-disable-verify "$url" t/feed < "$work/feed" 2> "$work/pub.log" 3>&- &
children+=($!)

tmux_ -f /dev/null new-session -d -s shell -x 160 -y 50 \
  "timeout --foreground 60 '$MOQ_CAT' -q -i --tls-disable-verify '$url' 2> '$work/cat.log'; echo \$? > '$work/cat.status'"
wait_screen "^connected to $url; 'help' lists the commands$"
wait_last_line "moq>"

type_text "announced"; press Enter
# In the initial set, or after it ("+") when the publisher's announcement reaches the relay late.
wait_screen '^announced (\+ )?t/feed$'

type_text "sub t/feed"; press Enter
wait_screen '^subscribed to t/feed$'

# A frame arriving while a command is half typed: printed above the prompt, the typing kept.
type_text "inf"
wait_last_line "moq> inf"
echo hello >&3
wait_screen '^\[t/feed\] group 0 frame 0 at [0-9:.]+: text "hello"$'
wait_last_line "moq> inf"
type_text "o t/feed"; press Enter
wait_screen '^\[info t/feed\] priority 0, order (asc|desc), expires 0 ms, latest group 0$'

# History: Up brings the last command back.
press Up
wait_last_line "moq> info t/feed"
press Enter
for _ in $(seq 400); do
  [[ $(screen | grep -c '^\[info t/feed\]') == 2 ]] && break
  sleep 0.05
done
[[ $(screen | grep -c '^\[info t/feed\]') == 2 ]] || fail "the recalled info command did not run"

type_text "fetch t/feed 0"; press Enter
wait_screen '^\[fetch t/feed 0\] frame 0: text "hello"$'
wait_screen '^\[fetch t/feed 0\] end$'

# Typed lines published, received by moq-sub through the relay (from group 0 on, whenever it
# subscribes).
timeout 30 "$MOQ_SUB" -q --tls-disable-verify --from 0 --count 2 "$url" t/typed > "$work/typed.out" \
  2> "$work/sub.log" 3>&- &
sub_pid=$!
children+=("$sub_pid")
type_text "pub t/typed"; press Enter
wait_last_line "t/typed>"
type_text "first line"; press Enter
type_text "second"; press Enter
status=0
wait "$sub_pid" || status=$?
[[ $status == 0 ]] || fail "moq-sub of the typed track: exit status $status"
[[ $(cat "$work/typed.out") == $'first line\nsecond' ]] || fail "moq-sub received '$(cat "$work/typed.out")'"
type_text "."; press Enter
wait_screen '^published 2 frames on t/typed$'
wait_last_line "moq>"

type_text "stats"; press Enter
wait_screen '^t/feed: 1 groups, 1 frames, 5 bytes, 0 dropped$'
wait_screen '^published: 2 frames$'

type_text "nonsense"; press Enter
wait_screen "^\? nonsense \('help' lists the commands\)$"

type_text "unsub t/feed"; press Enter
wait_screen '^unsubscribed from t/feed$'

type_text "quit"; press Enter
for _ in $(seq 200); do
  [[ -s $work/cat.status ]] && break
  sleep 0.05
done
[[ $(cat "$work/cat.status" 2>/dev/null) == 0 ]] || fail "moq-cat -i exit status '$(cat "$work/cat.status" 2>/dev/null)'"
echo "ok (moq-cat -i)"
