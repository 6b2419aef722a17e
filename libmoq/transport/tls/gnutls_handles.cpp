#include "transport/tls/gnutls_handles.h"

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "moq/error.h"

namespace moq::tls {

int check(int result, std::string_view what) {
  if (result < 0) throw Error(code::transport, std::string(what) + ": " + gnutls_strerror(result));
  return result;
}

X509Certificate new_x509_certificate() {
  gnutls_x509_crt_t handle = nullptr;
  check(gnutls_x509_crt_init(&handle), "gnutls_x509_crt_init");
  return X509Certificate(handle);
}

X509PrivateKey new_x509_private_key() {
  gnutls_x509_privkey_t handle = nullptr;
  check(gnutls_x509_privkey_init(&handle), "gnutls_x509_privkey_init");
  return X509PrivateKey(handle);
}

CertificateCredentials new_certificate_credentials() {
  gnutls_certificate_credentials_t handle = nullptr;
  check(gnutls_certificate_allocate_credentials(&handle), "gnutls_certificate_allocate_credentials");
  return CertificateCredentials(handle);
}

Priority new_quic_priority() {
  // RFC 9001: TLS 1.3 only, no middlebox-compatibility mode, and only the AEADs QUIC defines
  // header protection for.
  static constexpr const char* quic_priority =
      "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:"
      "-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:%DISABLE_TLS13_COMPAT_MODE";
  gnutls_priority_t handle = nullptr;
  check(gnutls_priority_init(&handle, quic_priority, nullptr), "gnutls_priority_init");
  return Priority(handle);
}

std::string read_file(const std::string& path, std::string_view what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw Error(code::transport,
                "cannot read " + std::string(what) + " '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream content;
  content << file.rdbuf();
  if (file.bad()) throw Error(code::transport, "cannot read " + std::string(what) + " '" + path + "'");
  return content.str();
}

std::string ip_literal_bytes(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string text(host);
  unsigned char address[sizeof(in6_addr)];
  if (::inet_pton(AF_INET, text.c_str(), address) == 1) return std::string(reinterpret_cast<char*>(address), 4);
  if (::inet_pton(AF_INET6, text.c_str(), address) == 1) {
    return std::string(reinterpret_cast<char*>(address), sizeof(in6_addr));
  }
  return {};
}

}  // namespace moq::tls
