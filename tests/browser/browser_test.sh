#!/usr/bin/env bash
# Headless Chromium subscribes over WebTransport to a track served by browser_peer (libmoq) and
# must report its frames byte for byte, see the reset of a subscription to a missing track with
# stream error code 13 (not found: moq codes reach the page unchanged through both mappings),
# close the session cleanly (code 0, "done"), and then see a second session closed by the server
# (code 0) when it ends its session stream.
#   browser_test.sh BROWSER_PEER SUBSCRIBE_HTML
set -euo pipefail

peer=$1
page=$2
# shellcheck source=chromium.sh
source "$(dirname "$0")/chromium.sh"
require_chromium

work=$(mktemp -d)
peer_pid=""
cleanup() {
  cleanup_chromium
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Frames: text, every byte value, and one frame bigger than a QUIC packet.
all_bytes=$(for i in $(seq 0 255); do printf '%02x' "$i"; done)
big=""
for _ in $(seq 16); do big+=$all_bytes; done
frames="68656c6c6f,$all_bytes,$big"
count=3

"$peer" --track browser/clock --frames "$frames" --limit 60 >"$work/peer.out" 2>"$work/peer.err" &
peer_pid=$!
for _ in $(seq 100); do
  grep -q '^port=' "$work/peer.out" && break
  sleep 0.1
done
line=$(grep '^port=' "$work/peer.out") || { echo "browser_test: browser_peer did not start" >&2; cat "$work/peer.err" >&2; exit 1; }
port=$(sed 's/^port=\([0-9]*\) .*/\1/' <<<"$line")
fingerprint=$(sed 's/.*fingerprint=\([0-9a-f]*\)$/\1/' <<<"$line")

url="file://$page?url=https://127.0.0.1:$port/browser&fingerprint=$fingerprint&track=browser/clock&count=$count"
start_chromium "$url"

# Until the page reports (or fails), then until it has closed the session.
wait_console "RESULT|FAIL" 30 || true
wait_console "SERVERCLOSED|FAIL" 5 || true

report() {
  echo "--- browser_peer:" >&2; cat "$work/peer.err" >&2
  print_console
}
received=$(console_value RESULT)
if [ "$received" != "$frames" ]; then
  echo "browser_test: the page did not report the published frames" >&2
  report
  exit 1
fi
if ! grep -q '"RESET 13"' "$work/chromium.err"; then
  echo "browser_test: frames OK, but the missing track's reset did not reach the page as code 13" >&2
  report
  exit 1
fi
if ! grep -q 'session closed code=0 reason=done' "$work/peer.err"; then
  echo "browser_test: frames OK, but the server did not see the page close the session (code 0, done)" >&2
  report
  exit 1
fi
if ! grep -q '"SERVERCLOSED 0 ' "$work/chromium.err"; then
  echo "browser_test: the page did not see the server close its second session with code 0" >&2
  report
  exit 1
fi
echo "browser_test: chromium received $count frames byte for byte, saw reset code 13, closed a session" \
  "and saw the server close one"
