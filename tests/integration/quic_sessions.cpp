#include "quic_sessions.h"

#include <chrono>
#include <string>

#include "moq/tls.h"

namespace moq::test {

QuicSessions::QuicSessions(std::optional<LinkLimit> limit) {
  TlsServerOptions tls;
  tls.generate = {"localhost", "127.0.0.1"};
  auto certificate = ServerCertificate::create(tls);
  // A link stands for a real path: datagrams stay within 1,452 bytes although it forwards on loopback.
  const bool loopback_datagrams = !limit;
  QuicServerOptions server_options;
  server_options.quic.loopback_datagrams = loopback_datagrams;
  server_options.bind = "127.0.0.1:0";
  server_options.certificate = certificate;
  server = std::make_unique<QuicServer>(loop, server_options, [this](std::shared_ptr<QuicConnection> connection) {
    SessionOptions options;
    options.origin = origin;
    server_session.emplace(Session::accept(std::move(connection), std::move(options)));
  });
  uint16_t port = server->local_port();
  if (limit) {
    link = std::make_unique<RateLimitedLink>(loop, port, limit->bytes_per_second, limit->queue_bytes);
    port = link->port();
  }
  QuicClientOptions client_options;
  client_options.quic.loopback_datagrams = loopback_datagrams;
  client_options.tls.fingerprint = certificate->fingerprint();
  client = std::make_unique<QuicClient>(loop, client_options);
  std::optional<Error> failure;
  client->connect(
      "moqf://127.0.0.1:" + std::to_string(port) + "/",
      [this](std::shared_ptr<QuicConnection> connection) { client_session.emplace(Session::connect(std::move(connection))); },
      [&failure](const Error& error) { failure = error; });
  loop.run_until([&] { return (client_session && client_session->ready()) || failure; }, std::chrono::seconds(5));
  if (failure) throw *failure;
  if (!client_session || !client_session->ready()) throw Error(code::transport, "session setup timed out");
}

}  // namespace moq::test
