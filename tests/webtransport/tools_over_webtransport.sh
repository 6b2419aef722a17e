#!/bin/bash
# Our tools over https:// (WebTransport) against our servers, all real binaries on loopback:
#   1. moq-pub (moqf://) -> moq-relay -> moq-sub https:// with --tls-fingerprint, with --tls-root,
#      and moq-sub moqf:// beside them, on the relay's one UDP port;
#   2. moq-pub https:// -> moq-relay -> moq-sub moqf:// and https://;
#   3. moq-pub --listen -> moq-sub https:// (no relay);
#   4. with TOKEN (moq-token): a relay with --auth-key, the token in the CONNECT path (?jwt=) of
#      moq-pub https:// and moq-sub https://; a subscriber without a token is refused.
# Every subscriber must write exactly the published bytes and exit 0.
#   tools_over_webtransport.sh RELAY PUB SUB [TOKEN]
set -u
relay_bin=$1 pub_bin=$2 sub_bin=$3 token_bin=${4:-}
source "$(dirname "${BASH_SOURCE[0]}")/../relay/relay_shell.sh"

# Subscribers started before their publisher: the relay holds the subscription (--subscribe-wait).
start_sub() {  # NAME URL TRACK TLS-FLAGS...
  local name=$1 url=$2 track=$3
  shift 3
  timeout 30 "$sub_bin" "$@" --frame raw --timeout 25 "$url" "$track" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  sub_pids[$name]=$!
}
check_sub() {  # NAME EXPECTED-FILE
  wait "${sub_pids[$1]}" || fail "$1 exited $?"
  cmp -s "$2" "$work/$1.out" || fail "$1 wrote $(wc -c <"$work/$1.out") bytes, not the $(wc -c <"$2") published"
}
declare -A sub_pids

# A certificate to trust with --tls-root: self-signed for 127.0.0.1.
certtool --generate-privkey --key-type ecdsa --outfile "$work/key.pem" 2>/dev/null || fail "certtool (gnutls-bin) failed"
printf 'cn = 127.0.0.1\nip_address = 127.0.0.1\nexpiration_days = 2\nca\ntls_www_server\nsigning_key\n' >"$work/cert.cfg"
certtool --generate-self-signed --load-privkey "$work/key.pem" --template "$work/cert.cfg" \
  --outfile "$work/cert.pem" 2>/dev/null || fail "certtool could not sign"

"$relay_bin" --bind 127.0.0.1:0 --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" --dev --subscribe-wait 20000 \
  --metrics 127.0.0.1:0 \
  2>"$work/relay.err" &
relay_pid=$!
pids+=("$relay_pid")
port=$(listening_port "$work/relay.err")
[ -n "$port" ] || fail "relay did not start"
# --dev: the fingerprint over TCP on the same port number, as a page would fetch it.
exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "no /fingerprint endpoint"
printf 'GET /fingerprint HTTP/1.0\r\n\r\n' >&3
fingerprint=$(tail -n 1 <&3)
exec 3<&-
[[ "$fingerprint" =~ ^[0-9a-f]{64}$ ]] || fail "/fingerprint answered '$fingerprint'"

head -c 262144 /dev/urandom >"$work/one.bin"
start_sub wt-fingerprint "https://127.0.0.1:$port/" wt/one --tls-fingerprint "$fingerprint"
start_sub wt-root "https://127.0.0.1:$port/" wt/one --tls-root "$work/cert.pem"
start_sub quic "moqf://127.0.0.1:$port" wt/one --tls-root "$work/cert.pem"
wait_subscribers "$work/relay.err" 3 || fail "the relay did not see the 3 subscribers"
timeout 30 "$pub_bin" --frame chunk --tls-fingerprint "$fingerprint" "moqf://127.0.0.1:$port" wt/one \
  <"$work/one.bin" 2>"$work/pub-one.err" || fail "moq-pub (moqf://) exited $?"
for name in wt-fingerprint wt-root quic; do check_sub "$name" "$work/one.bin"; done
grep -q "over webtransport" "$work/relay.err" || fail "the relay logged no WebTransport session"

head -c 65536 /dev/urandom >"$work/two.bin"
start_sub quic-two "moqf://127.0.0.1:$port" wt/two --tls-root "$work/cert.pem"
start_sub wt-two "https://127.0.0.1:$port/" wt/two --tls-root "$work/cert.pem"
wait_subscribers "$work/relay.err" 2 || fail "the relay did not see the 2 subscribers"
timeout 30 "$pub_bin" --tls-root "$work/cert.pem" --frame chunk "https://127.0.0.1:$port/" wt/two \
  <"$work/two.bin" 2>"$work/pub-two.err" || fail "moq-pub (https://) exited $?"
for name in quic-two wt-two; do check_sub "$name" "$work/two.bin"; done

kill -TERM "$relay_pid"
wait "$relay_pid" || fail "relay exited $? after SIGTERM"

seq 1 2000 >"$work/three.txt"
timeout 30 "$pub_bin" --listen 127.0.0.1:0 --tls-generate 127.0.0.1 wt/three <"$work/three.txt" 2>"$work/pub-three.err" &
pub_pid=$!
pids+=("$pub_pid")
port=$(listening_port "$work/pub-three.err")
[ -n "$port" ] || fail "moq-pub --listen did not start"
fingerprint=$(grep -o 'sha256 [0-9a-f]*' "$work/pub-three.err" | cut -d' ' -f2)
timeout 30 "$sub_bin" --tls-fingerprint "$fingerprint" --timeout 25 "https://127.0.0.1:$port/" wt/three \
  >"$work/wt-three.out" 2>"$work/wt-three.err" || fail "moq-sub from moq-pub --listen exited $?"
cmp -s "$work/three.txt" "$work/wt-three.out" || fail "moq-sub from moq-pub --listen: output differs"
wait "$pub_pid" || fail "moq-pub --listen exited $?"
if [ -n "$token_bin" ]; then
  "$token_bin" generate-key --out "$work/relay.jwk" 2>"$work/token.err" || fail "moq-token generate-key exited $?"
  token=$("$token_bin" sign --key "$work/relay.jwk" --publish wt --subscribe wt 2>>"$work/token.err") || fail "moq-token sign exited $?"
  "$relay_bin" --bind 127.0.0.1:0 --tls-generate 127.0.0.1 --auth-key "$work/relay.jwk" --subscribe-wait 20000 \
    --metrics 127.0.0.1:0 \
    2>"$work/auth-relay.err" &
  pids+=($!)
  port=$(listening_port "$work/auth-relay.err")
  [ -n "$port" ] || fail "relay with --auth-key did not start"
  fingerprint=$(grep -o 'sha256 [0-9a-f]*' "$work/auth-relay.err" | cut -d' ' -f2)
  start_sub wt-token "https://127.0.0.1:$port/?jwt=$token" wt/four --tls-fingerprint "$fingerprint"
  timeout 30 "$sub_bin" --tls-fingerprint "$fingerprint" --timeout 25 "https://127.0.0.1:$port/" wt/four \
    >"$work/wt-no-token.out" 2>"$work/wt-no-token.err" && fail "moq-sub without a token was served"
  grep -q "required extension missing" "$work/wt-no-token.err" || fail "moq-sub without a token: not refused with 1"
  grep -q "unauthorized: no token" "$work/auth-relay.err" || fail "the relay did not log the refusal"
  wait_subscribers "$work/auth-relay.err" 1 || fail "the relay did not see the subscriber with a token"
  timeout 30 "$pub_bin" --tls-fingerprint "$fingerprint" --frame chunk "https://127.0.0.1:$port/?jwt=$token" wt/four \
    <"$work/two.bin" 2>"$work/pub-four.err" || fail "moq-pub (https:// with a token) exited $?"
  check_sub wt-token "$work/two.bin"
fi
echo "ok: moq-sub over https:// got the bytes from the relay (fingerprint and root) and from moq-pub --listen;" \
  "moq-pub over https:// published through the relay${token_bin:+; ?jwt= tokens checked over WebTransport}"
