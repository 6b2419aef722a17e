#pragma once
// TLS contexts for QUIC endpoints: each makes GnuTLS sessions configured with credentials,
// TLS 1.3 priorities and ALPN. The QUIC code then binds a session to its connection
// (ngtcp2_crypto_gnutls_configure_*_session, gnutls_session_set_ptr) and, on clients, installs
// a verify hook (gnutls_session_set_verify_function) that calls ClientContext::verify_peer.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moq/tls.h"
#include "transport/tls/certificate.h"
#include "transport/tls/gnutls_handles.h"

namespace moq::tls {

class ServerContext {
 public:
  // alpns in order of preference: the server picks the first of these the client offers, and
  // fails the handshake with no_application_protocol when the client offers none of them.
  ServerContext(std::shared_ptr<ServerCertificate> certificate, std::vector<std::string> alpns);

  // The session's ClientHello hook is taken (it enforces ALPN); do not replace it.
  Session new_session() const;

 private:
  std::shared_ptr<const Certificate> certificate_;
  std::vector<std::string> alpns_;
  Priority priority_;
};

class ClientContext {
 public:
  explicit ClientContext(const TlsClientOptions& options);

  // A session for a server at host (a name or IP literal; SNI is sent for names only),
  // offering these ALPN protocols.
  Session new_session(std::string_view host, const std::vector<std::string>& alpns) const;

  // Whether the peer of a session at its certificate stage is acceptable: nullopt if so, else
  // the reason ("certificate not trusted", "host name mismatch", "fingerprint mismatch: ...").
  std::optional<std::string> verify_peer(gnutls_session_t session, std::string_view host) const;

 private:
  CertificateCredentials credentials_;
  Priority priority_;
  bool disable_verify_;
  std::string fingerprint_;  // normalized: lowercase hex without separators; empty = verify the chain
};

// The ALPN protocol a session negotiated, empty if none.
std::string negotiated_alpn(gnutls_session_t session);

}  // namespace moq::tls
