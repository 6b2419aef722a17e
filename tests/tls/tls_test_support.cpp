#include "tls_test_support.h"

#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

namespace moq::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "moq-tls-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  std::string path = file(name);
  std::ofstream out(path, std::ios::binary);
  out << content;
  REQUIRE(out.good());
  return path;
}

void run(const std::string& command) {
  INFO(command);
  REQUIRE(std::system((command + " >/dev/null 2>&1").c_str()) == 0);
}

std::string certtool_key(const TempDir& dir, const std::string& name) {
  std::string path = dir.file(name + ".key");
  run("certtool --generate-privkey --key-type=ecdsa --curve=secp256r1 --no-text --outfile " + path);
  return path;
}

std::string certtool_certificate(const TempDir& dir, const std::string& name, const std::string& template_text,
                                 const std::string& ca_name) {
  std::string template_path = dir.write(name + ".tmpl", template_text);
  std::string path = dir.file(name + ".pem");
  std::string command = "certtool --no-text --load-privkey " + dir.file(name + ".key") + " --template " +
                        template_path + " --outfile " + path;
  if (ca_name.empty()) {
    command += " --generate-self-signed";
  } else {
    command += " --generate-certificate --load-ca-certificate " + dir.file(ca_name + ".pem") +
               " --load-ca-privkey " + dir.file(ca_name + ".key");
  }
  run(command);
  return path;
}

std::string certtool_fingerprint(const std::string& pem_path) {
  std::string command = "certtool --certificate-info --infile " + pem_path + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> output(::popen(command.c_str(), "r"), ::pclose);
  REQUIRE(output != nullptr);
  std::string text;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), output.get())) text.append(buffer.data(), n);
  // certtool prints "Fingerprint:" followed by indented "sha1:..." and "sha256:..." lines.
  auto section = text.find("Fingerprint:");
  REQUIRE(section != std::string::npos);
  auto at = text.find("sha256:", section);
  REQUIRE(at != std::string::npos);
  at += 7;
  return text.substr(at, text.find('\n', at) - at);
}

namespace {

// The client's view of whom it is talking to, reached from the verify hook.
struct VerifyTarget {
  const tls::ClientContext* context;
  std::string host;
  std::optional<std::string> failure;
};

// What the QUIC code does: look up the context from the session and ask it.
int verify_hook(gnutls_session_t session) {
  auto* target = static_cast<VerifyTarget*>(gnutls_session_get_ptr(session));
  target->failure = target->context->verify_peer(session, target->host);
  return target->failure ? GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR : 0;
}

class SocketPair {
 public:
  SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds_.data()) == 0); }
  ~SocketPair() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int client() const { return fds_[0]; }
  int server() const { return fds_[1]; }

 private:
  std::array<int, 2> fds_{};
};

// Advances one side; on a fatal error, sends the matching alert as the QUIC stack would.
void step(gnutls_session_t session, int& result) {
  if (result != GNUTLS_E_AGAIN && result != GNUTLS_E_INTERRUPTED) return;
  result = gnutls_handshake(session);
  if (result < 0 && gnutls_error_is_fatal(result)) gnutls_alert_send_appropriate(session, result);
}

int received_alert(gnutls_session_t session, int result) {
  return result == GNUTLS_E_FATAL_ALERT_RECEIVED ? static_cast<int>(gnutls_alert_get(session)) : -1;
}

}  // namespace

HandshakeResult handshake(gnutls_session_t client, gnutls_session_t server) {
  SocketPair sockets;
  // Over QUIC the sessions are driven through ngtcp2; here they read and write the socketpair.
  gnutls_transport_set_int(client, sockets.client());
  gnutls_transport_set_int(server, sockets.server());
  HandshakeResult result;
  result.client = result.server = GNUTLS_E_AGAIN;
  for (int round = 0; round < 50; ++round) {
    step(client, result.client);
    step(server, result.server);
  }
  result.client_alpn = tls::negotiated_alpn(client);
  result.server_alpn = tls::negotiated_alpn(server);
  result.client_alert = received_alert(client, result.client);
  result.server_alert = received_alert(server, result.server);
  return result;
}

HandshakeResult handshake(const tls::ClientContext& client, const std::string& host,
                          const std::vector<std::string>& client_alpns, const tls::ServerContext& server) {
  auto client_session = client.new_session(host, client_alpns);
  auto server_session = server.new_session();
  VerifyTarget target{&client, host, std::nullopt};
  gnutls_session_set_ptr(client_session.get(), &target);
  gnutls_session_set_verify_function(client_session.get(), verify_hook);
  HandshakeResult result = handshake(client_session.get(), server_session.get());
  result.verify_failure = target.failure;
  return result;
}

}  // namespace moq::test
