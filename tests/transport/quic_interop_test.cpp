// Interoperability with ngtcp2's own example programs (Debian packages ngtcp2-server and
// ngtcp2-client), which speak ALPN h3.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "child_process.h"
#include "quic_fixture.h"

namespace moq::test {

namespace {

uint16_t free_udp_port() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

struct TempDir {
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "moq-quic-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::filesystem::path path;
};

}  // namespace

TEST_CASE("quic interop: our client completes an h3 handshake with gtlsserver") {
  if (access("/usr/sbin/gtlsserver", X_OK) != 0 || access("/usr/bin/certtool", X_OK) != 0) {
    MESSAGE("skipped: gtlsserver or certtool missing (packages ngtcp2-server, gnutls-bin)");
    return;
  }
  TempDir dir;
  auto key = (dir.path / "key.pem").string();
  auto cert = (dir.path / "cert.pem").string();
  auto tmpl = (dir.path / "cert.cfg").string();
  std::ofstream(tmpl) << "cn = localhost\ndns_name = localhost\nexpiration_days = 2\n"
                         "tls_www_server\nsigning_key\n";
  REQUIRE(run_command({"certtool", "--generate-privkey", "--key-type=ecdsa", "--outfile", key}) == 0);
  REQUIRE(run_command({"certtool", "--generate-self-signed", "--load-privkey", key, "--template",
                       tmpl, "--outfile", cert}) == 0);

  auto port = free_udp_port();
  ChildProcess server({"/usr/sbin/gtlsserver", "-q", "127.0.0.1", std::to_string(port), key, cert});
  REQUIRE(server.started());

  EventLoop loop;
  QuicClientOptions options;
  options.quic.alpns = {"h3"};
  options.tls.disable_verify = true;
  QuicClient client(loop, options);
  std::shared_ptr<QuicConnection> connection;
  std::optional<Error> failure;
  // The server may need a moment to bind: retry while nothing listens.
  for (int attempt = 0; attempt < 50 && !connection; ++attempt) {
    failure.reset();
    client.connect("moqf://127.0.0.1:" + std::to_string(port),
                   [&](std::shared_ptr<QuicConnection> c) { connection = c; },
                   [&](const Error& e) { failure = e; });
    REQUIRE(loop.run_until([&] { return connection || failure; }, 5s));
    if (!connection) loop.run_until([] { return false; }, 100ms);
  }
  if (failure) FAIL("connect to gtlsserver failed: " << std::string(failure->what()));
  REQUIRE(connection);
  CHECK(connection->alpn() == "h3");
  bool closed = false;
  connection->on_closed([&](const Error&) { closed = true; });
  connection->close(0, "done");
  REQUIRE(loop.run_until([&] { return closed; }, 2s));
  CHECK_FALSE(server.exit_status());  // it kept serving
}

TEST_CASE("quic interop: gtlsclient gets a clean ALPN refusal and our server keeps serving") {
  if (access("/usr/bin/gtlsclient", X_OK) != 0) {
    MESSAGE("skipped: gtlsclient missing (package ngtcp2-client)");
    return;
  }
  QuicFixture f;
  TempDir dir;
  auto log = (dir.path / "gtlsclient.log").string();
  auto port = std::to_string(f.server->local_port());
  ChildProcess client({"/usr/bin/gtlsclient", "--timeout=5s", "127.0.0.1", port,
                       "https://127.0.0.1:" + port + "/"},
                      log);
  REQUIRE(client.started());
  // gtlsclient 0.12 exits with status 0 even when refused (a few seconds later); what matters
  // is that it was told why, at once, and does not hang.
  REQUIRE(f.loop.run_until([&] { return client.exit_status().has_value(); }, 10s));
  CHECK(*client.exit_status() < 128);  // ended by itself, not by a signal
  std::ifstream in(log);
  std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // CRYPTO_ERROR 0x100 + TLS alert 120 (no_application_protocol).
  CHECK(output.find("CONNECTION_CLOSE(0x1c) error_code=CRYPTO_ERROR(0x178)") != std::string::npos);
  CHECK(f.accepted.empty());
  auto connection = f.connect();  // still serving
  CHECK(connection->alpn() == "moqf-02");
}

}  // namespace moq::test
