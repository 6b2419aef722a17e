#pragma once
// The TLS contexts and session type the QUIC connections use (transport/tls).

#include <gnutls/gnutls.h>

#include "transport/tls/tls_context.h"

namespace moq::quic {

using TlsSession = tls::Session;

inline gnutls_session_t native_session(const TlsSession& session) { return session.get(); }

}  // namespace moq::quic
