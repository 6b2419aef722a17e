#pragma once
// A server and a client on 127.0.0.1 sharing one event loop, for the transport tests.

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/tls.h"

namespace moq::test {

using namespace std::chrono_literals;

inline std::shared_ptr<ServerCertificate> test_certificate() {
  TlsServerOptions options;
  options.generate = {"localhost", "127.0.0.1"};
  return ServerCertificate::create(options);
}

struct QuicFixture {
  explicit QuicFixture(QuicOptions server_quic = {}, QuicOptions client_quic = {}) {
    certificate = test_certificate();
    QuicServerOptions server_options;
    server_options.quic = std::move(server_quic);
    server_options.bind = "127.0.0.1:0";
    server_options.certificate = certificate;
    server = std::make_unique<QuicServer>(loop, server_options, [this](std::shared_ptr<QuicConnection> c) {
      if (on_accept) on_accept(*c);
      accepted.push_back(std::move(c));
    });
    QuicClientOptions client_options;
    client_options.quic = std::move(client_quic);
    client_options.tls.fingerprint = certificate->fingerprint();
    client = std::make_unique<QuicClient>(loop, client_options);
  }

  std::string url() const { return "moqf://127.0.0.1:" + std::to_string(server->local_port()) + "/test"; }

  // Starts a connection; the result shows up in connected / failure.
  void start_connect() {
    client->connect(
        url(), [this](std::shared_ptr<QuicConnection> c) { connected = std::move(c); },
        [this](const Error& e) { failure = e; });
  }

  // Connects and waits for both ends; fails the test on error.
  std::shared_ptr<QuicConnection> connect() {
    size_t before = accepted.size();
    start_connect();
    REQUIRE(loop.run_until([&] { return (connected && accepted.size() > before) || failure; }, 5s));
    if (failure) FAIL("connect failed: " << failure->what());
    return connected;
  }

  EventLoop loop;
  std::shared_ptr<ServerCertificate> certificate;
  std::unique_ptr<QuicServer> server;
  std::unique_ptr<QuicClient> client;
  std::vector<std::shared_ptr<QuicConnection>> accepted;
  std::function<void(QuicConnection&)> on_accept;  // runs before the server sees any stream
  std::shared_ptr<QuicConnection> connected;
  std::optional<Error> failure;
};

}  // namespace moq::test
