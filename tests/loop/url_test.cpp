#include "moq/url.h"

#include <doctest/doctest.h>

#include <string>

#include "moq/error.h"

using moq::Url;

TEST_CASE("moqf and https URLs parse with their default ports") {
  Url a = Url::parse("moqf://relay.example.com/room");
  CHECK(a.scheme == "moqf");
  CHECK(a.host == "relay.example.com");
  CHECK(a.port == 4443);
  CHECK(a.path == "/room");

  Url b = Url::parse("https://example.com");
  CHECK(b.scheme == "https");
  CHECK(b.port == 443);
  CHECK(b.path == "/");
}

TEST_CASE("explicit ports, queries and case") {
  Url a = Url::parse("HTTPS://Example.COM:8443/room?jwt=abc.DEF");
  CHECK(a.scheme == "https");
  CHECK(a.host == "example.com");
  CHECK(a.port == 8443);
  CHECK(a.path == "/room?jwt=abc.DEF");

  Url b = Url::parse("moqf://localhost:1?x=1");
  CHECK(b.port == 1);
  CHECK(b.path == "/?x=1");

  CHECK(Url::parse("moqf://h:65535/a#fragment").path == "/a");
  CHECK(Url::parse("moqf://127.0.0.1:4443/").host == "127.0.0.1");
}

TEST_CASE("IPv6 literals are stored without brackets") {
  Url a = Url::parse("moqf://[::1]:5000/live");
  CHECK(a.host == "::1");
  CHECK(a.port == 5000);
  CHECK(a.path == "/live");
  CHECK(a.authority_host() == "[::1]");
  Url b = Url::parse("https://[2001:DB8::1]");
  CHECK(b.host == "2001:db8::1");
  CHECK(b.port == 443);
  CHECK(Url::parse("https://example.com").authority_host() == "example.com");
}

TEST_CASE("malformed URLs throw with the URL and the reason") {
  auto reason = [](const char* text) {
    try {
      Url::parse(text);
    } catch (const moq::Error& e) {
      CHECK(e.code() == moq::code::transport);
      return std::string(e.what());
    }
    return std::string("parsed");
  };
  CHECK(reason("ftp://host/") == "invalid URL 'ftp://host/': unknown scheme 'ftp' (expected moqf or https)");
  CHECK(reason("host:443").find("missing scheme") != std::string::npos);
  CHECK(reason("moqf:///path").find("missing host") != std::string::npos);
  CHECK(reason("moqf://host:/").find("bad port") != std::string::npos);
  CHECK(reason("moqf://host:0/").find("bad port") != std::string::npos);
  CHECK(reason("moqf://host:65536/").find("bad port") != std::string::npos);
  CHECK(reason("moqf://host:12a/").find("bad port") != std::string::npos);
  CHECK(reason("moqf://host:-1/").find("bad port") != std::string::npos);
  CHECK(reason("moqf://[::1/").find("unterminated IPv6") != std::string::npos);
  CHECK(reason("moqf://[::g]/").find("bad IPv6") != std::string::npos);
  CHECK(reason("moqf://[::1]x/").find("after the IPv6") != std::string::npos);
  CHECK(reason("moqf://user@host/").find("user info") != std::string::npos);
  CHECK(reason("moqf://ho st/").find("bad character in host") != std::string::npos);
  CHECK(reason("moqf://host/a b").find("bad character in path") != std::string::npos);
}

TEST_CASE("query parameters are found by name, taken as written") {
  CHECK(moq::query_parameter("/room?jwt=a.b-c_d", "jwt") == "a.b-c_d");
  CHECK(moq::query_parameter("/?x=1&jwt=tok&y", "jwt") == "tok");
  CHECK(moq::query_parameter("/?jwtx=1&y=2", "jwt") == std::nullopt);
  CHECK(moq::query_parameter("/room", "jwt") == std::nullopt);
  CHECK(moq::query_parameter("/?jwt", "jwt") == "");
}
