#include "transport/connection_callbacks.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <ngtcp2/ngtcp2_crypto.h>

#include "transport/connection_core.h"

namespace moq::quic {

namespace {

ConnectionCore& core(void* user_data) { return *static_cast<ConnectionCore*>(user_data); }

// A server releases its TLS session once the handshake is done (ConnectionCore::after_read);
// handshake data after that would be a KeyUpdate or a post-handshake authentication message,
// both forbidden in QUIC (RFC 9001 sections 4.4 and 6).
int on_recv_crypto_data(ngtcp2_conn* conn, ngtcp2_crypto_level level, uint64_t offset,
                        const uint8_t* data, size_t size, void* user_data) {
  if (ngtcp2_conn_get_tls_native_handle(conn) == nullptr) {
    ngtcp2_conn_set_tls_alert(conn, GNUTLS_A_UNEXPECTED_MESSAGE);
    return NGTCP2_ERR_CRYPTO;
  }
  return ngtcp2_crypto_recv_crypto_data_cb(conn, level, offset, data, size, user_data);
}

int on_handshake_completed(ngtcp2_conn*, void* user_data) {
  core(user_data).handshake_completed();
  return 0;
}

int on_recv_stream_data(ngtcp2_conn*, uint32_t flags, int64_t stream_id, uint64_t,
                        const uint8_t* data, size_t size, void* user_data, void*) {
  core(user_data).stream_data(stream_id, data, size, (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0);
  return 0;
}

int on_acked_stream_data_offset(ngtcp2_conn*, int64_t stream_id, uint64_t offset,
                                uint64_t length, void* user_data, void*) {
  core(user_data).stream_acked(stream_id, offset, length);
  return 0;
}

int on_stream_open(ngtcp2_conn*, int64_t stream_id, void* user_data) {
  core(user_data).stream_opened_by_peer(stream_id);
  return 0;
}

int on_stream_close(ngtcp2_conn*, uint32_t flags, int64_t stream_id, uint64_t app_error_code,
                    void* user_data, void*) {
  std::optional<uint64_t> code;
  if (flags & NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET) code = app_error_code;
  core(user_data).stream_closed(stream_id, code);
  return 0;
}

int on_stream_reset(ngtcp2_conn*, int64_t stream_id, uint64_t, uint64_t app_error_code,
                    void* user_data, void*) {
  core(user_data).stream_reset_by_peer(stream_id, app_error_code);
  return 0;
}

int on_extend_max_streams(ngtcp2_conn*, uint64_t, void* user_data) {
  core(user_data).streams_credit();
  return 0;
}

int on_extend_max_stream_data(ngtcp2_conn*, int64_t stream_id, uint64_t, void* user_data, void*) {
  core(user_data).stream_credit(stream_id);
  return 0;
}

void on_rand(uint8_t* dest, size_t size, const ngtcp2_rand_ctx*) {
  gnutls_rnd(GNUTLS_RND_RANDOM, dest, size);
}

int on_get_new_connection_id(ngtcp2_conn*, ngtcp2_cid* cid, uint8_t* token, size_t length,
                             void* user_data) {
  return core(user_data).new_connection_id(cid, token, length);
}

int on_remove_connection_id(ngtcp2_conn*, const ngtcp2_cid* cid, void* user_data) {
  core(user_data).connection_id_retired(cid);
  return 0;
}

}  // namespace

void write_qlog(void* user_data, uint32_t, const void* data, size_t size) {
  core(user_data).write_qlog(data, size);
}

ngtcp2_callbacks make_callbacks(bool server) {
  ngtcp2_callbacks callbacks{};
  if (server) {
    callbacks.recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
  } else {
    callbacks.client_initial = ngtcp2_crypto_client_initial_cb;
    callbacks.recv_retry = ngtcp2_crypto_recv_retry_cb;
  }
  callbacks.recv_crypto_data = on_recv_crypto_data;
  callbacks.handshake_completed = on_handshake_completed;
  callbacks.encrypt = ngtcp2_crypto_encrypt_cb;
  callbacks.decrypt = ngtcp2_crypto_decrypt_cb;
  callbacks.hp_mask = ngtcp2_crypto_hp_mask_cb;
  callbacks.recv_stream_data = on_recv_stream_data;
  callbacks.acked_stream_data_offset = on_acked_stream_data_offset;
  callbacks.stream_open = on_stream_open;
  callbacks.stream_close = on_stream_close;
  callbacks.rand = on_rand;
  callbacks.get_new_connection_id = on_get_new_connection_id;
  callbacks.remove_connection_id = on_remove_connection_id;
  callbacks.update_key = ngtcp2_crypto_update_key_cb;
  callbacks.stream_reset = on_stream_reset;
  callbacks.extend_max_local_streams_bidi = on_extend_max_streams;
  callbacks.extend_max_local_streams_uni = on_extend_max_streams;
  callbacks.extend_max_stream_data = on_extend_max_stream_data;
  callbacks.delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
  callbacks.delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
  callbacks.get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
  callbacks.version_negotiation = ngtcp2_crypto_version_negotiation_cb;
  return callbacks;
}

}  // namespace moq::quic
