// Session setup: version negotiation, extensions and capabilities, the exact setup bytes, and
// how the session stream's end closes the session.

#include "session_test_util.h"

using namespace session_test;

namespace {

// Our capability extension as it goes on the wire: count 1, id 0x6c6d0001, value varint 7.
const std::string capability_extensions = "01c00000006c6d00010107";

}  // namespace

TEST_CASE("client and server agree on the version and exchange capabilities") {
  bool client_ready = false;
  bool server_ready = false;
  SessionPair pair(options([&](auto& o) { o.on_ready = [&] { client_ready = true; }; }), options([&](auto& o) { o.on_ready = [&] { server_ready = true; }; }));
  CHECK(client_ready);
  CHECK(server_ready);
  CHECK(pair.client->ready());
  CHECK(pair.server->ready());
  CHECK(pair.client->peer_capabilities() == moq::capability::all);
  CHECK(pair.server->peer_capabilities() == moq::capability::all);
}

TEST_CASE("a session without capabilities sends the reference's exact setup") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer server(connection.server);
  auto client = moq::Session::connect(connection.client, options([&](auto& o) { o.capabilities = 0; }));
  network.run();
  REQUIRE(server.bi.size() == 1);
  CHECK(server.bi[0].received->hex == "0001c0000000ff0bad0200");  // stream/client-session-open
  server.bi[0].write("c0000000ff0bad0200");                         // stream/server-session-reply
  network.run();
  CHECK(client.ready());
  CHECK(client.peer_capabilities() == 0);
}

TEST_CASE("our client offers version 2 with the capability extension") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer server(connection.server);
  auto client = moq::Session::connect(connection.client);
  network.run();
  REQUIRE(server.bi.size() == 1);
  CHECK(server.bi[0].received->hex == "0001c0000000ff0bad02" + capability_extensions);
  CHECK_FALSE(client.ready());
}

TEST_CASE("our server answers a 0.8.0 client with version 2 and the capability extension") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer client(connection.client);
  bool ready = false;
  auto server = moq::Session::accept(connection.server, options([&](auto& o) { o.on_ready = [&] { ready = true; }; }));
  auto stream = client.open_bi("0001c0000000ff0bad0200");
  network.run();
  CHECK(stream.received->hex == "c0000000ff0bad02" + capability_extensions);
  CHECK(ready);
  CHECK(server.peer_capabilities() == 0);
  CHECK_FALSE(client.closed);
}

TEST_CASE("unknown extensions are ignored and kept") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer client(connection.client);
  auto server = moq::Session::accept(connection.server);
  // ClientSetup offering 0xff0bad00, 0xff0bad01 and 0xff0bad02, with extension 0x2a = dead.
  auto stream = client.open_bi("0003c0000000ff0bad00c0000000ff0bad01c0000000ff0bad02012a02dead");
  network.run();
  CHECK(stream.received->hex == "c0000000ff0bad02" + capability_extensions);
  REQUIRE(server.ready());
  REQUIRE(server.peer_extensions().count(0x2a) == 1);
  CHECK(to_hex(server.peer_extensions().at(0x2a).span()) == "dead");
  CHECK(server.peer_capabilities() == 0);
}

TEST_CASE("a client offering no common version gets the connection closed with 9") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer client(connection.client);
  std::optional<moq::Error> closed;
  auto server = moq::Session::accept(connection.server, options([&](auto& o) { o.on_closed = [&](const moq::Error& e) { closed = e; }; }));
  auto stream = client.open_bi("0001c0000000ff0bad0100");
  network.run();
  CHECK(stream.received->hex.empty());
  REQUIRE(client.closed);
  CHECK(client.closed->code() == moq::code::version);
  REQUIRE(closed);
  CHECK(closed->code() == moq::code::version);
  CHECK(server.closed());
}

TEST_CASE("a server choosing another version gets the connection closed with 9") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer server(connection.server);
  auto client = moq::Session::connect(connection.client);
  network.run();
  server.bi.at(0).write("c0000000ff0bad0100");
  network.run();
  REQUIRE(server.closed);
  CHECK(server.closed->code() == moq::code::version);
  CHECK(client.closed());
}

TEST_CASE("the capability extension may advertise less") {
  SessionPair pair(options([&](auto& o) { o.capabilities = moq::capability::live; }), {});
  CHECK(pair.server->peer_capabilities() == moq::capability::live);
  CHECK(pair.client->peer_capabilities() == moq::capability::all);
}

TEST_CASE("closing a session closes both sides with the code") {
  std::optional<moq::Error> client_closed;
  std::optional<moq::Error> server_closed;
  SessionPair pair(options([&](auto& o) { o.on_closed = [&](const moq::Error& e) { client_closed = e; }; }),
                   options([&](auto& o) { o.on_closed = [&](const moq::Error& e) { server_closed = e; }; }));
  pair.client->close(moq::code::app_base + 3, "bye");
  pair.run();
  REQUIRE(client_closed);
  REQUIRE(server_closed);
  CHECK(server_closed->code() == 67);
  CHECK(std::string(server_closed->what()) == "bye");
  CHECK(pair.server->closed());
}

TEST_CASE("dropping a session closes the connection with 0") {
  std::optional<moq::Error> server_closed;
  SessionPair pair({}, options([&](auto& o) { o.on_closed = [&](const moq::Error& e) { server_closed = e; }; }));
  pair.client.reset();
  pair.run();
  REQUIRE(server_closed);
  CHECK(server_closed->code() == moq::code::cancel);
}
