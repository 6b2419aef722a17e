#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "moq/error.h"
#include "moq/tls.h"
#include "tls_test_support.h"

using moq::test::TempDir;

namespace {

// The leaf of a certificate, parsed back from its PEM by GnuTLS.
class ParsedCertificate {
 public:
  explicit ParsedCertificate(const std::string& pem) {
    REQUIRE(gnutls_x509_crt_init(&crt_) == 0);
    gnutls_datum_t data{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.data())),
                        static_cast<unsigned>(pem.size())};
    REQUIRE(gnutls_x509_crt_import(crt_, &data, GNUTLS_X509_FMT_PEM) == 0);
  }
  ~ParsedCertificate() { gnutls_x509_crt_deinit(crt_); }
  ParsedCertificate(const ParsedCertificate&) = delete;
  ParsedCertificate& operator=(const ParsedCertificate&) = delete;
  gnutls_x509_crt_t get() const { return crt_; }

  std::set<std::string> alt_names(gnutls_x509_subject_alt_name_t wanted) const {
    std::set<std::string> names;
    for (unsigned index = 0;; ++index) {
      char buffer[256];
      size_t size = sizeof buffer;
      int type = gnutls_x509_crt_get_subject_alt_name(crt_, index, buffer, &size, nullptr);
      if (type < 0) break;
      if (type != wanted) continue;
      if (type == GNUTLS_SAN_IPADDRESS) {
        char text[INET6_ADDRSTRLEN];
        REQUIRE(::inet_ntop(size == 4 ? AF_INET : AF_INET6, buffer, text, sizeof text) != nullptr);
        names.insert(text);
      } else {
        names.insert(std::string(buffer, size));
      }
    }
    return names;
  }

  std::string serial() const {
    char buffer[64];
    size_t size = sizeof buffer;
    REQUIRE(gnutls_x509_crt_get_serial(crt_, buffer, &size) == 0);
    return std::string(buffer, size);
  }

 private:
  gnutls_x509_crt_t crt_ = nullptr;
};

std::shared_ptr<moq::ServerCertificate> generate(std::vector<std::string> names,
                                                 std::chrono::hours validity = std::chrono::hours(24 * 14)) {
  moq::TlsServerOptions options;
  options.generate = std::move(names);
  options.validity = validity;
  return moq::ServerCertificate::create(options);
}

std::string error_of(const moq::TlsServerOptions& options) {
  try {
    moq::ServerCertificate::create(options);
  } catch (const moq::Error& e) {
    return e.what();
  }
  return "created";
}

}  // namespace

TEST_CASE("a generated certificate is a current ECDSA P-256 server certificate for its names") {
  auto certificate = generate({"relay.example", "localhost", "127.0.0.1", "::1"});
  ParsedCertificate parsed(certificate->leaf_pem());
  gnutls_x509_crt_t crt = parsed.get();

  CHECK(gnutls_x509_crt_get_pk_algorithm(crt, nullptr) == GNUTLS_PK_ECDSA);
  gnutls_ecc_curve_t curve{};
  gnutls_datum_t x{}, y{};
  REQUIRE(gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y) == 0);
  gnutls_free(x.data);
  gnutls_free(y.data);
  CHECK(curve == GNUTLS_ECC_CURVE_SECP256R1);
  CHECK(gnutls_x509_crt_get_signature_algorithm(crt) == GNUTLS_SIGN_ECDSA_SHA256);

  std::time_t now = std::time(nullptr);
  std::time_t activation = gnutls_x509_crt_get_activation_time(crt);
  std::time_t expiration = gnutls_x509_crt_get_expiration_time(crt);
  CHECK(activation <= now - 55);
  CHECK(activation >= now - 70);
  CHECK(expiration > now);
  CHECK(expiration - activation <= 14 * 24 * 3600);

  char common_name[128];
  size_t size = sizeof common_name;
  REQUIRE(gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, common_name, &size) == 0);
  CHECK(std::string(common_name, size) == "relay.example");
  CHECK(parsed.alt_names(GNUTLS_SAN_DNSNAME) == std::set<std::string>{"relay.example", "localhost"});
  CHECK(parsed.alt_names(GNUTLS_SAN_IPADDRESS) == std::set<std::string>{"127.0.0.1", "::1"});

  unsigned key_usage = 0;
  REQUIRE(gnutls_x509_crt_get_key_usage(crt, &key_usage, nullptr) >= 0);
  CHECK(key_usage == GNUTLS_KEY_DIGITAL_SIGNATURE);
  char purpose[128];
  size = sizeof purpose;
  REQUIRE(gnutls_x509_crt_get_key_purpose_oid(crt, 0, purpose, &size, nullptr) == 0);
  CHECK(std::string(purpose) == GNUTLS_KP_TLS_WWW_SERVER);
  unsigned ca = 1;
  int path_length = 0;
  REQUIRE(gnutls_x509_crt_get_basic_constraints(crt, nullptr, &ca, &path_length) >= 0);
  CHECK(ca == 0);
}

TEST_CASE("the fingerprint is the SHA-256 of the leaf as certtool computes it") {
  TempDir dir;
  auto certificate = generate({"localhost"});
  std::string pem_path = dir.write("leaf.pem", certificate->leaf_pem());
  CHECK(certificate->fingerprint() == moq::test::certtool_fingerprint(pem_path));
  CHECK(certificate->fingerprint().size() == 64);
}

TEST_CASE("validity is capped at 14 days and honoured below that; serials are random") {
  auto long_lived = generate({"localhost"}, std::chrono::hours(24 * 30));
  ParsedCertificate parsed_long(long_lived->leaf_pem());
  CHECK(gnutls_x509_crt_get_expiration_time(parsed_long.get()) -
            gnutls_x509_crt_get_activation_time(parsed_long.get()) == 14 * 24 * 3600);

  auto short_lived = generate({"localhost"}, std::chrono::hours(1));
  ParsedCertificate parsed_short(short_lived->leaf_pem());
  CHECK(gnutls_x509_crt_get_expiration_time(parsed_short.get()) -
            gnutls_x509_crt_get_activation_time(parsed_short.get()) == 3600);

  CHECK(parsed_long.serial() != parsed_short.serial());
  CHECK(long_lived->fingerprint() != short_lived->fingerprint());
}

TEST_CASE("sha256_hex gives lowercase hex") {
  const uint8_t abc[] = {'a', 'b', 'c'};
  CHECK(moq::sha256_hex(abc, sizeof abc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a PEM chain and key load from files") {
  TempDir dir;
  moq::test::certtool_key(dir, "ca");
  moq::test::certtool_certificate(dir, "ca", "cn = \"moq test CA\"\nca\ncert_signing_key\nexpiration_days = 2\n");
  std::string key = moq::test::certtool_key(dir, "leaf");
  std::string leaf = moq::test::certtool_certificate(
      dir, "leaf", "cn = \"localhost\"\ndns_name = \"localhost\"\ntls_www_server\nsigning_key\nexpiration_days = 2\n", "ca");
  std::ifstream leaf_in(leaf), ca_in(dir.file("ca.pem"));
  std::stringstream chain;
  chain << leaf_in.rdbuf() << ca_in.rdbuf();
  std::string chain_path = dir.write("chain.pem", chain.str());

  moq::TlsServerOptions options;
  options.cert_file = chain_path;
  options.key_file = key;
  auto certificate = moq::ServerCertificate::create(options);
  CHECK(certificate->fingerprint() == moq::test::certtool_fingerprint(leaf));
  ParsedCertificate parsed(certificate->leaf_pem());
  CHECK(parsed.alt_names(GNUTLS_SAN_DNSNAME) == std::set<std::string>{"localhost"});
}

TEST_CASE("unreadable, invalid or mismatched files fail with a message naming the file") {
  TempDir dir;
  std::string key = moq::test::certtool_key(dir, "leaf");
  std::string leaf = moq::test::certtool_certificate(dir, "leaf", "cn = \"localhost\"\nexpiration_days = 2\n");
  std::string other_key = moq::test::certtool_key(dir, "other");
  std::string garbage = dir.write("garbage.pem", "not a certificate\n");

  moq::TlsServerOptions options;
  options.cert_file = dir.file("missing.pem");
  options.key_file = key;
  CHECK(error_of(options) == "cannot read certificate file '" + dir.file("missing.pem") + "': No such file or directory");
  options.cert_file = garbage;
  CHECK(error_of(options).rfind("invalid certificate file '" + garbage + "': ", 0) == 0);
  options.cert_file = leaf;
  options.key_file = garbage;
  CHECK(error_of(options).rfind("invalid key file '" + garbage + "': ", 0) == 0);
  options.key_file = other_key;
  CHECK(error_of(options) == "the key in '" + other_key + "' does not match the certificate in '" + leaf + "'");
  options.key_file.clear();
  CHECK(error_of(options) == "TLS: a certificate file needs a key file");
  options.key_file = key;
  options.generate = {"localhost"};
  CHECK(error_of(options).find("not both") != std::string::npos);
  CHECK(error_of(moq::TlsServerOptions{}).find("no certificate") != std::string::npos);
}
