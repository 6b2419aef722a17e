#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "moq/auth.h"
#include "moq/error.h"

namespace moq::auth {

namespace {

using json = nlohmann::json;

constexpr size_t key_size = 32;
// Shorter secrets make HS256 guessable.
constexpr size_t min_key_size = 16;

std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

Error bad_key(const std::string& why) { return Error(code::bounds_exceeded, "bad key: " + why); }
Error bad_token(const std::string& why) { return Error(code::required_extension, why); }

// The token's three dot-separated parts.
struct Parts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
};

Parts split(std::string_view token) {
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    throw bad_token("malformed token: not three dot-separated parts");
  }
  return {token.substr(0, first), token.substr(first + 1, second - first - 1), token.substr(second + 1)};
}

json decode_json(std::string_view part, const char* what) {
  auto bytes = base64url_decode(part);
  if (!bytes) throw bad_token(std::string("malformed token: ") + what + " is not base64url");
  json value = json::parse(bytes->begin(), bytes->end(), nullptr, false);
  if (!value.is_object()) throw bad_token(std::string("malformed token: ") + what + " is not a JSON object");
  return value;
}

std::optional<Path> path_claim(const json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end()) return std::nullopt;
  if (!it->is_string()) throw bad_token(std::string("malformed token: \"") + name + "\" is not a string");
  return Path::parse(it->get<std::string>());
}

// Seconds since the epoch, up to the year 2286: the clock counts nanoseconds in 64 bits, so much
// larger values would overflow it.
constexpr int64_t max_time_claim = 10'000'000'000;

std::optional<Clock::time_point> time_claim(const json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end()) return std::nullopt;
  if (!it->is_number_integer()) throw bad_token(std::string("malformed token: \"") + name + "\" is not an integer");
  bool in_range = it->is_number_unsigned() ? it->get<uint64_t>() <= uint64_t{max_time_claim}
                                           : it->get<int64_t>() >= 0 && it->get<int64_t>() <= max_time_claim;
  if (!in_range) throw bad_token(std::string("malformed token: \"") + name + "\" is out of range");
  return Clock::time_point(std::chrono::seconds(it->get<int64_t>()));
}

Claims claims_of(const json& payload) {
  return Claims{.publish = path_claim(payload, "publish"),
                .subscribe = path_claim(payload, "subscribe"),
                .expires = time_claim(payload, "exp"),
                .issued = time_claim(payload, "iat")};
}

// Constant time: how many bytes match must not show in how long the comparison takes.
bool equal_in_constant_time(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  uint8_t difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= a[i] ^ b[i];
  return difference == 0;
}

int64_t seconds_of(Clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace

Key Key::generate() {
  std::vector<uint8_t> secret(key_size);
  if (gnutls_rnd(GNUTLS_RND_KEY, secret.data(), secret.size()) != 0) {
    throw Error(code::bounds_exceeded, "cannot generate a key: no randomness");
  }
  return Key(std::move(secret));
}

Key Key::from_jwk(std::string_view text) {
  json jwk = json::parse(text, nullptr, false);
  if (!jwk.is_object()) throw bad_key("not a JSON object");
  auto kty = jwk.find("kty");
  if (kty == jwk.end() || *kty != "oct") throw bad_key("\"kty\" is not \"oct\"");
  auto alg = jwk.find("alg");
  if (alg != jwk.end() && *alg != "HS256") throw bad_key("\"alg\" is not \"HS256\"");
  auto k = jwk.find("k");
  if (k == jwk.end() || !k->is_string()) throw bad_key("no secret \"k\"");
  auto secret = base64url_decode(k->get<std::string>());
  if (!secret) throw bad_key("\"k\" is not base64url");
  if (secret->size() < min_key_size) throw bad_key("the secret is shorter than 16 bytes");
  return Key(std::move(*secret));
}

Key Key::load(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw Error(code::bounds_exceeded, "cannot read key file " + file);
  std::stringstream text;
  text << in.rdbuf();
  try {
    return from_jwk(text.str());
  } catch (const Error& error) {
    throw Error(error.code(), file + ": " + error.what());
  }
}

std::string Key::to_jwk() const {
  return json{{"kty", "oct"}, {"alg", "HS256"}, {"k", base64url_encode(secret_)}}.dump();
}

std::array<uint8_t, 32> Key::hmac(std::string_view text) const {
  std::array<uint8_t, 32> digest{};
  if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, secret_.data(), secret_.size(), text.data(), text.size(), digest.data()) !=
      0) {
    throw Error(code::bounds_exceeded, "HMAC-SHA256 failed");
  }
  return digest;
}

std::string sign(const Key& key, const Claims& claims) {
  json payload = json::object();
  if (claims.publish) payload["publish"] = claims.publish->to_string();
  if (claims.subscribe) payload["subscribe"] = claims.subscribe->to_string();
  if (claims.expires) payload["exp"] = seconds_of(*claims.expires);
  if (claims.issued) payload["iat"] = seconds_of(*claims.issued);
  std::string header = json{{"alg", "HS256"}, {"typ", "JWT"}}.dump();
  std::string signed_part = base64url_encode(bytes_of(header)) + "." + base64url_encode(bytes_of(payload.dump()));
  auto signature = key.hmac(signed_part);
  return signed_part + "." + base64url_encode(signature);
}

Claims verify(const Key& key, std::string_view token, Clock::time_point now) {
  if (token.empty()) throw bad_token("no token");
  Parts parts = split(token);
  json header = decode_json(parts.header, "header");
  auto alg = header.find("alg");
  if (alg == header.end() || *alg != "HS256") throw bad_token("token not signed with HS256");
  auto signature = base64url_decode(parts.signature);
  if (!signature) throw bad_token("malformed token: signature is not base64url");
  auto expected = key.hmac(token.substr(0, parts.header.size() + 1 + parts.payload.size()));
  if (!equal_in_constant_time(expected, *signature)) throw bad_token("token signature does not match the key");
  Claims claims = claims_of(decode_json(parts.payload, "payload"));
  if (claims.expires && now >= *claims.expires) {
    throw bad_token("token expired " + std::to_string(seconds_of(now) - seconds_of(*claims.expires)) + " s ago");
  }
  return claims;
}

Claims decode_unverified(std::string_view token) {
  Parts parts = split(token);
  decode_json(parts.header, "header");
  return claims_of(decode_json(parts.payload, "payload"));
}

}  // namespace moq::auth
