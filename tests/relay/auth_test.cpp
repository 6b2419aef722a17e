// moq::auth: base64url, keys, signing and checking tokens; and moq-token's lifetimes.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lifetime.h"
#include "moq/auth.h"
#include "moq/error.h"

using namespace std::chrono_literals;
using moq::Path;
namespace auth = moq::auth;

namespace {

std::vector<uint8_t> bytes(std::string_view text) { return {text.begin(), text.end()}; }

// The code and message of what verify throws; "" if it does not throw.
std::string refusal(const auth::Key& key, std::string_view token, auth::Clock::time_point now = auth::Clock::now()) {
  try {
    auth::verify(key, token, now);
  } catch (const moq::Error& error) {
    CHECK(error.code() == moq::code::required_extension);
    return error.what();
  }
  return "";
}

auth::Claims publish_claims(std::string_view prefix) {
  auth::Claims claims;
  claims.publish = Path::parse(prefix);
  return claims;
}

}  // namespace

TEST_CASE("base64url encodes as RFC 4648 section 5, without padding") {
  CHECK(auth::base64url_encode(bytes("")) == "");
  CHECK(auth::base64url_encode(bytes("f")) == "Zg");
  CHECK(auth::base64url_encode(bytes("fo")) == "Zm8");
  CHECK(auth::base64url_encode(bytes("foo")) == "Zm9v");
  CHECK(auth::base64url_encode(bytes("foobar")) == "Zm9vYmFy");
  CHECK(auth::base64url_encode(std::vector<uint8_t>{0xfb, 0xff}) == "-_8");
  for (size_t size = 0; size < 70; ++size) {
    std::vector<uint8_t> data(size);
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>(i * 37 + size);
    CHECK(auth::base64url_decode(auth::base64url_encode(data)) == data);
  }
}

TEST_CASE("base64url decoding refuses what is not canonical") {
  CHECK(auth::base64url_decode("Zm9vYmFy") == bytes("foobar"));
  CHECK_FALSE(auth::base64url_decode("Zm9=").has_value());    // padding
  CHECK_FALSE(auth::base64url_decode("Zm+v").has_value());    // standard alphabet
  CHECK_FALSE(auth::base64url_decode("Zm9vY").has_value());   // 4n+1 characters
  CHECK_FALSE(auth::base64url_decode("Zh").has_value());      // leftover bits set
  CHECK_FALSE(auth::base64url_decode("Zm 9").has_value());    // space
  CHECK_FALSE(auth::base64url_decode(std::string("Zm\0v", 4)).has_value());
}

TEST_CASE("a key survives its JWK form; bad keys are refused with a reason") {
  auth::Key key = auth::Key::generate();
  auth::Key again = auth::Key::from_jwk(key.to_jwk());
  std::string token = auth::sign(key, publish_claims("room"));
  CHECK(refusal(again, token) == "");
  CHECK_THROWS_WITH_AS(auth::Key::from_jwk("{"), "bad key: not a JSON object", moq::Error);
  CHECK_THROWS_WITH_AS(auth::Key::from_jwk(R"({"kty":"RSA"})"), "bad key: \"kty\" is not \"oct\"", moq::Error);
  CHECK_THROWS_WITH_AS(auth::Key::from_jwk(R"({"kty":"oct","k":"AAAA"})"),
                       "bad key: the secret is shorter than 16 bytes", moq::Error);
  CHECK_THROWS_WITH_AS(auth::Key::from_jwk(R"({"kty":"oct","alg":"HS512","k":"AAAA"})"),
                       "bad key: \"alg\" is not \"HS256\"", moq::Error);
  CHECK_THROWS_AS(auth::Key::load("/nonexistent/key.jwk"), moq::Error);
}

TEST_CASE("the HMAC is HMAC-SHA256 (RFC 4231 test case 1)") {
  std::vector<uint8_t> secret(20, 0x0b);
  auth::Key key = auth::Key::from_jwk(R"({"kty":"oct","k":")" + auth::base64url_encode(secret) + R"("})");
  auto mac = key.hmac("Hi There");
  std::string hex;
  for (uint8_t byte : mac) {
    static constexpr char digits[] = "0123456789abcdef";
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
  }
  CHECK(hex == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST_CASE("a signed token verifies and carries its claims") {
  auth::Key key = auth::Key::generate();
  auth::Claims claims;
  claims.publish = Path::parse("room/alice");
  claims.subscribe = Path{};
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(auth::Clock::now());
  claims.issued = now;
  claims.expires = now + 1h;
  auth::Claims checked = auth::verify(key, auth::sign(key, claims), now);
  CHECK(checked.publish == Path::parse("room/alice"));
  CHECK(checked.subscribe == Path{});
  CHECK(checked.expires == now + 1h);
  CHECK(checked.issued == now);
  CHECK(checked.may_publish(Path::parse("room/alice/video")));
  CHECK_FALSE(checked.may_publish(Path::parse("room/alicia")));
  CHECK_FALSE(checked.may_publish(Path::parse("room")));
  CHECK(checked.may_subscribe(Path::parse("anything/at/all")));
  CHECK_FALSE(auth::Claims{}.may_subscribe(Path{}));
}

TEST_CASE("expired, forged, altered and malformed tokens are refused with the reason") {
  auth::Key key = auth::Key::generate();
  auto now = auth::Clock::now();
  auth::Claims claims = publish_claims("room");
  claims.expires = std::chrono::time_point_cast<std::chrono::seconds>(now) - 10s;
  CHECK(refusal(key, auth::sign(key, claims), now).starts_with("token expired"));
  CHECK(refusal(key, auth::sign(key, claims), now - 20s) == "");

  std::string forged = auth::sign(auth::Key::generate(), publish_claims("room"));
  CHECK(refusal(key, forged) == "token signature does not match the key");

  std::string token = auth::sign(key, publish_claims("room"));
  auto first_dot = token.find('.');
  auto second_dot = token.find('.', first_dot + 1);
  std::string wider = token.substr(0, first_dot + 1) +
                      auth::base64url_encode(bytes(R"({"publish":""})")) + token.substr(second_dot);
  CHECK(refusal(key, wider) == "token signature does not match the key");

  std::string none_header = auth::base64url_encode(bytes(R"({"alg":"none"})"));
  CHECK(refusal(key, none_header + token.substr(first_dot)) == "token not signed with HS256");
  CHECK(refusal(key, "") == "no token");
  CHECK(refusal(key, "abc") == "malformed token: not three dot-separated parts");
  CHECK(refusal(key, "a.b.c.d") == "malformed token: not three dot-separated parts");
  CHECK(refusal(key, "!!.e30.AA") == "malformed token: header is not base64url");
  CHECK(refusal(key, token.substr(0, second_dot) + ".AA=") == "malformed token: signature is not base64url");

  std::string not_object = auth::base64url_encode(bytes("[]"));
  std::string header = token.substr(0, first_dot);
  std::string signed_part = header + "." + not_object;
  std::string array_payload = signed_part + "." + auth::base64url_encode(key.hmac(signed_part));
  CHECK(refusal(key, array_payload) == "malformed token: payload is not a JSON object");
  signed_part = header + "." + auth::base64url_encode(bytes(R"({"publish":7})"));
  CHECK(refusal(key, signed_part + "." + auth::base64url_encode(key.hmac(signed_part))) ==
        "malformed token: \"publish\" is not a string");
  for (const char* payload : {R"({"iat":1795476376310})", R"({"exp":-1})", R"({"exp":18446744073709551615})"}) {
    signed_part = header + "." + auth::base64url_encode(bytes(payload));
    CHECK(refusal(key, signed_part + "." + auth::base64url_encode(key.hmac(signed_part))).ends_with("is out of range"));
  }
}

TEST_CASE("decode_unverified reads the claims of any well-formed token") {
  std::string token = auth::sign(auth::Key::generate(), publish_claims("a/b"));
  CHECK(auth::decode_unverified(token).publish == Path::parse("a/b"));
  CHECK_THROWS_AS(auth::decode_unverified("x.y"), moq::Error);
}

TEST_CASE("moq-token lifetimes: 90s, 30m, 1h, 7d or seconds") {
  using moq::token_tool::parse_lifetime;
  CHECK(parse_lifetime("90s") == 90s);
  CHECK(parse_lifetime("30m") == 30min);
  CHECK(parse_lifetime("1h") == 1h);
  CHECK(parse_lifetime("7d") == std::chrono::hours(7 * 24));
  CHECK(parse_lifetime("45") == 45s);
  for (const char* bad : {"", "h", "0s", "-5m", "1.5h", "1w", "3 h", "99999999999d"}) {
    CHECK_FALSE(parse_lifetime(bad).has_value());
  }
}
