#include <doctest/doctest.h>

#include <string>

#include "quic_fixture.h"

namespace moq::test {

TEST_CASE("quic: client connects and a bidi stream echoes") {
  QuicFixture f;
  auto client = f.connect();
  auto server = f.accepted.at(0);
  CHECK(client->alpn() == "moqf-02");
  CHECK(server->alpn() == "moqf-02");
  CHECK(client->protocol() == "moqf-02");
  CHECK(client->path() == "/test");
  CHECK(server->peer_address().rfind("127.0.0.1:", 0) == 0);

  server->on_bi([](BiStream stream) {
    stream.recv->on_data([send = stream.send](std::span<const uint8_t> data, bool fin) {
      send->write(Bytes::copy(data));
      if (fin) send->finish();
    });
  });

  auto stream = client->open_bi();
  std::string echoed;
  bool done = false;
  stream.recv->on_data([&](std::span<const uint8_t> data, bool fin) {
    echoed.append(data.begin(), data.end());
    done = fin;
  });
  stream.send->write(Bytes::copy(std::string_view("hello ")));
  stream.send->write(Bytes::copy(std::string_view("quic")));
  stream.send->finish();
  REQUIRE(f.loop.run_until([&] { return done; }, 5s));
  CHECK(echoed == "hello quic");
}

}  // namespace moq::test
