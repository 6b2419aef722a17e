#include "webtransport_test_support.h"

#include <utility>

namespace moq::test {

WebTransportFixture::WebTransportFixture() {
  TlsServerOptions tls;
  tls.generate = {"localhost", "127.0.0.1"};
  certificate = ServerCertificate::create(tls);
  webtransport = std::make_unique<WebTransportServer>(loop, [this](std::shared_ptr<Connection> connection) {
    accepted.push_back(connection);
    SessionOptions options;
    options.origin = origin;
    options.on_closed = [this](const Error& error) { server_closed.push_back(error); };
    server_sessions.push_back(Session::accept(std::move(connection), std::move(options)));
  });
  QuicServerOptions options;
  options.bind = "127.0.0.1:0";
  options.certificate = certificate;
  options.quic.alpns = {};
  WebTransportServer::configure(options.quic);
  server = std::make_unique<QuicServer>(loop, options, [this](std::shared_ptr<QuicConnection> connection) {
    webtransport->accept(std::move(connection));
  });
}

std::string WebTransportFixture::url(const std::string& path) const {
  return "https://127.0.0.1:" + std::to_string(server->local_port()) + path;
}

QuicClientOptions WebTransportFixture::client_options() const {
  QuicClientOptions options;
  options.tls.fingerprint = certificate->fingerprint();
  return options;
}

}  // namespace moq::test
