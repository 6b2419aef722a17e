// Our WebTransport client against our WebTransport server over loopback, with moq sessions on
// top: the same session code as over raw QUIC, through extended CONNECT and prefixed streams.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "moq/session.h"
#include "moq/track.h"
#include "moq/webtransport.h"
#include "test_track.h"
#include "webtransport_test_support.h"

using namespace std::chrono_literals;
using moq::test::track_at;

namespace {

// Connects a client session to the fixture's server through the given client.
template <class Client>
std::optional<moq::Session> connect_session(moq::test::WebTransportFixture& f, Client& client, const std::string& url,
                                            std::shared_ptr<moq::Connection>& connection,
                                            moq::SessionOptions options = {}) {
  std::optional<moq::Error> failure;
  client.connect(
      url, [&](std::shared_ptr<moq::Connection> c) { connection = std::move(c); },
      [&](const moq::Error& e) { failure = e; });
  REQUIRE(f.loop.run_until([&] { return connection || failure; }, 5s));
  if (failure) FAIL("connect failed: " << failure->what());
  std::optional<moq::Session> session(moq::Session::connect(connection, std::move(options)));
  REQUIRE(f.loop.run_until([&] { return session->ready(); }, 5s));
  return session;
}

// "g<group>f<frame>", built by appending (GCC 12 warns falsely about chained operator+ here).
std::string frame_text(int group, int frame) {
  std::string text = "g";
  text += std::to_string(group);
  text += 'f';
  text += std::to_string(frame);
  return text;
}

}  // namespace

TEST_CASE("WebTransport: a subscriber receives the frames of every group, in order") {
  moq::test::WebTransportFixture f;
  moq::WebTransportClient client(f.loop, f.client_options());
  std::shared_ptr<moq::Connection> connection;
  auto session = connect_session(f, client, f.url("/room?jwt=token"), connection);
  CHECK(connection->protocol() == "webtransport");
  CHECK(connection->path() == "/room?jwt=token");
  REQUIRE(f.accepted.size() == 1);
  CHECK(f.accepted[0]->path() == "/room?jwt=token");
  CHECK(f.accepted[0]->protocol() == "webtransport");
  CHECK(f.accepted[0]->peer_address().rfind("127.0.0.1:", 0) == 0);

  moq::TrackProducer producer(track_at("room/clock"));
  f.origin->publish(producer.consume());
  auto consumer = session->subscribe(track_at("room/clock"));
  std::vector<std::optional<moq::GroupConsumer>> groups;
  bool ended = false;
  consumer.on_change([&] {
    for (;;) {
      auto item = consumer.next_group();
      if (item.is_end()) ended = true;
      if (!item.is_ready()) return;
      if (auto* group = std::get_if<moq::GroupConsumer>(&item.value())) groups.emplace_back(*group);
    }
  });
  f.loop.run_until([] { return false; }, 100ms);  // the subscription reaches the publisher
  for (int g = 0; g < 5; ++g) {
    auto group = producer.append_group();
    for (int i = 0; i < 3; ++i) group.write_frame(moq::Bytes::copy(std::string_view(frame_text(g, i))));
    group.finish();
    f.loop.run_until([&] { return groups.size() > static_cast<size_t>(g); }, 2s);
  }
  producer.finish();
  REQUIRE(f.loop.run_until([&] { return ended; }, 5s));
  REQUIRE(groups.size() == 5);
  for (size_t g = 0; g < groups.size(); ++g) {
    CHECK(groups[g]->sequence() == g);
    for (int i = 0; i < 3; ++i) {
      auto frame = groups[g]->read_frame();
      REQUIRE(frame.is_ready());
      CHECK(frame.value().view() == frame_text(static_cast<int>(g), i));
    }
  }
}

TEST_CASE("WebTransport: closing a session delivers its code and reason to the peer") {
  moq::test::WebTransportFixture f;
  moq::EndpointClient client(f.loop, f.client_options());
  std::shared_ptr<moq::Connection> connection;
  auto session = connect_session(f, client, f.url("/"), connection);
  REQUIRE(f.loop.run_until([&] { return !f.server_sessions.empty() && f.server_sessions[0].ready(); }, 5s));
  session->close(moq::code::app_base + 7, "done here");
  REQUIRE(f.loop.run_until([&] { return !f.server_closed.empty(); }, 5s));
  CHECK(f.server_closed[0].code() == moq::code::app_base + 7);
  CHECK(std::string(f.server_closed[0].what()) == "done here");
  // The QUIC connection goes too, once the peer has the capsule.
  REQUIRE(f.loop.run_until([&] { return f.server->connection_count() == 0; }, 5s));
  CHECK_THROWS_AS(connection->open_uni(), moq::Error);
}

TEST_CASE("WebTransport: the server ending a session reaches the client, and the next session works") {
  moq::test::WebTransportFixture f;
  moq::WebTransportClient client(f.loop, f.client_options());
  std::shared_ptr<moq::Connection> first;
  std::optional<moq::Error> first_closed;
  moq::SessionOptions options;
  options.on_closed = [&](const moq::Error& e) { first_closed = e; };
  auto session = connect_session(f, client, f.url("/one"), first, std::move(options));
  REQUIRE(f.loop.run_until([&] { return !f.server_sessions.empty() && f.server_sessions[0].ready(); }, 5s));
  f.server_sessions[0].close(moq::code::not_found, "gone");
  REQUIRE(f.loop.run_until([&] { return first_closed.has_value(); }, 5s));
  CHECK(first_closed->code() == moq::code::not_found);
  CHECK(std::string(first_closed->what()) == "gone");

  std::shared_ptr<moq::Connection> second;
  auto again = connect_session(f, client, f.url("/two"), second);
  CHECK(second->path() == "/two");
  CHECK(f.accepted.size() == 2);
}

TEST_CASE("WebTransport: a refused CONNECT fails the connect with the HTTP status") {
  moq::test::WebTransportFixture f;
  f.webtransport = std::make_unique<moq::WebTransportServer>(
      f.loop, [](std::shared_ptr<moq::Connection>) { FAIL("refused session was accepted"); },
      moq::WebTransportServerOptions{.authorize = [](const moq::WebTransportRequest& r) { return r.path == "/ok" ? 200 : 403; }});
  moq::WebTransportClient client(f.loop, f.client_options());
  std::optional<moq::Error> failure;
  client.connect(
      f.url("/secret"), [](std::shared_ptr<moq::Connection>) { FAIL("connected to a refused path"); },
      [&](const moq::Error& e) { failure = e; });
  REQUIRE(f.loop.run_until([&] { return failure.has_value(); }, 5s));
  CHECK(failure->code() == moq::code::transport);
  CHECK(std::string(failure->what()).find("403") != std::string::npos);
  CHECK_THROWS_AS(client.connect("moqf://127.0.0.1:1/", [](auto) {}, [](const moq::Error&) {}), moq::Error);
}

TEST_CASE("WebTransport: one UDP port serves raw QUIC and WebTransport, picked by ALPN") {
  moq::EventLoop loop;
  moq::TlsServerOptions tls;
  tls.generate = {"127.0.0.1"};
  auto certificate = moq::ServerCertificate::create(tls);
  std::vector<std::string> protocols;
  std::vector<moq::Session> sessions;
  auto serve = [&](std::shared_ptr<moq::Connection> c) {
    protocols.push_back(c->protocol());
    sessions.push_back(moq::Session::accept(std::move(c)));
  };
  moq::WebTransportServer webtransport(loop, serve);
  moq::QuicServerOptions options;  // offers moqf-02 by default
  options.bind = "127.0.0.1:0";
  options.certificate = certificate;
  moq::WebTransportServer::configure(options.quic);
  moq::QuicServer server(loop, options, [&](std::shared_ptr<moq::QuicConnection> c) {
    if (c->alpn() == moq::alpn_h3) {
      webtransport.accept(std::move(c));
    } else {
      serve(std::move(c));
    }
  });
  moq::QuicClientOptions client_options;
  client_options.tls.fingerprint = certificate->fingerprint();
  moq::EndpointClient client(loop, client_options);
  std::string port = std::to_string(server.local_port());
  std::vector<moq::Session> clients;
  std::vector<std::string> urls{"moqf://127.0.0.1:" + port + "/", "https://127.0.0.1:" + port + "/wt"};
  for (const auto& url : urls) {
    client.connect(
        url, [&](std::shared_ptr<moq::Connection> c) { clients.push_back(moq::Session::connect(std::move(c))); },
        [url](const moq::Error& e) { FAIL("connect to " << url << " failed: " << e.what()); });
  }
  REQUIRE(loop.run_until([&] { return clients.size() == 2 && clients[0].ready() && clients[1].ready(); }, 5s));
  std::sort(protocols.begin(), protocols.end());
  CHECK(protocols == std::vector<std::string>{"moqf-02", "webtransport"});
}

TEST_CASE("WebTransport: stream resets and STOP_SENDING carry moq codes both ways") {
  moq::test::WebTransportFixture f;
  std::shared_ptr<moq::Connection> server;
  f.webtransport = std::make_unique<moq::WebTransportServer>(f.loop, [&](std::shared_ptr<moq::Connection> c) { server = c; });
  moq::WebTransportClient client(f.loop, f.client_options());
  std::shared_ptr<moq::Connection> connection;
  client.connect(
      f.url("/codes"), [&](std::shared_ptr<moq::Connection> c) { connection = std::move(c); },
      [](const moq::Error& e) { FAIL("connect failed: " << e.what()); });
  REQUIRE(f.loop.run_until([&] { return connection && server; }, 5s));

  std::vector<std::shared_ptr<moq::RecvStream>> server_streams;
  std::optional<uint64_t> reset_code;
  std::string received;
  server->on_uni([&](std::shared_ptr<moq::RecvStream> stream) {
    stream->on_data([&](std::span<const uint8_t> data, bool) { received.append(data.begin(), data.end()); });
    stream->on_reset([&](uint64_t code) { reset_code = code; });
    server_streams.push_back(std::move(stream));
  });
  std::vector<moq::BiStream> client_streams;
  connection->on_bi([&](moq::BiStream stream) {
    stream.recv->on_data([](std::span<const uint8_t>, bool) {});
    client_streams.push_back(std::move(stream));
  });

  for (uint64_t code : {moq::code::cancel, moq::code::not_found, uint64_t{29}, uint64_t{30}, moq::code::app_base + 7,
                        uint64_t{0xffffffff}}) {
    CAPTURE(code);
    // Client to server: RESET_STREAM.
    received.clear();
    reset_code.reset();
    auto uni = connection->open_uni();
    uni->write(moq::Bytes::copy(std::string_view("x")));
    REQUIRE(f.loop.run_until([&] { return received == "x"; }, 5s));
    uni->reset(code);
    REQUIRE(f.loop.run_until([&] { return reset_code.has_value(); }, 5s));
    CHECK(*reset_code == code);

    // Server to client: STOP_SENDING.
    client_streams.clear();
    auto bi = server->open_bi();
    bi.send->write(moq::Bytes::copy(std::string_view("y")));
    bi.recv->on_data([](std::span<const uint8_t>, bool) {});
    std::optional<uint64_t> stopped;
    bi.send->on_stopped([&](uint64_t c) { stopped = c; });
    REQUIRE(f.loop.run_until([&] { return !client_streams.empty(); }, 5s));
    client_streams[0].recv->stop(code);
    // ngtcp2 0.12 reports STOP_SENDING only when the whole stream closes: end the other half.
    client_streams[0].send->finish();
    REQUIRE(f.loop.run_until([&] { return stopped.has_value(); }, 5s));
    CHECK(*stopped == code);
  }
}
