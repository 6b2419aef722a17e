// Malformed input gets the codes the reference answered with (vectors/reference-behaviour.txt),
// and only the offending stream suffers unless it is the session stream.

#include "session_test_util.h"

using namespace session_test;
using moq::Path;

namespace {

struct Scripted {
  Scripted()
      : connection(memory::connect(network)),
        peer(connection.client),
        server(moq::Session::accept(connection.server, options([&](auto& o) {
          o.on_closed = [this](const moq::Error& e) { server_closed = e; };
        }))),
        session(peer.open_bi("0001c0000000ff0bad0200")) {
    moq::Track track;
    track.path = Path::parse("a/b");
    published.emplace(track);
    server.publish(published->consume());
    network.run();
  }
  // The session still serves a/b: the offending stream did not take it down.
  void check_still_working() {
    auto subscribe = peer.open_bi("020502016101627f01000000");  // Subscribe a/b id 5
    network.run();
    CHECK(subscribe.received->hex == "80010000");
    CHECK_FALSE(peer.closed);
  }
  memory::Network network;
  memory::ConnectionPair connection;
  RawPeer peer;
  std::optional<moq::Error> server_closed;
  moq::Session server;
  RawPeer::Stream session;
  std::optional<moq::TrackProducer> published;
};

}  // namespace

TEST_CASE("a second session stream is stopped and reset with 10") {
  Scripted scripted;
  auto second = scripted.peer.open_bi("00");
  scripted.network.run();
  CHECK(second.received->stopped == moq::code::unexpected_stream);
  CHECK(second.received->reset == moq::code::unexpected_stream);
  scripted.check_still_working();
}

TEST_CASE("an unknown control type is stopped and reset with 5") {
  Scripted scripted;
  auto unknown = scripted.peer.open_bi("07");
  scripted.network.run();
  CHECK(unknown.received->stopped == moq::code::decode);
  CHECK(unknown.received->reset == moq::code::decode);
  scripted.check_still_working();
}

TEST_CASE("a group for an unknown subscription is stopped with 0") {
  Scripted scripted;
  auto group = scripted.peer.open_uni("00406300050568656c6c6f");
  std::optional<uint64_t> stopped;
  group->on_stopped([&](uint64_t code) { stopped = code; });
  scripted.network.run();
  CHECK(stopped == moq::code::cancel);
  scripted.check_still_working();
}

TEST_CASE("an unknown data type is stopped with 5") {
  Scripted scripted;
  auto stream = scripted.peer.open_uni("05");
  std::optional<uint64_t> stopped;
  stream->on_stopped([&](uint64_t code) { stopped = code; });
  scripted.network.run();
  CHECK(stopped == moq::code::decode);
  scripted.check_still_working();
}

TEST_CASE("a SessionInfo on the session stream closes the session with 5") {
  Scripted scripted;
  scripted.session.write("804c4b40");
  scripted.network.run();
  REQUIRE(scripted.peer.closed);
  CHECK(scripted.peer.closed->code() == moq::code::decode);
  REQUIRE(scripted.server_closed);
  CHECK(scripted.server.closed());
}

TEST_CASE("the end of the session stream closes the session with 0 cancelled") {
  Scripted scripted;
  scripted.session.finish();
  scripted.network.run();
  REQUIRE(scripted.peer.closed);
  CHECK(scripted.peer.closed->code() == moq::code::cancel);
  CHECK(std::string(scripted.peer.closed->what()) == "cancelled");
}

TEST_CASE("a reset of the session stream closes the session with 0") {
  Scripted scripted;
  scripted.session.stream.send->reset(moq::code::app_base);
  scripted.network.run();
  REQUIRE(scripted.peer.closed);
  CHECK(scripted.peer.closed->code() == moq::code::cancel);
}

TEST_CASE("a subscription to an unknown path is stopped and reset with 13") {
  Scripted scripted;
  auto subscribe = scripted.peer.open_bi("020002017801798001000000");  // x/y
  scripted.network.run();
  CHECK(subscribe.received->hex.empty());
  CHECK(subscribe.received->stopped == moq::code::not_found);
  CHECK(subscribe.received->reset == moq::code::not_found);
  scripted.check_still_working();
}

TEST_CASE("decode errors on control streams reset them with 5, or 11 for bounds") {
  Scripted scripted;
  auto bad_utf8 = scripted.peer.open_bi("01010180");           // AnnouncePlease with an invalid string
  auto bad_order = scripted.peer.open_bi("0200020161016280050000");  // group order 5
  auto too_long = scripted.peer.open_bi("0401448161");         // a path part of 1153 bytes
  scripted.network.run();
  CHECK(bad_utf8.received->reset == moq::code::decode);
  CHECK(bad_order.received->reset == moq::code::decode);
  CHECK(too_long.received->reset == moq::code::bounds_exceeded);
  CHECK(too_long.received->stopped == moq::code::bounds_exceeded);
  scripted.check_still_working();
}

TEST_CASE("a subscribe id in use is refused with 12") {
  Scripted scripted;
  auto first = scripted.peer.open_bi("020002016101628001000000");
  auto second = scripted.peer.open_bi("020002016101628001000000");
  scripted.network.run();
  CHECK(first.received->hex == "80010000");
  CHECK(second.received->reset == moq::code::duplicate);
}

TEST_CASE("streams that overtake the session stream wait for setup") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer peer(connection.client);
  moq::Track track;
  track.path = Path::parse("a/b");
  moq::TrackProducer published(track);
  auto server = moq::Session::accept(connection.server);
  server.publish(published.consume());
  auto info = peer.open_bi("040201610162");
  network.run();
  CHECK(info.received->hex.empty());
  auto session = peer.open_bi("0001c0000000ff0bad0200");
  network.run();
  CHECK(info.received->hex == "80010000");
  CHECK(info.received->fin);
}

TEST_CASE("announcing a track twice fails the announce stream with 12") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer peer(connection.server);
  auto client = moq::Session::connect(connection.client, options([](auto& o) { o.capabilities = 0; }));
  network.run();
  peer.bi.at(0).write("c0000000ff0bad0200");
  auto announced = client.announced(Path());
  network.run();
  auto& announce = peer.bi.at(1);
  announce.write("010201610162010201610162");
  network.run();
  CHECK(announce.received->stopped == moq::code::duplicate);
  uint64_t code = 0;
  try {
    announced.next();
  } catch (const moq::Error& error) {
    code = error.code();
  }
  CHECK(code == moq::code::duplicate);
}
