#pragma once
// Helpers for the TLS tests: a scratch directory, certtool-made certificates, and an in-memory
// TLS 1.3 handshake between a client and a server session.

#include <filesystem>
#include <optional>
#include <string>

#include "transport/tls/tls_context.h"

namespace moq::test {

// A fresh directory under the system temp dir, removed with its content at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Runs a shell command; fails the test when it does not succeed.
void run(const std::string& command);

// Writes an ECDSA P-256 key made by certtool and returns its path.
std::string certtool_key(const TempDir& dir, const std::string& name);
// Writes a certificate made by certtool from a template (certtool's template syntax), signed by
// the given CA or self-signed when ca_name is empty; returns its path. Key and CA are files
// "<name>.key", "<ca_name>.pem", "<ca_name>.key" in dir.
std::string certtool_certificate(const TempDir& dir, const std::string& name, const std::string& template_text,
                                 const std::string& ca_name = "");
// The SHA-256 fingerprint certtool reports for a PEM certificate, lowercase hex.
std::string certtool_fingerprint(const std::string& pem_path);

struct HandshakeResult {
  int client = 0;                            // gnutls_handshake's final result on each side
  int server = 0;
  std::optional<std::string> verify_failure;  // what verify_peer said, when it refused
  std::string client_alpn;
  std::string server_alpn;
  int client_alert = -1;                     // alert received, when a side got one
  int server_alert = -1;
  bool ok() const { return client == 0 && server == 0; }
};

// A full TLS 1.3 handshake over a socketpair between sessions from these contexts, with the
// client checking the server through the same kind of verify hook the QUIC code installs.
HandshakeResult handshake(const tls::ClientContext& client, const std::string& host,
                          const std::vector<std::string>& client_alpns, const tls::ServerContext& server);

// The same between two prepared sessions, without a verify hook.
HandshakeResult handshake(gnutls_session_t client, gnutls_session_t server);

}  // namespace moq::test
