#pragma once
// ALPN lists on GnuTLS sessions.

#include <string>
#include <vector>

#include "transport/tls/gnutls_handles.h"

namespace moq::tls {

// Throws moq::Error when GnuTLS cannot carry this list: empty, more than 8 protocols, or a
// protocol empty or longer than 31 bytes.
void check_alpns(const std::vector<std::string>& alpns);

// Sets the protocols a session offers (client) or accepts in order of preference (server).
void set_alpns(gnutls_session_t session, const std::vector<std::string>& alpns, unsigned flags);

}  // namespace moq::tls
