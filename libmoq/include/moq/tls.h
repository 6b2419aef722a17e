#pragma once
// TLS configuration for QUIC endpoints (GnuTLS). Certificates come from PEM files (chains
// work) or are generated: a self-signed ECDSA P-256 certificate valid at most 14 days, which
// browsers accept through serverCertificateHashes.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace moq {

struct TlsServerOptions {
  std::string cert_file;               // PEM chain, leaf first
  std::string key_file;                // PEM private key
  std::vector<std::string> generate;   // host names / IP literals: generate a self-signed cert
  std::chrono::hours validity{24 * 14};
};

struct TlsClientOptions {
  std::vector<std::string> root_files;  // extra trust anchors, added to the system store
  bool disable_verify = false;          // skip verification (the tools warn)
  std::string fingerprint;              // hex SHA-256 of the leaf DER; pins instead of verifying
};

// A server certificate with its key, loaded or generated.
class ServerCertificate {
 public:
  // Loads from files or generates, as the options say. Throws moq::Error with a readable message.
  static std::shared_ptr<ServerCertificate> create(const TlsServerOptions& options);
  virtual ~ServerCertificate() = default;
  // Lowercase hex SHA-256 of the leaf certificate's DER.
  virtual std::string fingerprint() const = 0;
  // The leaf certificate as PEM.
  virtual std::string leaf_pem() const = 0;
  // The GnuTLS credentials are reached through the transport's internal tls::Certificate.
};

// Lowercase hex SHA-256 of a DER blob.
std::string sha256_hex(const uint8_t* data, size_t size);

}  // namespace moq
