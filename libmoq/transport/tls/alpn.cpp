#include "transport/tls/alpn.h"

#include "moq/error.h"
#include "transport/tls/tls_context.h"

namespace moq::tls {

namespace {

// GnuTLS keeps ALPN lists in fixed arrays of this shape.
constexpr size_t max_protocols = 8;
constexpr size_t max_protocol_size = 31;

}  // namespace

void check_alpns(const std::vector<std::string>& alpns) {
  if (alpns.empty()) throw Error(code::transport, "TLS: no ALPN protocol given");
  if (alpns.size() > max_protocols) {
    throw Error(code::transport, "TLS: at most " + std::to_string(max_protocols) + " ALPN protocols are supported");
  }
  for (const auto& alpn : alpns) {
    if (alpn.empty() || alpn.size() > max_protocol_size) {
      throw Error(code::transport, "TLS: ALPN protocol '" + alpn + "' must be 1 to " +
                                       std::to_string(max_protocol_size) + " bytes long");
    }
  }
}

void set_alpns(gnutls_session_t session, const std::vector<std::string>& alpns, unsigned flags) {
  check_alpns(alpns);
  std::vector<gnutls_datum_t> protocols;
  protocols.reserve(alpns.size());
  for (const auto& alpn : alpns) protocols.push_back(datum_of(alpn));
  // GnuTLS copies the protocols into the session.
  check(gnutls_alpn_set_protocols(session, protocols.data(), static_cast<unsigned>(protocols.size()), flags),
        "setting ALPN");
}

std::string negotiated_alpn(gnutls_session_t session) {
  gnutls_datum_t selected{};
  if (gnutls_alpn_get_selected_protocol(session, &selected) < 0) return {};
  return std::string(reinterpret_cast<const char*>(selected.data), selected.size);
}

}  // namespace moq::tls
