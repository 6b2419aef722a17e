#include <gnutls/crypto.h>

#include <algorithm>

#include "moq/error.h"
#include "transport/tls/certificate.h"

namespace moq::tls {

namespace {

// Browsers accept a certificate through serverCertificateHashes only if it is valid for at
// most two weeks.
constexpr std::chrono::hours max_validity{24 * 14};
// Starting a little in the past tolerates peers whose clocks run slightly behind.
constexpr std::chrono::minutes backdating{1};

void add_subject_alt_name(gnutls_x509_crt_t certificate, const std::string& name) {
  std::string address = ip_literal_bytes(name);
  if (!address.empty()) {
    check(gnutls_x509_crt_set_subject_alt_name(certificate, GNUTLS_SAN_IPADDRESS, address.data(),
                                               static_cast<unsigned>(address.size()), GNUTLS_FSAN_APPEND),
          "adding IP address " + name);
  } else {
    check(gnutls_x509_crt_set_subject_alt_name(certificate, GNUTLS_SAN_DNSNAME, name.data(),
                                               static_cast<unsigned>(name.size()), GNUTLS_FSAN_APPEND),
          "adding host name " + name);
  }
}

}  // namespace

std::shared_ptr<Certificate> generate_self_signed(const std::vector<std::string>& names,
                                                  std::chrono::hours validity) {
  if (validity <= std::chrono::hours::zero()) {
    throw Error(code::transport, "TLS: certificate validity must be positive");
  }
  for (const auto& name : names) {
    if (name.empty()) throw Error(code::transport, "TLS: empty host name for the certificate");
  }

  auto key = new_x509_private_key();
  check(gnutls_x509_privkey_generate(key.get(), GNUTLS_PK_ECDSA,
                                     GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
        "generating an ECDSA P-256 key");

  auto certificate = new_x509_certificate();
  gnutls_x509_crt_t crt = certificate.get();
  check(gnutls_x509_crt_set_version(crt, 3), "setting the certificate version");

  // A random positive serial of 16 bytes (RFC 5280 allows up to 20).
  unsigned char serial[16];
  check(gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial), "generating a serial number");
  serial[0] = static_cast<unsigned char>((serial[0] & 0x7f) | 0x01);
  check(gnutls_x509_crt_set_serial(crt, serial, sizeof serial), "setting the serial number");

  auto activation = std::chrono::system_clock::now() - backdating;
  auto expiration = activation + std::min<std::chrono::seconds>(validity, max_validity);
  check(gnutls_x509_crt_set_activation_time(crt, std::chrono::system_clock::to_time_t(activation)),
        "setting the activation time");
  check(gnutls_x509_crt_set_expiration_time(crt, std::chrono::system_clock::to_time_t(expiration)),
        "setting the expiration time");

  const std::string& common_name = names.front();
  check(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, common_name.data(),
                                      static_cast<unsigned>(common_name.size())),
        "setting the common name");
  for (const auto& name : names) add_subject_alt_name(crt, name);

  check(gnutls_x509_crt_set_basic_constraints(crt, 0, -1), "setting basic constraints");
  check(gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE), "setting the key usage");
  check(gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
        "setting the extended key usage");
  check(gnutls_x509_crt_set_key(crt, key.get()), "setting the certificate key");
  check(gnutls_x509_crt_sign2(crt, crt, key.get(), GNUTLS_DIG_SHA256, 0), "signing the certificate");

  auto credentials = new_certificate_credentials();
  check(gnutls_certificate_set_x509_key(credentials.get(), &crt, 1, key.get()), "installing the certificate");
  return std::make_shared<Certificate>(std::move(credentials), crt);
}

}  // namespace moq::tls
