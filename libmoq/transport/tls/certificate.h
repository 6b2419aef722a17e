#pragma once
// The one implementation of moq::ServerCertificate: GnuTLS credentials holding the chain and key.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "moq/tls.h"
#include "transport/tls/gnutls_handles.h"

namespace moq::tls {

class Certificate final : public ServerCertificate {
 public:
  // leaf is only read (fingerprint, PEM); the credentials already hold their own copy.
  Certificate(CertificateCredentials credentials, gnutls_x509_crt_t leaf);

  std::string fingerprint() const override { return fingerprint_; }
  std::string leaf_pem() const override { return leaf_pem_; }
  gnutls_certificate_credentials_t credentials() const { return credentials_.get(); }

 private:
  CertificateCredentials credentials_;
  std::string fingerprint_;
  std::string leaf_pem_;
};

// Loads a PEM chain (leaf first) and its private key.
std::shared_ptr<Certificate> load_pem_files(const std::string& cert_file, const std::string& key_file);

// A self-signed ECDSA P-256 certificate for these host names / IP literals (the first is the
// CN), valid from a minute ago for min(validity, 14 days).
std::shared_ptr<Certificate> generate_self_signed(const std::vector<std::string>& names,
                                                  std::chrono::hours validity);

}  // namespace moq::tls
