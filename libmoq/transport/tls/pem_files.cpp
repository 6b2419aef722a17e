#include "moq/error.h"
#include "transport/tls/certificate.h"

namespace moq::tls {

namespace {

// The certificates of a PEM chain, released together.
class CertificateList {
 public:
  CertificateList() = default;
  ~CertificateList() {
    for (unsigned i = 0; i < count_; ++i) gnutls_x509_crt_deinit(list_[i]);
    gnutls_free(list_);
  }
  CertificateList(const CertificateList&) = delete;
  CertificateList& operator=(const CertificateList&) = delete;

  int import(const std::string& pem) {
    gnutls_datum_t data = datum_of(pem);
    return gnutls_x509_crt_list_import2(&list_, &count_, &data, GNUTLS_X509_FMT_PEM, 0);
  }
  gnutls_x509_crt_t* data() const { return list_; }
  unsigned size() const { return count_; }

 private:
  gnutls_x509_crt_t* list_ = nullptr;
  unsigned count_ = 0;
};

[[noreturn]] void fail(std::string_view what, const std::string& path, const std::string& why) {
  throw Error(code::transport, "invalid " + std::string(what) + " '" + path + "': " + why);
}

}  // namespace

std::shared_ptr<Certificate> load_pem_files(const std::string& cert_file, const std::string& key_file) {
  std::string cert_pem = read_file(cert_file, "certificate file");
  std::string key_pem = read_file(key_file, "key file");

  CertificateList chain;
  if (int result = chain.import(cert_pem); result < 0) {
    fail("certificate file", cert_file, gnutls_strerror(result));
  }
  if (chain.size() == 0) fail("certificate file", cert_file, "no certificate in it");

  auto key = new_x509_private_key();
  gnutls_datum_t key_data = datum_of(key_pem);
  if (int result = gnutls_x509_privkey_import2(key.get(), &key_data, GNUTLS_X509_FMT_PEM, nullptr, 0); result < 0) {
    fail("key file", key_file, gnutls_strerror(result));
  }

  auto credentials = new_certificate_credentials();
  // The credentials keep copies, so the list and key can go after this.
  int result = gnutls_certificate_set_x509_key(credentials.get(), chain.data(), chain.size(), key.get());
  if (result == GNUTLS_E_CERTIFICATE_KEY_MISMATCH) {
    throw Error(code::transport, "the key in '" + key_file + "' does not match the certificate in '" + cert_file + "'");
  }
  if (result < 0) fail("certificate file", cert_file, gnutls_strerror(result));
  return std::make_shared<Certificate>(std::move(credentials), chain.data()[0]);
}

}  // namespace moq::tls
