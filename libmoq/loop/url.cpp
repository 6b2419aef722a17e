#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "moq/error.h"
#include "moq/url.h"

namespace moq {

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

bool is_path_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f;
}

}  // namespace

Url Url::parse(std::string_view text) {
  auto fail = [&](const std::string& why) -> Error {
    return Error(code::transport, "invalid URL '" + std::string(text) + "': " + why);
  };
  Url url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) throw fail("missing scheme (moqf:// or https://)");
  url.scheme = lowercase(text.substr(0, scheme_end));
  if (url.scheme == "https") {
    url.port = 443;
  } else if (url.scheme == "moqf") {
    url.port = 4443;
  } else {
    throw fail("unknown scheme '" + url.scheme + "' (expected moqf or https)");
  }

  auto rest = text.substr(scheme_end + 3);
  auto authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  auto authority = rest.substr(0, authority_end);
  // A fragment never leaves the client, so it is dropped.
  auto target = rest.substr(authority_end);
  target = target.substr(0, std::min(target.find('#'), target.size()));
  if (authority.find('@') != std::string_view::npos) throw fail("user info is not supported");

  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) throw fail("unterminated IPv6 literal");
    url.host = lowercase(authority.substr(1, close - 1));
    in6_addr address;
    if (::inet_pton(AF_INET6, url.host.c_str(), &address) != 1) throw fail("bad IPv6 literal");
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw fail("unexpected text after the IPv6 literal");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    auto colon = authority.find(':');
    url.host = lowercase(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    if (url.host.empty()) throw fail("missing host");
    if (!std::all_of(url.host.begin(), url.host.end(), is_host_char)) throw fail("bad character in host");
  }
  if (has_port) {
    unsigned port = 0;
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
        port == 0 || port > 65535) {
      throw fail("bad port '" + std::string(port_text) + "'");
    }
    url.port = static_cast<uint16_t>(port);
  }

  if (!std::all_of(target.begin(), target.end(), is_path_char)) throw fail("bad character in path");
  if (target.empty() || target.front() == '?') url.path.push_back('/');
  url.path.append(target);
  return url;
}

std::string Url::authority_host() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]";
  return host;
}

std::optional<std::string> query_parameter(std::string_view path_and_query, std::string_view name) {
  auto question = path_and_query.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = path_and_query.substr(question + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto equals = pair.find('=');
    if (pair.substr(0, equals) == name) {
      return std::string(equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace moq
