#pragma once
// Endpoint URLs: moqf://host:port/path?query (raw QUIC) and https://host:port/path?query
// (WebTransport).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace moq {

struct Url {
  std::string scheme;  // "moqf" or "https", lowercase
  std::string host;    // a name or IP literal; IPv6 without its brackets
  uint16_t port = 0;   // defaults: 443 for https, 4443 for moqf
  std::string path;    // path and query, "/" when absent (e.g. "/room?jwt=...")

  // Throws moq::Error(code::transport, "invalid URL '...': <why>") for an unknown scheme or a
  // malformed URL.
  static Url parse(std::string_view text);

  // The host as written in a URL authority: IPv6 literals get their brackets back.
  std::string authority_host() const;
};

// The value of `name` in the query of a path ("/room?jwt=abc&x=1" -> "abc"), taken as written
// (tokens are base64url, which needs no escaping); nullopt when absent.
std::optional<std::string> query_parameter(std::string_view path_and_query, std::string_view name);

}  // namespace moq
