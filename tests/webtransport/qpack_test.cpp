// QPACK through nghttp3 with no dynamic table: what one side encodes the other decodes.

#include <doctest/doctest.h>

#include <string>

#include "moq/error.h"
#include "transport/webtransport/qpack_codec.h"

using moq::h3::HeaderList;

TEST_CASE("QPACK: a WebTransport CONNECT request round-trips") {
  HeaderList request{{":method", "CONNECT"},
                     {":scheme", "https"},
                     {":authority", "127.0.0.1:4443"},
                     {":path", "/room?jwt=abc.def"},
                     {":protocol", "webtransport"},
                     {"sec-webtransport-http3-draft02", "1"},
                     {"origin", "https://example.test"}};
  moq::h3::QpackEncoder encoder;
  moq::h3::QpackDecoder decoder;
  auto section = encoder.encode(0, request);
  // Required insert count 0 and base 0: the section never refers to a dynamic table.
  REQUIRE(section.size() > 2);
  CHECK(section.span()[0] == 0);
  CHECK(section.span()[1] == 0);
  CHECK(decoder.decode(0, section.span()) == request);
  CHECK(moq::h3::header_value(request, ":path") == "/room?jwt=abc.def");
  CHECK_FALSE(moq::h3::header_value(request, "cookie").has_value());

  HeaderList response{{":status", "200"}, {"sec-webtransport-http3-draft", "draft02"}};
  CHECK(decoder.decode(0, encoder.encode(0, response).span()) == response);
}

TEST_CASE("QPACK: malformed sections and dynamic table references are decode errors") {
  moq::h3::QpackDecoder decoder;
  // Prefix claims a required insert count of 1: the dynamic table, which has capacity 0.
  std::vector<uint8_t> dynamic{0x02, 0x00, 0x80};
  CHECK_THROWS_AS(decoder.decode(0, dynamic), moq::Error);
  moq::h3::QpackDecoder fresh;
  std::vector<uint8_t> truncated{0x00, 0x00, 0x5f};  // a literal with name reference cut short
  try {
    fresh.decode(4, truncated);
    FAIL("truncated section accepted");
  } catch (const moq::Error& e) {
    CHECK(e.code() == moq::code::decode);
  }
}
