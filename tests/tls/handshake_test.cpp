#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "moq/error.h"
#include "moq/tls.h"
#include "tls_test_support.h"

using moq::test::handshake;
using moq::test::TempDir;

namespace {

const std::vector<std::string> moq_alpn{"moqf-02"};

std::shared_ptr<moq::ServerCertificate> generated(std::vector<std::string> names) {
  moq::TlsServerOptions options;
  options.generate = std::move(names);
  return moq::ServerCertificate::create(options);
}

moq::TlsClientOptions trusting(std::vector<std::string> roots) {
  moq::TlsClientOptions options;
  options.root_files = std::move(roots);
  return options;
}

moq::TlsClientOptions pinning(std::string fingerprint) {
  moq::TlsClientOptions options;
  options.fingerprint = std::move(fingerprint);
  return options;
}

// A CA, a leaf for localhost/127.0.0.1/::1 signed by it, and an expired leaf signed by it.
struct CertificateAuthority {
  TempDir dir;
  std::string ca;
  std::string chain;
  std::string expired_chain;

  CertificateAuthority() {
    moq::test::certtool_key(dir, "ca");
    ca = moq::test::certtool_certificate(dir, "ca", "cn = \"moq test CA\"\nca\ncert_signing_key\nexpiration_days = 2\n");
    moq::test::certtool_key(dir, "leaf");
    moq::test::certtool_certificate(dir, "leaf",
                                    "cn = \"localhost\"\ndns_name = \"localhost\"\nip_address = \"127.0.0.1\"\n"
                                    "ip_address = \"::1\"\ntls_www_server\nsigning_key\nexpiration_days = 2\n",
                                    "ca");
    moq::test::certtool_key(dir, "expired");
    moq::test::certtool_certificate(dir, "expired",
                                    "cn = \"localhost\"\ndns_name = \"localhost\"\ntls_www_server\nsigning_key\n"
                                    "activation_date = \"2020-01-01 00:00:00 UTC\"\n"
                                    "expiration_date = \"2020-01-02 00:00:00 UTC\"\n",
                                    "ca");
  }

  std::shared_ptr<moq::ServerCertificate> server_certificate(const std::string& name) const {
    moq::TlsServerOptions options;
    options.cert_file = dir.file(name + ".pem");
    options.key_file = dir.file(name + ".key");
    return moq::ServerCertificate::create(options);
  }
};

std::string uppercase_with_colons(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty()) out += ':';
    out += hex.substr(i, 2);
  }
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

}  // namespace

TEST_CASE("a certificate trusted through root_files verifies by host name and IP address") {
  CertificateAuthority authority;
  moq::tls::ServerContext server(authority.server_certificate("leaf"), moq_alpn);
  moq::tls::ClientContext client(trusting({authority.ca}));
  for (const char* host : {"localhost", "127.0.0.1", "::1", "[::1]"}) {
    CAPTURE(host);
    auto result = handshake(client, host, moq_alpn, server);
    CHECK(result.ok());
    CHECK_FALSE(result.verify_failure.has_value());
  }
}

TEST_CASE("a generated self-signed certificate can itself be the trusted root") {
  TempDir dir;
  auto certificate = generated({"localhost", "127.0.0.1"});
  moq::tls::ServerContext server(certificate, moq_alpn);
  moq::tls::ClientContext client(trusting({dir.write("self.pem", certificate->leaf_pem())}));
  CHECK(handshake(client, "localhost", moq_alpn, server).ok());
  CHECK(handshake(client, "127.0.0.1", moq_alpn, server).ok());
}

TEST_CASE("verification failures abort the handshake with a readable reason") {
  CertificateAuthority authority;
  moq::tls::ServerContext server(authority.server_certificate("leaf"), moq_alpn);

  SUBCASE("unknown root") {
    moq::tls::ClientContext client(moq::TlsClientOptions{});
    auto result = handshake(client, "localhost", moq_alpn, server);
    CHECK_FALSE(result.ok());
    CHECK(result.verify_failure == "certificate not trusted");
    CHECK(result.client == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR);
    CHECK(result.server == GNUTLS_E_FATAL_ALERT_RECEIVED);
  }
  SUBCASE("host name mismatch") {
    moq::tls::ClientContext client(trusting({authority.ca}));
    auto result = handshake(client, "example.org", moq_alpn, server);
    CHECK_FALSE(result.ok());
    CHECK(result.verify_failure == "host name mismatch");
    auto by_address = handshake(client, "10.0.0.1", moq_alpn, server);
    CHECK(by_address.verify_failure == "host name mismatch");
  }
  SUBCASE("expired") {
    moq::tls::ServerContext expired(authority.server_certificate("expired"), moq_alpn);
    moq::tls::ClientContext client(trusting({authority.ca}));
    auto result = handshake(client, "localhost", moq_alpn, expired);
    CHECK_FALSE(result.ok());
    CHECK(result.verify_failure == "certificate expired");
  }
}

TEST_CASE("a fingerprint pin accepts exactly that leaf, without a chain") {
  auto certificate = generated({"localhost"});
  moq::tls::ServerContext server(certificate, moq_alpn);

  moq::tls::ClientContext pinned(pinning(certificate->fingerprint()));
  CHECK(handshake(pinned, "localhost", moq_alpn, server).ok());
  // The pin is about the key holder, not the name it is reached by.
  CHECK(handshake(pinned, "elsewhere.example", moq_alpn, server).ok());

  moq::tls::ClientContext pinned_with_colons(pinning(uppercase_with_colons(certificate->fingerprint())));
  CHECK(handshake(pinned_with_colons, "localhost", moq_alpn, server).ok());

  std::string wrong(64, '0');
  moq::tls::ClientContext mispinned(pinning(wrong));
  auto result = handshake(mispinned, "localhost", moq_alpn, server);
  CHECK_FALSE(result.ok());
  CHECK(result.verify_failure == "fingerprint mismatch: got " + certificate->fingerprint() + ", expected " + wrong);
}

TEST_CASE("disable_verify accepts an untrusted certificate for any name") {
  moq::tls::ServerContext server(generated({"localhost"}), moq_alpn);
  moq::TlsClientOptions options;
  options.disable_verify = true;
  moq::tls::ClientContext client(options);
  CHECK(handshake(client, "anything.example", moq_alpn, server).ok());
}

TEST_CASE("ALPN: the server picks the first of its protocols the client offers") {
  auto certificate = generated({"localhost"});
  moq::tls::ClientContext client(pinning(certificate->fingerprint()));

  moq::tls::ServerContext server(certificate, {"moqf-02", "h3"});
  auto result = handshake(client, "localhost", {"h3", "moqf-02"}, server);
  REQUIRE(result.ok());
  CHECK(result.client_alpn == "moqf-02");
  CHECK(result.server_alpn == "moqf-02");

  auto only_h3 = handshake(client, "localhost", {"other", "h3"}, server);
  REQUIRE(only_h3.ok());
  CHECK(only_h3.client_alpn == "h3");
}

TEST_CASE("ALPN: no common protocol fails the handshake with no_application_protocol") {
  auto certificate = generated({"localhost"});
  moq::tls::ClientContext client(pinning(certificate->fingerprint()));
  moq::tls::ServerContext server(certificate, moq_alpn);
  auto result = handshake(client, "localhost", {"h3"}, server);
  CHECK(result.server == GNUTLS_E_NO_APPLICATION_PROTOCOL);
  CHECK(result.client == GNUTLS_E_FATAL_ALERT_RECEIVED);
  CHECK(result.client_alert == GNUTLS_A_NO_APPLICATION_PROTOCOL);
}

TEST_CASE("ALPN: a client offering no ALPN at all is refused with no_application_protocol") {
  moq::tls::ServerContext server(generated({"localhost"}), moq_alpn);
  // A bare GnuTLS client: ClientContext always offers ALPN.
  gnutls_session_t bare = nullptr;
  REQUIRE(gnutls_init(&bare, GNUTLS_CLIENT) == 0);
  moq::tls::Session client(bare);
  auto credentials = moq::tls::new_certificate_credentials();
  REQUIRE(gnutls_set_default_priority(bare) == 0);
  REQUIRE(gnutls_credentials_set(bare, GNUTLS_CRD_CERTIFICATE, credentials.get()) == 0);
  auto server_session = server.new_session();
  auto result = handshake(client.get(), server_session.get());
  CHECK(result.server == GNUTLS_E_NO_APPLICATION_PROTOCOL);
  CHECK(result.client_alert == GNUTLS_A_NO_APPLICATION_PROTOCOL);
}

TEST_CASE("client options are checked when the context is made") {
  auto error_of = [](const moq::TlsClientOptions& options) {
    try {
      moq::tls::ClientContext context(options);
    } catch (const moq::Error& e) {
      return std::string(e.what());
    }
    return std::string("created");
  };
  CHECK(error_of(trusting({"/nonexistent/root.pem"})) ==
        "cannot read root certificate file '/nonexistent/root.pem': No such file or directory");
  TempDir dir;
  std::string garbage = dir.write("garbage.pem", "nothing here\n");
  CHECK(error_of(trusting({garbage})).rfind("invalid root certificate file '" + garbage + "'", 0) == 0);
  CHECK(error_of(pinning("abcd")) == "invalid fingerprint 'abcd': expected a SHA-256 as 64 hex digits");
  CHECK(error_of(pinning(std::string(64, 'g'))).find("invalid fingerprint") == 0);
}

TEST_CASE("ALPN lists GnuTLS cannot carry are refused up front") {
  auto certificate = generated({"localhost"});
  CHECK_THROWS_AS(moq::tls::ServerContext(certificate, {}), moq::Error);
  CHECK_THROWS_AS(moq::tls::ServerContext(certificate, {std::string(32, 'x')}), moq::Error);
  moq::tls::ClientContext client(moq::TlsClientOptions{});
  CHECK_THROWS_AS(client.new_session("localhost", {""}), moq::Error);
}
