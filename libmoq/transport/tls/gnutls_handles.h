#pragma once
// Owning wrappers for GnuTLS handles, and the check that turns a GnuTLS error code into
// moq::Error.

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace moq::tls {

template <typename Handle, auto Free>
struct HandleDeleter {
  void operator()(Handle handle) const noexcept { Free(handle); }
};

template <typename Handle, auto Free>
using Owned = std::unique_ptr<std::remove_pointer_t<Handle>, HandleDeleter<Handle, Free>>;

using Session = Owned<gnutls_session_t, gnutls_deinit>;
using X509Certificate = Owned<gnutls_x509_crt_t, gnutls_x509_crt_deinit>;
using X509PrivateKey = Owned<gnutls_x509_privkey_t, gnutls_x509_privkey_deinit>;
using CertificateCredentials =
    Owned<gnutls_certificate_credentials_t, gnutls_certificate_free_credentials>;
using Priority = Owned<gnutls_priority_t, gnutls_priority_deinit>;

// A buffer GnuTLS allocated for us (exports), released with gnutls_free.
class OwnedDatum {
 public:
  OwnedDatum() = default;
  ~OwnedDatum() { gnutls_free(datum_.data); }
  OwnedDatum(const OwnedDatum&) = delete;
  OwnedDatum& operator=(const OwnedDatum&) = delete;
  gnutls_datum_t* out() { return &datum_; }
  std::string str() const { return std::string(reinterpret_cast<const char*>(datum_.data), datum_.size); }

 private:
  gnutls_datum_t datum_{};
};

// A view of bytes in the form GnuTLS takes them; GnuTLS does not write through it.
inline gnutls_datum_t datum_of(std::string_view bytes) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
          static_cast<unsigned>(bytes.size())};
}

// Returns result when it is not an error; otherwise throws moq::Error(code::transport,
// "<what>: <GnuTLS's description>").
int check(int result, std::string_view what);

X509Certificate new_x509_certificate();
X509PrivateKey new_x509_private_key();
CertificateCredentials new_certificate_credentials();
// The cipher suites and groups QUIC allows, TLS 1.3 only.
Priority new_quic_priority();

// The whole content of a file; throws moq::Error naming the file (as "<what> '<path>'") when it
// cannot be read.
std::string read_file(const std::string& path, std::string_view what);

// The address bytes when host is an IPv4 or IPv6 literal (IPv6 with or without brackets), else
// an empty string.
std::string ip_literal_bytes(std::string_view host);

}  // namespace moq::tls
