#include "moq/error.h"
#include "transport/tls/alpn.h"
#include "transport/tls/tls_context.h"

namespace moq::tls {

namespace {

// GnuTLS only checks ALPN when the client sends the extension; QUIC requires it (RFC 9001
// section 8.1), so a ClientHello without a usable protocol ends the handshake here, and the
// error maps to the no_application_protocol alert.
int require_alpn(gnutls_session_t session, unsigned, unsigned, unsigned, const gnutls_datum_t*) {
  gnutls_datum_t selected{};
  if (gnutls_alpn_get_selected_protocol(session, &selected) < 0) return GNUTLS_E_NO_APPLICATION_PROTOCOL;
  return 0;
}

}  // namespace

ServerContext::ServerContext(std::shared_ptr<ServerCertificate> certificate, std::vector<std::string> alpns)
    : certificate_(std::dynamic_pointer_cast<const Certificate>(std::move(certificate))),
      alpns_(std::move(alpns)),
      priority_(new_quic_priority()) {
  if (!certificate_) throw Error(code::transport, "TLS: the server certificate was not made by ServerCertificate::create");
  check_alpns(alpns_);
}

Session ServerContext::new_session() const {
  gnutls_session_t handle = nullptr;
  check(gnutls_init(&handle, GNUTLS_SERVER | GNUTLS_ENABLE_EARLY_DATA | GNUTLS_NO_END_OF_EARLY_DATA),
        "gnutls_init");
  Session session(handle);
  check(gnutls_priority_set(handle, priority_.get()), "setting TLS priorities");
  check(gnutls_credentials_set(handle, GNUTLS_CRD_CERTIFICATE, certificate_->credentials()),
        "setting the server certificate");
  set_alpns(handle, alpns_, GNUTLS_ALPN_MANDATORY | GNUTLS_ALPN_SERVER_PRECEDENCE);
  gnutls_handshake_set_hook_function(handle, GNUTLS_HANDSHAKE_CLIENT_HELLO, GNUTLS_HOOK_POST, require_alpn);
  return session;
}

}  // namespace moq::tls
