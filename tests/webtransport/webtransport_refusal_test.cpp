// Requests a WebTransport server must refuse, sent by a hand-driven HTTP/3 client: each gets
// an HTTP error status or a stopped stream, and the server goes on serving.

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "moq/quic.h"
#include "moq/wire/writer.h"
#include "transport/webtransport/h3_codec.h"
#include "transport/webtransport/h3_connection.h"
#include "webtransport_test_support.h"

using namespace std::chrono_literals;
using moq::h3::HeaderList;

namespace {

// An HTTP/3 connection to the fixture's server, driven by the test.
struct RawH3Client {
  explicit RawH3Client(moq::test::WebTransportFixture& f) : f(f) {
    auto options = f.client_options();
    options.quic.alpns = {"h3"};
    options.quic.max_datagram_frame_size = 65536;
    client = std::make_unique<moq::QuicClient>(f.loop, options);
    std::shared_ptr<moq::QuicConnection> quic;
    client->connect("moqf://127.0.0.1:" + std::to_string(f.server->local_port()) + "/",
                    [&](std::shared_ptr<moq::QuicConnection> c) { quic = std::move(c); },
                    [](const moq::Error& e) { FAIL("QUIC connect failed: " << e.what()); });
    REQUIRE(f.loop.run_until([&] { return quic != nullptr; }, 5s));
    h3 = std::make_shared<moq::h3::H3Connection>(f.loop, quic);
    h3->start({.on_settings = {}, .on_request = {}, .on_closed = {}});
    REQUIRE(f.loop.run_until([&] { return h3->peer_settings().has_value(); }, 5s));
  }

  // Sends a request and returns the response status (empty if none came) and whether the
  // server then finished the stream.
  std::pair<std::string, bool> request(const HeaderList& headers) {
    auto stream = h3->quic().open_bi();
    auto section = h3->encoder().encode(static_cast<int64_t>(stream.send->id()), headers);
    stream.send->write(moq::h3::encode_tlv(moq::h3::frame::headers, section.span()));
    moq::h3::TlvParser frames(1 << 16);
    std::string status;
    bool fin = false;
    stream.recv->on_data([&](std::span<const uint8_t> data, bool data_fin) {
      frames.push(data);
      fin = fin || data_fin;
      while (auto frame = frames.next()) {
        if (frame->type == moq::h3::frame::headers) {
          auto response = h3->decoder().decode(static_cast<int64_t>(stream.recv->id()), frame->payload);
          status = std::string(moq::h3::header_value(response, ":status").value_or("?"));
        }
      }
    });
    f.loop.run_until([&] { return !status.empty() && (fin || status == "200"); }, 3s);
    stream.recv->on_data([](std::span<const uint8_t>, bool) {});
    return {status, fin};
  }

  moq::test::WebTransportFixture& f;
  std::unique_ptr<moq::QuicClient> client;
  std::shared_ptr<moq::h3::H3Connection> h3;
};

HeaderList connect_request(std::string protocol, std::string path = "/") {
  HeaderList headers{{":method", "CONNECT"}, {":scheme", "https"}, {":authority", "127.0.0.1"}, {":path", path}};
  if (!protocol.empty()) headers.emplace_back(":protocol", protocol);
  return headers;
}

moq::Bytes prefix(uint64_t signal, uint64_t session_id) {
  moq::wire::Writer writer;
  writer.varint(signal);
  writer.varint(session_id);
  return writer.finish();
}

}  // namespace

TEST_CASE("WebTransport server: other requests get HTTP errors and the connection serves on") {
  moq::test::WebTransportFixture f;
  RawH3Client raw(f);
  CHECK(moq::h3::setting_value(*raw.h3->peer_settings(), moq::h3::setting::enable_connect_protocol) == 1u);
  CHECK(moq::h3::setting_value(*raw.h3->peer_settings(), moq::h3::setting::h3_datagram) == 1u);

  CHECK(raw.request(connect_request("connect-udp")) == std::pair<std::string, bool>{"501", true});
  CHECK(raw.request(connect_request("")) == std::pair<std::string, bool>{"501", true});
  CHECK(raw.request({{":method", "GET"}, {":scheme", "https"}, {":authority", "x"}, {":path", "/"}}) ==
        std::pair<std::string, bool>{"405", true});
  CHECK(raw.request({{":method", "CONNECT"}, {":protocol", "webtransport"}, {":path", "/"}}) ==
        std::pair<std::string, bool>{"400", true});
  CHECK(f.accepted.empty());

  // Then a proper one on the same connection.
  CHECK(raw.request(connect_request("webtransport-h3", "/late")).first == "200");
  REQUIRE(f.accepted.size() == 1);
  CHECK(f.accepted[0]->path() == "/late");
  // One session per connection.
  CHECK(raw.request(connect_request("webtransport", "/again")).first == "429");
}

TEST_CASE("WebTransport server: streams for an unknown session are refused") {
  moq::test::WebTransportFixture f;
  RawH3Client raw(f);
  REQUIRE(raw.request(connect_request("webtransport", "/s")).first == "200");

  auto bi = raw.h3->quic().open_bi();
  bi.send->write(prefix(moq::h3::webtransport_bidi_signal, 1000));
  std::optional<uint64_t> bi_stopped, bi_reset;
  bi.send->on_stopped([&](uint64_t code) { bi_stopped = code; });
  bi.recv->on_reset([&](uint64_t code) { bi_reset = code; });
  bi.recv->on_data([](std::span<const uint8_t>, bool) {});

  auto uni = raw.h3->quic().open_uni();
  uni->write(prefix(moq::h3::stream_type::webtransport, 1000));
  std::optional<uint64_t> uni_stopped;
  uni->on_stopped([&](uint64_t code) { uni_stopped = code; });

  REQUIRE(f.loop.run_until([&] { return bi_stopped && bi_reset && uni_stopped; }, 5s));
  CHECK(*bi_stopped == moq::code::cancel);
  CHECK(*bi_reset == moq::code::cancel);
  CHECK(*uni_stopped == moq::code::cancel);
  CHECK_FALSE(raw.h3->quic().closed());

  // A stream for the accepted session (id 0, the first request stream) gets through.
  REQUIRE(f.accepted.size() == 1);
  std::string received;
  f.accepted[0]->on_uni([&](std::shared_ptr<moq::RecvStream> stream) {
    stream->on_data([&](std::span<const uint8_t> data, bool) { received.append(data.begin(), data.end()); });
  });
  auto good = raw.h3->quic().open_uni();
  good->write(prefix(moq::h3::stream_type::webtransport, 0));
  good->write(moq::Bytes::copy(std::string_view("payload")));
  good->finish();
  REQUIRE(f.loop.run_until([&] { return received == "payload"; }, 5s));
}

TEST_CASE("WebTransport server: a control stream not starting with SETTINGS closes that connection only") {
  moq::test::WebTransportFixture f;
  auto options = f.client_options();
  options.quic.alpns = {"h3"};
  options.quic.max_datagram_frame_size = 65536;
  moq::QuicClient quic_client(f.loop, options);
  std::shared_ptr<moq::QuicConnection> quic;
  quic_client.connect("moqf://127.0.0.1:" + std::to_string(f.server->local_port()) + "/",
                      [&](std::shared_ptr<moq::QuicConnection> c) { quic = std::move(c); },
                      [](const moq::Error& e) { FAIL("QUIC connect failed: " << e.what()); });
  REQUIRE(f.loop.run_until([&] { return quic != nullptr; }, 5s));
  std::optional<moq::Error> closed;
  quic->on_closed([&](const moq::Error& e) { closed = e; });
  quic->on_uni([](std::shared_ptr<moq::RecvStream> stream) { stream->on_data([](std::span<const uint8_t>, bool) {}); });
  // Control stream (type 0) whose first frame is GOAWAY (0x07), not SETTINGS.
  moq::wire::Writer control;
  control.varint(moq::h3::stream_type::control);
  control.varint(0x07);
  control.varint(1);
  control.varint(0);
  auto stream = quic->open_uni();
  stream->write(control.finish());
  REQUIRE(f.loop.run_until([&] { return closed.has_value(); }, 5s));
  CHECK(closed->code() == moq::h3::h3_error::missing_settings);

  // The server serves on: a proper client gets its session.
  RawH3Client raw(f);
  CHECK(raw.request(connect_request("webtransport", "/after")).first == "200");
  REQUIRE(f.accepted.size() == 1);
  CHECK(f.accepted[0]->path() == "/after");
}
