#pragma once
// The ngtcp2 callback table: each callback forwards to the ConnectionCore in user_data.

#include <ngtcp2/ngtcp2.h>

namespace moq::quic {

ngtcp2_callbacks make_callbacks(bool server);
// The qlog sink for ngtcp2_settings.qlog.write.
void write_qlog(void* user_data, uint32_t flags, const void* data, size_t size);

}  // namespace moq::quic
