#pragma once
// Endpoint URLs: moqf://host:port/path?query (raw QUIC) and https://host:port/path?query
// (WebTransport).

#include <cstdint>
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

}  // namespace moq
