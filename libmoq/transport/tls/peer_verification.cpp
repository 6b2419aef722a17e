#include <utility>

#include "transport/tls/tls_context.h"

namespace moq::tls {

namespace {

// Reasons for a non-zero verification status, most fundamental first.
std::string describe_status(unsigned status) {
  static constexpr std::pair<unsigned, const char*> reasons[] = {
      {GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_SIGNATURE_FAILURE |
           GNUTLS_CERT_INSECURE_ALGORITHM | GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
       "certificate not trusted"},
      {GNUTLS_CERT_REVOKED, "certificate revoked"},
      {GNUTLS_CERT_EXPIRED, "certificate expired"},
      {GNUTLS_CERT_NOT_ACTIVATED, "certificate not yet valid"},
      {GNUTLS_CERT_UNEXPECTED_OWNER, "host name mismatch"},
      {GNUTLS_CERT_PURPOSE_MISMATCH, "certificate not meant for TLS servers"},
  };
  std::string text;
  for (const auto& [bits, reason] : reasons) {
    if ((status & bits) == 0) continue;
    if (!text.empty()) text += ", ";
    text += reason;
  }
  if (!text.empty()) return text;
  // Anything else: GnuTLS's own wording.
  OwnedDatum printed;
  if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, printed.out(), 0) < 0) {
    return "certificate invalid";
  }
  return printed.str();
}

}  // namespace

std::optional<std::string> ClientContext::verify_peer(gnutls_session_t session, std::string_view host) const {
  if (disable_verify_) return std::nullopt;
  unsigned count = 0;
  const gnutls_datum_t* chain = gnutls_certificate_get_peers(session, &count);
  if (chain == nullptr || count == 0) return "no certificate from the peer";

  if (!fingerprint_.empty()) {
    std::string leaf = sha256_hex(chain[0].data, chain[0].size);
    if (leaf == fingerprint_) return std::nullopt;
    return "fingerprint mismatch: got " + leaf + ", expected " + fingerprint_;
  }

  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string name(host);  // GnuTLS reads it as a C string; it matches IP literals to IP SANs
  gnutls_typed_vdata_st checks[] = {
      {GNUTLS_DT_DNS_HOSTNAME, reinterpret_cast<unsigned char*>(name.data()), 0},
      {GNUTLS_DT_KEY_PURPOSE_OID,
       reinterpret_cast<unsigned char*>(const_cast<char*>(GNUTLS_KP_TLS_WWW_SERVER)), 0},
  };
  unsigned status = 0;
  if (int result = gnutls_certificate_verify_peers(session, checks, 2, &status); result < 0) {
    return std::string("certificate verification failed: ") + gnutls_strerror(result);
  }
  if (status == 0) return std::nullopt;
  return describe_status(status);
}

}  // namespace moq::tls
