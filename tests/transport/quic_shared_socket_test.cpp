// QuicClientOptions::share_socket: many client connections on one UDP socket.

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <string>

#include "quic_fixture.h"

namespace moq::test {

namespace {

std::unique_ptr<QuicClient> shared_client(QuicFixture& f) {
  QuicClientOptions options;
  options.tls.fingerprint = f.certificate->fingerprint();
  options.share_socket = true;
  return std::make_unique<QuicClient>(f.loop, options);
}

void echo_every_stream(QuicConnection& server) {
  server.on_bi([](BiStream stream) {
    stream.recv->on_data([send = stream.send](std::span<const uint8_t> data, bool fin) {
      send->write(Bytes::copy(data));
      if (fin) send->finish();
    });
  });
}

// Sends text on a new stream of connection; the echo lands in *echoed once finished.
void send_for_echo(QuicConnection& connection, const std::string& text, std::shared_ptr<std::string> echoed) {
  auto stream = connection.open_bi();
  auto received = std::make_shared<std::string>();
  stream.recv->on_data([received, echoed](std::span<const uint8_t> data, bool fin) {
    received->append(data.begin(), data.end());
    if (fin) *echoed = *received;
  });
  stream.send->write(Bytes(text));
  stream.send->finish();
}

// A UDP port on 127.0.0.1 where nothing listens (bound, then closed).
uint16_t closed_port() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("quic: connections of a shared-socket client come from one port and each gets its own data") {
  QuicFixture f;
  f.on_accept = echo_every_stream;
  auto client = shared_client(f);
  constexpr int count = 20;
  std::vector<std::shared_ptr<QuicConnection>> connections;
  for (int i = 0; i < count; ++i) {
    client->connect(
        f.url(), [&](std::shared_ptr<QuicConnection> c) { connections.push_back(std::move(c)); },
        [](const Error& e) { FAIL("connect failed: " << e.what()); });
  }
  REQUIRE(f.loop.run_until([&] { return connections.size() == count && f.accepted.size() == count; }, 10s));
  std::set<std::string> client_addresses;
  for (auto& accepted : f.accepted) client_addresses.insert(accepted->peer_address());
  CHECK(client_addresses.size() == 1);

  std::vector<std::shared_ptr<std::string>> echoes;
  for (int i = 0; i < count; ++i) {
    echoes.push_back(std::make_shared<std::string>());
    send_for_echo(*connections[i], "connection " + std::to_string(i) + std::string(5000, 'x'), echoes.back());
  }
  REQUIRE(f.loop.run_until([&] { return std::ranges::all_of(echoes, [](auto& e) { return !e->empty(); }); }, 10s));
  for (int i = 0; i < count; ++i) CHECK(*echoes[i] == "connection " + std::to_string(i) + std::string(5000, 'x'));
}

TEST_CASE("quic: a shared-socket connection that closes leaves the others on the socket working") {
  QuicFixture f;
  f.on_accept = echo_every_stream;
  auto client = shared_client(f);
  std::vector<std::shared_ptr<QuicConnection>> connections;
  for (int i = 0; i < 2; ++i) {
    client->connect(
        f.url(), [&](std::shared_ptr<QuicConnection> c) { connections.push_back(std::move(c)); },
        [](const Error& e) { FAIL("connect failed: " << e.what()); });
  }
  REQUIRE(f.loop.run_until([&] { return connections.size() == 2 && f.accepted.size() == 2; }, 5s));
  int closed_at_server = 0;
  for (auto& accepted : f.accepted) accepted->on_closed([&](const Error&) { ++closed_at_server; });
  connections[0]->close(7, "done");
  REQUIRE(f.loop.run_until([&] { return closed_at_server == 1; }, 5s));

  auto echoed = std::make_shared<std::string>();
  send_for_echo(*connections[1], "still here", echoed);
  REQUIRE(f.loop.run_until([&] { return !echoed->empty(); }, 5s));
  CHECK(*echoed == "still here");
}

TEST_CASE("quic: a shared-socket connection to a port where nothing listens is refused at once") {
  QuicFixture f;
  auto client = shared_client(f);
  auto url = "moqf://127.0.0.1:" + std::to_string(closed_port()) + "/";
  std::optional<Error> failure;
  client->connect(url, [](std::shared_ptr<QuicConnection>) { FAIL("connected to nothing"); },
                  [&](const Error& e) { failure = e; });
  // Well within the 10 s handshake timeout: the ICMP port-unreachable ends it.
  REQUIRE(f.loop.run_until([&] { return failure.has_value(); }, 3s));
  CHECK(std::string(failure->what()).find("refused") != std::string::npos);

  // The socket still serves connections that work.
  std::shared_ptr<QuicConnection> connection;
  client->connect(f.url(), [&](std::shared_ptr<QuicConnection> c) { connection = std::move(c); },
                  [](const Error& e) { FAIL("connect failed: " << e.what()); });
  REQUIRE(f.loop.run_until([&] { return connection != nullptr; }, 5s));
}

}  // namespace moq::test
