#!/usr/bin/env bash
# Headless Chromium on moq-relay (real binaries on loopback, one UDP port for raw QUIC and
# WebTransport), the page pinning the certificate it fetched from the relay's --dev endpoint:
#   subscribe: moq-pub publishes frames through the relay; the page subscribes and must report
#              them byte for byte, then closes its session (code 0).
#   publish:   the page announces a track and serves it; moq-sub subscribes through the relay and
#              must write its frames byte for byte; the page closes once the relay ends the
#              subscription.
#   browser_relay_test.sh subscribe|publish RELAY PUB SUB RELAY_HTML
set -euo pipefail

case_name=$1 relay_bin=$2 pub_bin=$3 sub_bin=$4 page=$5
# shellcheck source=chromium.sh
source "$(dirname "$0")/chromium.sh"
require_chromium

work=$(mktemp -d)
pids=()
cleanup() {
  cleanup_chromium
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "browser_relay_test ($case_name): $*" >&2
  for f in "$work"/*.err; do
    [ "$f" = "$work/chromium.err" ] && continue
    echo "--- $(basename "$f"):" >&2
    tail -n 20 "$f" >&2
  done
  print_console
  exit 1
}
# Writes the bytes of a hex string.
unhex() {
  local hex=$1 i
  for ((i = 0; i < ${#hex}; i += 2)); do printf '%b' "\\x${hex:i:2}"; done
}

"$relay_bin" --bind 127.0.0.1:0 --tls-generate localhost,127.0.0.1 --dev --subscribe-wait 20000 -v 2>"$work/relay.err" &
pids+=($!)
for _ in $(seq 100); do
  grep -q "listening on" "$work/relay.err" && break
  sleep 0.1
done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/relay.err" | cut -d: -f2) || fail "relay did not start"
fingerprint=$(grep -o 'sha256 [0-9a-f]*' "$work/relay.err" | cut -d' ' -f2)
base="file://$page?url=https://127.0.0.1:$port/browser&fingerprintUrl=http://127.0.0.1:$port/fingerprint"

# Frames: text, every byte value, and one bigger than a QUIC packet.
all_bytes=$(for i in $(seq 0 255); do printf '%02x' "$i"; done)
big=""
for _ in $(seq 16); do big+=$all_bytes; done
frames=("68656c6c6f" "$all_bytes" "$big")

if [ "$case_name" = subscribe ]; then
  # moq-pub reads len32-framed stdin, one frame per group, once the page has subscribed.
  for frame in "${frames[@]}"; do
    unhex "$(printf '%08x' $((${#frame} / 2)))"
    unhex "$frame"
  done >"$work/frames.len32"
  timeout 30 "$pub_bin" --tls-fingerprint "$fingerprint" --frame len32 "moqf://127.0.0.1:$port" browser/pub \
    <"$work/frames.len32" 2>"$work/pub.err" &
  pub_pid=$!
  pids+=("$pub_pid")
  start_chromium "$base&mode=subscribe&track=browser/pub&count=${#frames[@]}"
  wait_console "CLOSED|FAIL" 30 || fail "the page did not finish"
  received=$(console_value RESULT)
  expected=$(IFS=,; echo "${frames[*]}")
  [ "$received" = "$expected" ] || fail "the page did not report the published frames"
  wait "$pub_pid" || fail "moq-pub exited $?"
  grep -q "closed (cancelled: done)" "$work/relay.err" || fail "the relay did not see the page close its session"
  echo "browser_relay_test: chromium received moq-pub's ${#frames[@]} frames through moq-relay byte for byte"
else
  groups="${frames[0]},${frames[1]};${frames[2]}"
  for frame in "${frames[@]}"; do unhex "$frame"; done >"$work/expected"
  start_chromium "$base&mode=publish&track=browser/page&groups=$groups"
  wait_console "ANNOUNCED|FAIL" 30 || fail "the page did not announce"
  grep -q '"ANNOUNCED' "$work/chromium.err" || fail "the page failed before announcing"
  timeout 30 "$sub_bin" --tls-fingerprint "$fingerprint" --frame raw --count ${#frames[@]} --timeout 25 \
    "https://127.0.0.1:$port/" browser/page >"$work/sub.out" 2>"$work/sub.err" || fail "moq-sub exited $?"
  cmp -s "$work/expected" "$work/sub.out" || fail "moq-sub wrote $(wc -c <"$work/sub.out") bytes, not the page's frames"
  wait_console "CLOSED|FAIL" 10 || fail "the page did not close after the relay ended its subscription"
  grep -q '"CLOSED' "$work/chromium.err" || fail "the page failed"
  echo "browser_relay_test: moq-sub received the page's ${#frames[@]} frames through moq-relay byte for byte"
fi
