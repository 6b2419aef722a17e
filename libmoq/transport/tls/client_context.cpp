#include <algorithm>
#include <cctype>

#include "moq/error.h"
#include "transport/tls/alpn.h"
#include "transport/tls/tls_context.h"

namespace moq::tls {

namespace {

// Accepts "AB:cd:..." and "abcd..." alike; the result is lowercase hex without separators.
std::string normalize_fingerprint(const std::string& text) {
  std::string hex;
  for (char c : text) {
    if (c != ':') hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  bool valid = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  });
  if (!valid) throw Error(code::transport, "invalid fingerprint '" + text + "': expected a SHA-256 as 64 hex digits");
  return hex;
}

void add_root_file(gnutls_certificate_credentials_t credentials, const std::string& path) {
  std::string pem = read_file(path, "root certificate file");
  gnutls_datum_t data = datum_of(pem);
  int added = gnutls_certificate_set_x509_trust_mem(credentials, &data, GNUTLS_X509_FMT_PEM);
  if (added < 0) {
    throw Error(code::transport, "invalid root certificate file '" + path + "': " + gnutls_strerror(added));
  }
  if (added == 0) throw Error(code::transport, "invalid root certificate file '" + path + "': no certificate in it");
}

}  // namespace

ClientContext::ClientContext(const TlsClientOptions& options)
    : credentials_(new_certificate_credentials()),
      priority_(new_quic_priority()),
      disable_verify_(options.disable_verify),
      fingerprint_(options.fingerprint.empty() ? std::string() : normalize_fingerprint(options.fingerprint)) {
  // A fingerprint or no verification never consults a chain, and parsing the system's
  // hundreds of roots is most of a client's start-up.
  if (!disable_verify_ && fingerprint_.empty()) {
    int system_roots = gnutls_certificate_set_x509_system_trust(credentials_.get());
    // Only fatal when nothing else could vouch for a server.
    if (system_roots < 0 && options.root_files.empty()) {
      throw Error(code::transport,
                  std::string("TLS: cannot load the system trust store: ") + gnutls_strerror(system_roots));
    }
  }
  for (const auto& path : options.root_files) add_root_file(credentials_.get(), path);
}

Session ClientContext::new_session(std::string_view host, const std::vector<std::string>& alpns) const {
  gnutls_session_t handle = nullptr;
  check(gnutls_init(&handle, GNUTLS_CLIENT | GNUTLS_ENABLE_EARLY_DATA | GNUTLS_NO_END_OF_EARLY_DATA),
        "gnutls_init");
  Session session(handle);
  check(gnutls_priority_set(handle, priority_.get()), "setting TLS priorities");
  check(gnutls_credentials_set(handle, GNUTLS_CRD_CERTIFICATE, credentials_.get()), "setting TLS credentials");
  set_alpns(handle, alpns, GNUTLS_ALPN_MANDATORY);
  // RFC 6066: SNI carries host names only, never address literals.
  if (ip_literal_bytes(host).empty()) {
    check(gnutls_server_name_set(handle, GNUTLS_NAME_DNS, host.data(), host.size()), "setting the server name");
  }
  return session;
}

}  // namespace moq::tls
