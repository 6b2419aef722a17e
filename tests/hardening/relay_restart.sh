#!/usr/bin/env bash
# The relay killed (SIGKILL) in the middle of a live pipe and started again on the same port with
# the same certificate: moq-pub --reconnect and moq-sub --reconnect, which pin that certificate,
# notice within the relay's idle timeout, come back on their own and say so on stderr, and the
# lines written after the restart arrive, in order.
# Usage: relay_restart.sh   (MOQ_RELAY, MOQ_PUB, MOQ_SUB: binaries)
set -uo pipefail
source "$(dirname "$0")/../relay/relay_shell.sh"

# One certificate for both relay processes, so the fingerprint the tools pin stays valid.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2> "$work/openssl.err" ||
  fail "openssl could not make a certificate"

# A short idle timeout, which the tools' connections adopt: they notice the dead relay in 1 s.
start_relay() {  # LOG BIND
  "$MOQ_RELAY" --bind "$2" --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" --idle-timeout 1000 2> "$1" &
  relay_pid=$!
  pids+=("$relay_pid")
}
start_relay "$work/relay1.err" 127.0.0.1:0
port=$(listening_port "$work/relay1.err")
[ -n "$port" ] || fail "relay did not start"
fingerprint=$(openssl x509 -in "$work/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
url=moqf://127.0.0.1:$port
tls=(--tls-fingerprint "$fingerprint")

# A numbered line every 20 ms (for at most 40 s), each its own group. The tools are children of
# this shell, not of timeout, so that the cleanup's SIGKILL reaches them.
for ((i = 1; i <= 2000; ++i)); do echo "$i"; sleep 0.02; done |
  "$MOQ_PUB" "${tls[@]}" --reconnect "$url" restart/clock 2> "$work/pub.err" &
pids+=($!)
"$MOQ_SUB" "${tls[@]}" --reconnect "$url" restart/clock > "$work/output" 2> "$work/sub.err" &
pids+=($!)

wait_for() {  # WHAT CONDITION (up to 15 s)
  for _ in $(seq 300); do eval "$2" && return 0; sleep 0.05; done
  fail "waiting for $1"
}
wait_for "20 lines before the kill" '[ "$(wc -l < "$work/output")" -ge 20 ]'
kill -KILL "$relay_pid"
wait "$relay_pid" 2> /dev/null
before=$(tail -n 1 "$work/output")
wait_for "moq-pub noticing" 'grep -q "reconnecting" "$work/pub.err"'
wait_for "moq-sub noticing" 'grep -q "reconnecting" "$work/sub.err"'

start_relay "$work/relay2.err" "127.0.0.1:$port"
[ "$(listening_port "$work/relay2.err")" = "$port" ] || fail "the relay did not start again on port $port"
wait_for "moq-pub reconnecting" 'grep -q "reconnected to" "$work/pub.err"'
wait_for "moq-sub resuming" 'grep -q "resumed restart/clock" "$work/sub.err"'
wait_for "20 lines after the restart" '[ "$(tail -n 1 "$work/output")" -ge $((before + 20)) ]'

echo "moq-pub: $(grep "reconnect" "$work/pub.err" | tr '\n' ' ')"
echo "moq-sub: $(grep "reconnect\|resumed" "$work/sub.err" | tr '\n' ' ')"
# Lines ascend: nothing repeated or reordered across the restart. (The complete lines so far:
# moq-sub is still writing.)
head -n "$(wc -l < "$work/output")" "$work/output" > "$work/received"
sort -nc "$work/received" 2> /dev/null && [ "$(sort -un "$work/received" | wc -l)" -eq "$(wc -l < "$work/received")" ] ||
  fail "lines repeated or out of order: $(tr '\n' ' ' < "$work/received")"
echo "ok"
