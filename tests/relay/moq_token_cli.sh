#!/usr/bin/env bash
# moq-token from the command line: keys, tokens, checks, and exit statuses.
set -euo pipefail
token_tool="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_exit STATUS command...: runs it and checks the exit status.
expect_exit() {
  local want="$1"; shift
  local got=0
  "$@" >"$work/out" 2>"$work/err" || got=$?
  [ "$got" = "$want" ] || fail "$* exited $got, not $want: $(cat "$work/err")"
}

"$token_tool" generate-key --out "$work/key.jwk" 2>/dev/null
[ "$(stat -c %a "$work/key.jwk")" = 600 ] || fail "key file is not mode 0600"
grep -q '"kty":"oct"' "$work/key.jwk" || fail "key is not a JWK"
expect_exit 2 "$token_tool" generate-key --out "$work/key.jwk"
"$token_tool" generate-key > "$work/other.jwk"

token=$("$token_tool" sign --key "$work/key.jwk" --publish room/alice --subscribe "" --expires 1h)
expect_exit 0 "$token_tool" verify --key "$work/key.jwk" "$token"
grep -q '"publish":"room/alice","subscribe":""' "$work/out" || fail "claims: $(cat "$work/out")"
grep -q '"exp":' "$work/out" || fail "no exp: $(cat "$work/out")"
expect_exit 2 "$token_tool" verify --key "$work/other.jwk" "$token"
grep -q "token not valid: token signature does not match the key" "$work/err" || fail "$(cat "$work/err")"
expect_exit 0 "$token_tool" inspect "$token"
grep -q '"publish":"room/alice"' "$work/out" || fail "inspect: $(cat "$work/out")"
expect_exit 2 "$token_tool" inspect not-a-token

expect_exit 1 "$token_tool" sign --key "$work/key.jwk" --expires 1h
expect_exit 1 "$token_tool" sign --key "$work/key.jwk" --publish a --expires soon
echo '{"kty":"oct","k":"short"}' > "$work/bad.jwk"
expect_exit 1 "$token_tool" sign --key "$work/bad.jwk" --publish a
expect_exit 1 "$token_tool"
echo "moq-token: all checks passed"
