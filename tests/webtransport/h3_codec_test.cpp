// HTTP/3 frames, SETTINGS and capsules as WebTransport puts them on the wire.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "moq/error.h"
#include "transport/webtransport/h3_codec.h"

using namespace moq::h3;

namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> values) {
  std::vector<uint8_t> out;
  for (int v : values) out.push_back(static_cast<uint8_t>(v));
  return out;
}

std::vector<uint8_t> vec(const moq::Bytes& b) { return {b.span().begin(), b.span().end()}; }

}  // namespace

TEST_CASE("SETTINGS frame as browsers need it") {
  auto payload = encode_settings_payload(webtransport_settings());
  // 0x08=1, 0x33=1, 0xffd277=1 (4-byte varint), 0x2b603742=1, 0xc671706a=1 (8-byte varint).
  CHECK(vec(payload) == bytes({0x08, 0x01, 0x33, 0x01, 0x80, 0xff, 0xd2, 0x77, 0x01, 0xab, 0x60, 0x37, 0x42, 0x01,
                               0xc0, 0x00, 0x00, 0x00, 0xc6, 0x71, 0x70, 0x6a, 0x01}));
  auto frame = encode_tlv(frame::settings, payload.span());
  CHECK(frame.span()[0] == 0x04);
  CHECK(frame.span()[1] == payload.size());
  auto settings = decode_settings_payload(payload.span());
  CHECK(settings == webtransport_settings());
  CHECK(setting_value(settings, setting::enable_connect_protocol) == 1u);
  CHECK_FALSE(setting_value(settings, 0x21).has_value());
}

TEST_CASE("SETTINGS: truncated or repeated settings are decode errors") {
  auto truncated = bytes({0x08, 0x01, 0x33});
  CHECK_THROWS_AS(decode_settings_payload(truncated), moq::Error);
  auto repeated = bytes({0x08, 0x01, 0x08, 0x00});
  try {
    decode_settings_payload(repeated);
    FAIL("repeated setting accepted");
  } catch (const moq::Error& e) {
    CHECK(e.code() == moq::code::decode);
  }
  CHECK(decode_settings_payload({}).empty());
}

TEST_CASE("CLOSE_WEBTRANSPORT_SESSION travels inside a DATA frame") {
  auto encoded = encode_close_session(0x01020304, "bye");
  // DATA frame (0x00) of 10 bytes: capsule type 0x2843 (2-byte varint 0x6843), length 7, code, reason.
  CHECK(vec(encoded) == bytes({0x00, 0x0a, 0x68, 0x43, 0x07, 0x01, 0x02, 0x03, 0x04, 'b', 'y', 'e'}));
  TlvParser frames(1024);
  frames.push(encoded.span());
  auto frame = frames.next();
  REQUIRE(frame);
  CHECK(frame->type == frame::data);
  TlvParser capsules(1024);
  capsules.push(frame->payload);
  auto capsule = capsules.next();
  REQUIRE(capsule);
  CHECK(capsule->type == capsule::close_webtransport_session);
  auto close = decode_close_session(capsule->payload);
  CHECK(close.code == 0x01020304u);
  CHECK(close.reason == "bye");
  CHECK_THROWS_AS(decode_close_session(bytes({0, 0, 1})), moq::Error);
}

TEST_CASE("TlvParser: items split at every byte, then the rest is handed over") {
  std::vector<uint8_t> stream;
  auto grease = encode_tlv(0x21, bytes({1, 2, 3}));
  auto headers = encode_tlv(frame::headers, std::vector<uint8_t>(100, 7));
  for (auto b : grease.span()) stream.push_back(b);
  for (auto b : headers.span()) stream.push_back(b);
  stream.push_back(0x41);  // start of what follows
  TlvParser parser(1024);
  std::vector<Tlv> items;
  for (uint8_t b : stream) {
    parser.push({&b, 1});
    while (auto item = parser.next()) items.push_back(*item);
  }
  REQUIRE(items.size() == 2);
  CHECK(items[0].type == 0x21);
  CHECK(items[0].payload == bytes({1, 2, 3}));
  CHECK(items[1].type == frame::headers);
  CHECK(items[1].payload == std::vector<uint8_t>(100, 7));
  CHECK(parser.take_rest() == bytes({0x41}));
}

TEST_CASE("TlvParser refuses payloads over its limit before they arrive") {
  TlvParser parser(16);
  auto header = bytes({0x00, 0x40, 0x11});  // DATA frame announcing 17 bytes
  parser.push(header);
  try {
    parser.next();
    FAIL("oversized frame accepted");
  } catch (const moq::Error& e) {
    CHECK(e.code() == moq::code::bounds_exceeded);
  }
}

TEST_CASE("stream prefixes: signal and session id as varints") {
  auto prefix = bytes({0x40, 0x41, 0x04, 0xaa});
  auto signal = peek_varint(prefix, 0);
  REQUIRE(signal);
  CHECK(signal->value == webtransport_bidi_signal);
  auto session = peek_varint(prefix, signal->end);
  REQUIRE(session);
  CHECK(session->value == 4);
  CHECK(session->end == 3);
  CHECK_FALSE(peek_varint(prefix, 4).has_value());
  CHECK_FALSE(peek_varint(bytes({0x40}), 0).has_value());
}
