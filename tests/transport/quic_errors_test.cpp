#include <doctest/doctest.h>

#include <string>

#include "quic_fixture.h"

namespace moq::test {

namespace {

// Connects with these client TLS options; returns the error, if any.
std::optional<Error> connect_with(QuicFixture& f, const TlsClientOptions& tls) {
  QuicClientOptions options;
  options.tls = tls;
  QuicClient client(f.loop, options);
  std::shared_ptr<QuicConnection> connection;
  std::optional<Error> failure;
  client.connect(f.url(), [&](std::shared_ptr<QuicConnection> c) { connection = c; },
                 [&](const Error& e) { failure = e; });
  REQUIRE(f.loop.run_until([&] { return connection || failure; }, 5s));
  return failure;
}

}  // namespace

TEST_CASE("quic: an unknown self-signed certificate fails verification by default") {
  QuicFixture f;
  auto failure = connect_with(f, {});
  REQUIRE(failure);
  CHECK(failure->code() == code::transport);
  CHECK(std::string(failure->what()).find("certificate") != std::string::npos);
  MESSAGE("default verification: " << std::string(failure->what()));
}

TEST_CASE("quic: certificate pinning by fingerprint; a wrong pin fails") {
  QuicFixture f;
  TlsClientOptions pinned;
  pinned.fingerprint = f.certificate->fingerprint();
  CHECK_FALSE(connect_with(f, pinned));
  TlsClientOptions wrong;
  wrong.fingerprint = std::string(64, 'a');
  auto failure = connect_with(f, wrong);
  REQUIRE(failure);
  CHECK(std::string(failure->what()).find("fingerprint") != std::string::npos);
}

TEST_CASE("quic: disable_verify accepts any certificate") {
  QuicFixture f;
  TlsClientOptions insecure;
  insecure.disable_verify = true;
  CHECK_FALSE(connect_with(f, insecure));
}

TEST_CASE("quic: close with code and reason reaches the peer") {
  QuicFixture f;
  auto client = f.connect();
  auto server = f.accepted.at(0);
  std::optional<Error> server_saw, client_saw;
  server->on_closed([&](const Error& e) { server_saw = e; });
  client->on_closed([&](const Error& e) { client_saw = e; });
  uint64_t reader_reset = 99;
  auto stream = client->open_bi();
  stream.recv->on_reset([&](uint64_t code) { reader_reset = code; });
  client->close(77, "bye now");
  CHECK(client->closed());
  REQUIRE(f.loop.run_until([&] { return server_saw && client_saw; }, 5s));
  CHECK(server_saw->code() == 77);
  CHECK(std::string(server_saw->what()) == "bye now");
  CHECK(client_saw->code() == 77);
  CHECK(reader_reset == code::cancel);
  CHECK_THROWS_AS(client->open_bi(), Error);
  // The client forgets the connection after its closing period; the server after draining.
  REQUIRE(f.loop.run_until([&] { return f.server->connection_count() == 0; }, 5s));
}

TEST_CASE("quic: server shutdown closes every connection") {
  QuicFixture f;
  auto first = f.connect();
  f.connected.reset();
  auto second = f.connect();
  int closed = 0;
  for (auto& c : {first, second}) {
    c->on_closed([&](const Error& e) {
      CHECK(e.code() == 3);
      ++closed;
    });
  }
  f.server->shutdown(3, "going away");
  REQUIRE(f.loop.run_until([&] { return closed == 2; }, 5s));
}

TEST_CASE("quic: an idle connection times out and says so") {
  QuicOptions quiet;
  quiet.idle_timeout = 300ms;
  quiet.keep_alive = 0ms;
  QuicFixture f(quiet, quiet);
  auto client = f.connect();
  std::optional<Error> saw;
  client->on_closed([&](const Error& e) { saw = e; });
  REQUIRE(f.loop.run_until([&] { return saw.has_value(); }, 5s));
  CHECK(saw->code() == code::transport);
  CHECK(std::string(saw->what()).find("idle") != std::string::npos);
}

TEST_CASE("quic: keep-alive holds an idle connection open") {
  QuicOptions options;
  options.idle_timeout = 400ms;
  options.keep_alive = 100ms;
  QuicFixture f(options, options);
  auto client = f.connect();
  bool closed = false;
  client->on_closed([&](const Error&) { closed = true; });
  f.loop.run_until([&] { return closed; }, 1200ms);
  CHECK_FALSE(closed);
}

TEST_CASE("quic: connection errors: nothing listening, unknown host, bad URL") {
  EventLoop loop;
  QuicClient client(loop);
  auto fails = [&](const std::string& url) {
    std::optional<Error> failure;
    client.connect(url, [](std::shared_ptr<QuicConnection>) {}, [&](const Error& e) { failure = e; });
    REQUIRE(loop.run_until([&] { return failure.has_value(); }, 5s));
    CHECK(failure->code() == code::transport);
    MESSAGE(url << ": " << std::string(failure->what()));
    return std::string(failure->what());
  };
  CHECK(fails("moqf://127.0.0.1:9").find("refused") != std::string::npos);
  CHECK(fails("moqf://no-such-host.invalid:4443").find("resolve") != std::string::npos);
  fails("https://127.0.0.1:4443/");
  fails("not a url");
}

TEST_CASE("quic: 50 clients at once on one server") {
  QuicFixture f;
  std::vector<std::shared_ptr<QuicConnection>> clients;
  int echoed = 0;
  f.on_accept = [](QuicConnection& server) {
    server.on_bi([](BiStream stream) {
      stream.recv->on_data([send = stream.send](std::span<const uint8_t> data, bool fin) {
        send->write(Bytes::copy(data));
        if (fin) send->finish();
      });
    });
  };
  for (int i = 0; i < 50; ++i) {
    f.client->connect(
        f.url(),
        [&, i](std::shared_ptr<QuicConnection> c) {
          clients.push_back(c);
          auto stream = c->open_bi();
          auto text = std::make_shared<std::string>();
          stream.recv->on_data([&, text, i](std::span<const uint8_t> data, bool fin) {
            text->append(data.begin(), data.end());
            if (fin && *text == "client " + std::to_string(i)) ++echoed;
          });
          stream.send->write(Bytes("client " + std::to_string(i)));
          stream.send->finish();
        },
        [&](const Error& e) { FAIL("connect failed: " << e.what()); });
  }
  REQUIRE(f.loop.run_until([&] { return echoed == 50; }, 20s));
  CHECK(f.accepted.size() == 50);
  CHECK(f.server->connection_count() == 50);
}

}  // namespace moq::test
