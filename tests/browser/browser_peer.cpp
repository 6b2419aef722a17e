// Test helper for the browser test: a WebTransport server on 127.0.0.1 built from libmoq
// (QuicServer with ALPN h3 + WebTransportServer + moq::Session::accept) that publishes one
// track holding one group of the given frames. Prints "port=P fingerprint=HEX" on stdout when
// listening, logs each session's path and end on stderr, and exits on SIGTERM or after --limit.
//   browser_peer --track browser/clock --frames 68656c6c6f,00ff,... [--limit 30]

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/session.h"
#include "moq/tls.h"
#include "moq/track.h"
#include "moq/webtransport.h"

namespace {

std::vector<uint8_t> from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw std::runtime_error("odd-length hex: " + hex);
  std::vector<uint8_t> out;
  for (size_t i = 0; i < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("WebTransport peer for the browser test");
  std::string track_path = "browser/clock";
  std::vector<std::string> frames;
  int limit_seconds = 30;
  app.add_option("--track", track_path, "track path (parts joined by /)");
  app.add_option("--frames", frames, "frame payloads in hex")->delimiter(',')->required();
  app.add_option("--limit", limit_seconds, "exit after this many seconds");
  CLI11_PARSE(app, argc, argv);

  moq::EventLoop loop;
  bool stop = false;
  moq::EventLoop::Signal term(loop, SIGTERM, [&] { stop = true; });
  moq::EventLoop::Signal interrupt(loop, SIGINT, [&] { stop = true; });

  auto origin = std::make_shared<moq::LocalOrigin>();
  moq::Track track;
  track.path = moq::Path::parse(track_path);
  moq::TrackProducer producer(track);
  origin->publish(producer.consume());
  auto group = producer.append_group();
  for (const auto& hex : frames) group.write_frame(moq::Bytes(from_hex(hex)));
  group.finish();

  std::vector<moq::Session> sessions;
  moq::WebTransportServer webtransport(loop, [&](std::shared_ptr<moq::Connection> connection) {
    std::fprintf(stderr, "browser_peer: session %s from %s\n", connection->path().c_str(),
                 connection->peer_address().c_str());
    moq::SessionOptions options;
    options.origin = origin;
    options.on_closed = [](const moq::Error& e) {
      std::fprintf(stderr, "browser_peer: session closed code=%llu reason=%s\n",
                   static_cast<unsigned long long>(e.code()), e.what());
    };
    sessions.push_back(moq::Session::accept(std::move(connection), std::move(options)));
  });

  moq::TlsServerOptions tls;
  tls.generate = {"localhost", "127.0.0.1"};
  moq::QuicServerOptions options;
  options.bind = "127.0.0.1:0";
  options.certificate = moq::ServerCertificate::create(tls);
  options.quic.alpns = {};
  moq::WebTransportServer::configure(options.quic);
  moq::QuicServer server(loop, options, [&](std::shared_ptr<moq::QuicConnection> connection) {
    std::fprintf(stderr, "browser_peer: QUIC connection, ALPN %s\n", connection->alpn().c_str());
    webtransport.accept(std::move(connection));
  });
  std::printf("port=%u fingerprint=%s\n", server.local_port(), options.certificate->fingerprint().c_str());
  std::fflush(stdout);

  loop.run_until([&] { return stop; }, std::chrono::seconds(limit_seconds));
  return 0;
}
