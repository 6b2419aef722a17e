#pragma once
// Relay authorization tokens: HS256 JSON Web Tokens whose claims name the path prefixes a
// client may publish and subscribe under, and when the token expires. moq-relay checks them
// (--auth-key), moq-token makes them. See docs/moq-relay.md for the claims.
//
//   moq::auth::Key key = moq::auth::Key::generate();
//   moq::auth::Claims claims;
//   claims.publish = moq::Path::parse("room/alice");
//   std::string token = moq::auth::sign(key, claims);
//   moq::auth::Claims claims = moq::auth::verify(key, token);  // throws moq::Error(1) if not valid

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "moq/path.h"

namespace moq::auth {

// base64url without padding (RFC 4648 section 5), as JWTs use it.
std::string base64url_encode(std::span<const uint8_t> bytes);
// nullopt for anything that is not canonical unpadded base64url (bad characters, padding, a
// length of 4n+1, non-zero leftover bits).
std::optional<std::vector<uint8_t>> base64url_decode(std::string_view text);

// The secret shared by whoever signs tokens and the relay that checks them. Stored as a JSON
// Web Key: {"kty":"oct","alg":"HS256","k":"<base64url secret>"}.
class Key {
 public:
  // 32 random bytes from GnuTLS's key generator.
  static Key generate();
  // Throws moq::Error(11) with a readable message for anything but an HS256 JWK with a secret
  // of at least 16 bytes.
  static Key from_jwk(std::string_view json);
  // Reads and parses a JWK file; throws moq::Error(11) naming the file.
  static Key load(const std::string& file);

  std::string to_jwk() const;
  // HMAC-SHA256 of text under this key.
  std::array<uint8_t, 32> hmac(std::string_view text) const;

 private:
  explicit Key(std::vector<uint8_t> secret) : secret_(std::move(secret)) {}
  std::vector<uint8_t> secret_;
};

using Clock = std::chrono::system_clock;

struct Claims {
  // May announce tracks under this prefix ("publish"); nullopt: may not publish. The empty
  // path allows everything.
  std::optional<Path> publish;
  // May subscribe to tracks, and see announcements, under this prefix ("subscribe").
  std::optional<Path> subscribe;
  // Not valid from then on ("exp", seconds since the epoch); nullopt: never expires.
  std::optional<Clock::time_point> expires;
  // When it was made ("iat"); informational.
  std::optional<Clock::time_point> issued;

  bool may_publish(const Path& path) const { return publish && path.has_prefix(*publish); }
  bool may_subscribe(const Path& path) const { return subscribe && path.has_prefix(*subscribe); }
};

// header.payload.signature, signed with HMAC-SHA256.
std::string sign(const Key& key, const Claims& claims);

// Checks the form, the algorithm (HS256 only), the signature (compared in constant time) and
// the expiry. Throws moq::Error(1) (required extension missing: no valid token) with the reason.
Claims verify(const Key& key, std::string_view token, Clock::time_point now = Clock::now());

// The claims without checking the signature or the expiry, for inspection. Throws
// moq::Error(1) if the token is malformed.
Claims decode_unverified(std::string_view token);

}  // namespace moq::auth
