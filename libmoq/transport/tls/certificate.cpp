#include "transport/tls/certificate.h"

#include <gnutls/crypto.h>

#include "moq/error.h"

namespace moq {

namespace tls {

Certificate::Certificate(CertificateCredentials credentials, gnutls_x509_crt_t leaf)
    : credentials_(std::move(credentials)) {
  OwnedDatum der, pem;
  check(gnutls_x509_crt_export2(leaf, GNUTLS_X509_FMT_DER, der.out()), "exporting the certificate");
  check(gnutls_x509_crt_export2(leaf, GNUTLS_X509_FMT_PEM, pem.out()), "exporting the certificate");
  auto der_bytes = der.str();
  fingerprint_ = sha256_hex(reinterpret_cast<const uint8_t*>(der_bytes.data()), der_bytes.size());
  leaf_pem_ = pem.str();
}

}  // namespace tls

std::shared_ptr<ServerCertificate> ServerCertificate::create(const TlsServerOptions& options) {
  bool from_files = !options.cert_file.empty() || !options.key_file.empty();
  if (from_files && !options.generate.empty()) {
    throw Error(code::transport, "TLS: give either a certificate and key file or names to generate a certificate for, not both");
  }
  if (from_files) {
    if (options.cert_file.empty()) throw Error(code::transport, "TLS: a key file needs a certificate file");
    if (options.key_file.empty()) throw Error(code::transport, "TLS: a certificate file needs a key file");
    return tls::load_pem_files(options.cert_file, options.key_file);
  }
  if (options.generate.empty()) {
    throw Error(code::transport, "TLS: no certificate: give a certificate and key file, or names to generate one for");
  }
  return tls::generate_self_signed(options.generate, options.validity);
}

std::string sha256_hex(const uint8_t* data, size_t size) {
  uint8_t digest[32];
  tls::check(gnutls_hash_fast(GNUTLS_DIG_SHA256, data, size, digest), "SHA-256");
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (uint8_t byte : digest) {
    hex.push_back(digits[byte >> 4]);
    hex.push_back(digits[byte & 0xf]);
  }
  return hex;
}

}  // namespace moq
