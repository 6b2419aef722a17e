// ConnectionCore: packets in and out, the timer, and the end of the connection.
#include <gnutls/gnutls.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <span>

#include "transport/connection_core.h"
#include "transport/quic_stream.h"

namespace moq::quic {

namespace {

constexpr size_t max_burst_packets = 64;  // the kernel's UDP_SEGMENT limit
constexpr size_t handshake_datagram_size = 1452;  // ngtcp2's default: 1,500-byte Ethernet, IPv6 and UDP headers

std::string transport_error_text(uint64_t error_code) {
  if ((error_code & 0xff00) == NGTCP2_CRYPTO_ERROR) {
    auto alert = static_cast<gnutls_alert_description_t>(error_code & 0xff);
    const char* name = gnutls_alert_get_strname(alert);
    return std::string("TLS alert ") + (name != nullptr ? name : std::to_string(error_code & 0xff));
  }
  switch (error_code) {
    case NGTCP2_NO_ERROR: return "no error";
    case NGTCP2_CONNECTION_REFUSED: return "connection refused";
    case NGTCP2_PROTOCOL_VIOLATION: return "protocol violation";
    case NGTCP2_FLOW_CONTROL_ERROR: return "flow control error";
    case NGTCP2_INTERNAL_ERROR: return "internal error";
    default: return "transport error " + std::to_string(error_code);
  }
}

}  // namespace

void ConnectionCore::receive(const SocketAddress& from, const uint8_t* data, size_t size) {
  if (state_ == State::closing) {
    // The peer did not hear our CONNECTION_CLOSE yet (or keeps talking): repeat it.
    send_close_packet();
    return;
  }
  if (state_ != State::handshaking && state_ != State::established) return;
  auto self = shared_from_this();
  ngtcp2_path path{{local_.get(), local_.length},
                   {const_cast<sockaddr*>(from.get()), from.length},
                   nullptr};
  ngtcp2_pkt_info info{};
  in_read_ = true;
  int rv = ngtcp2_conn_read_pkt(conn_.get(), &path, &info, data, size, timestamp());
  in_read_ = false;
  if (rv != 0) {
    read_failed(rv);
    return;
  }
  after_read();
}

void ConnectionCore::after_read() {
  if (handshake_completed_ && state_ == State::handshaking) {
    gnutls_datum_t selected{};
    if (gnutls_alpn_get_selected_protocol(native_session(tls_session_), &selected) != 0) {
      ngtcp2_connection_close_error ccerr;
      ngtcp2_connection_close_error_set_transport_error_tls_alert(
          &ccerr, GNUTLS_A_NO_APPLICATION_PROTOCOL, nullptr, 0);
      start_closing(ccerr, Error(code::transport, "the server agreed on no ALPN protocol"));
      return;
    }
    alpn_.assign(reinterpret_cast<const char*>(selected.data), selected.size);
    // A server's TLS is done once the handshake completes (RFC 9001 forbids the client's
    // post-handshake messages; on_recv_crypto_data rejects them), and its GnuTLS session is
    // ~10 KB of a relay's memory per subscriber. The packet keys live on in ngtcp2.
    if (is_server_) {
      ngtcp2_conn_set_tls_native_handle(conn_.get(), nullptr);
      tls_session_.reset();
    }
    state_ = State::established;
    established_ = true;
    if (host_ != nullptr) host_->established(*this);
  }
  if (deferred_close_ && !closed()) {
    auto [code, reason] = std::move(*deferred_close_);
    deferred_close_.reset();
    close(code, reason);
    return;
  }
  schedule_flush();
}

void ConnectionCore::read_failed(int liberr) {
  ngtcp2_connection_close_error ccerr;
  ngtcp2_connection_close_error_default(&ccerr);
  switch (liberr) {
    case NGTCP2_ERR_DRAINING:
      start_draining(peer_close_error());
      return;
    case NGTCP2_ERR_CRYPTO: {
      auto alert = ngtcp2_conn_get_tls_alert(conn_.get());
      ngtcp2_connection_close_error_set_transport_error_tls_alert(&ccerr, alert, nullptr, 0);
      std::string message = verify_error_
                                ? "certificate verification failed: " + *verify_error_
                                : "TLS handshake failed: " + transport_error_text(NGTCP2_CRYPTO_ERROR | alert);
      start_closing(ccerr, Error(code::transport, message));
      return;
    }
    case NGTCP2_ERR_RECV_VERSION_NEGOTIATION:
      terminate(Error(code::transport, "the server does not speak QUIC version 1"));
      finish();
      return;
    case NGTCP2_ERR_DROP_CONN:
    case NGTCP2_ERR_RETRY:
      terminate(Error(code::transport, "connection dropped"));
      finish();
      return;
    default:
      ngtcp2_connection_close_error_set_transport_error_liberr(&ccerr, liberr, nullptr, 0);
      start_closing(ccerr, Error(code::transport, std::string("QUIC error: ") + ngtcp2_strerror(liberr)));
      return;
  }
}

Error ConnectionCore::peer_close_error() const {
  ngtcp2_connection_close_error ccerr;
  ngtcp2_conn_get_connection_close_error(conn_.get(), &ccerr);
  std::string reason(reinterpret_cast<const char*>(ccerr.reason), ccerr.reasonlen);
  if (ccerr.type == NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_APPLICATION)
    return Error(ccerr.error_code, reason);
  std::string message = "closed by the peer: " + transport_error_text(ccerr.error_code);
  if (!reason.empty()) message += " (" + reason + ")";
  return Error(code::transport, message);
}

void ConnectionCore::schedule_flush() {
  if (flush_posted_ || state_ == State::finished) return;
  flush_posted_ = true;
  post([weak = weak_from_this()] {
    if (auto self = weak.lock()) self->flush();
  });
}

void ConnectionCore::flush() {
  flush_posted_ = false;
  if (closed() || host_ == nullptr) return;
  if (in_read_) {
    schedule_flush();
    return;
  }
  if (!blocked_.empty()) return;  // socket_writable() resumes
  auto self = shared_from_this();
  ngtcp2_conn* conn = conn_.get();
  open_pending_streams();

  ngtcp2_path_storage path;
  ngtcp2_path_storage_zero(&path);
  ngtcp2_pkt_info info{};
  // Datagrams larger than the usual 1,452 bytes (loopback) wait for the handshake: until then
  // the peer has not said how large a datagram it reads, and ngtcp2 would pad the client's
  // Initial to the full size, which a peer reading 1,500 bytes at a time drops.
  size_t max_packet = ngtcp2_conn_get_max_tx_udp_payload_size(conn);
  if (!handshake_completed_) max_packet = std::min(max_packet, handshake_datagram_size);
  size_t burst = std::clamp<size_t>(ngtcp2_conn_get_send_quantum(conn) / max_packet, 1,
                                    max_burst_packets);
  std::span<uint8_t> tx_buffer = host_->send_buffer();
  burst = std::min(burst, tx_buffer.size() / max_packet);
  auto ts = timestamp();
  uint8_t* buffer = tx_buffer.data();
  size_t used = 0;
  size_t segment = 0;
  size_t packets = 0;
  std::array<ngtcp2_vec, 16> vecs;

  while (packets < burst) {
    QuicStream* stream = nullptr;
    size_t vec_count = 0;
    bool fin = false;
    size_t offered = 0;
    if (!scheduler_.empty() && ngtcp2_conn_get_max_data_left(conn) > 0) {
      stream = streams_.at(scheduler_.next()).get();
      vec_count = stream->gather(vecs, fin);
      for (size_t i = 0; i < vec_count; ++i) offered += vecs[i].len;
    }
    uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_MORE | (fin ? NGTCP2_WRITE_STREAM_FLAG_FIN : 0);
    ngtcp2_ssize accepted = -1;
    auto written = ngtcp2_conn_writev_stream(conn, &path.path, &info, buffer + used, max_packet,
                                             &accepted, flags, stream ? stream->stream_id() : -1,
                                             vecs.data(), vec_count, ts);
    if (stream != nullptr && accepted >= 0) {
      stream->sent(static_cast<size_t>(accepted), fin && static_cast<size_t>(accepted) == offered);
      if (stream->writable_notice_due()) writable_candidates_.push_back(stream->shared_from_this());
      stream_send_changed(*stream);
    }
    if (written < 0) {
      if (written == NGTCP2_ERR_WRITE_MORE) continue;
      if (written == NGTCP2_ERR_STREAM_DATA_BLOCKED && stream != nullptr) {
        stream->flow_blocked = true;
        stream_send_changed(*stream);
        continue;
      }
      if ((written == NGTCP2_ERR_STREAM_SHUT_WR || written == NGTCP2_ERR_STREAM_NOT_FOUND) &&
          stream != nullptr) {
        stream->send_refused();
        stream->flow_blocked = true;  // never again: ngtcp2 refuses this stream's data
        stream_send_changed(*stream);
        continue;
      }
      ngtcp2_connection_close_error ccerr;
      ngtcp2_connection_close_error_set_transport_error_liberr(&ccerr, static_cast<int>(written),
                                                               nullptr, 0);
      start_closing(ccerr, Error(code::transport, std::string("QUIC error: ") +
                                                      ngtcp2_strerror(static_cast<int>(written))));
      return;
    }
    if (written == 0) break;  // congestion-limited, paced, or nothing to send
    auto size = static_cast<size_t>(written);
    if (packets > 0 && size > segment) {
      // A train has equal-sized datagrams (the last may be shorter): send what we have first.
      send_packets(buffer, used, segment);
      std::memmove(buffer, buffer + used, size);
      used = 0;
    }
    if (used == 0) segment = size;
    used += size;
    ++packets;
    if (size < segment) {
      send_packets(buffer, used, segment);
      used = 0;
    }
    if (!blocked_.empty()) break;
  }
  if (used > 0 && blocked_.empty()) send_packets(buffer, used, segment);
  ngtcp2_conn_update_pkt_tx_time(conn, ts);

  auto candidates = std::move(writable_candidates_);
  writable_candidates_.clear();
  for (auto& stream : candidates) stream->notify_writable();
  update_timer();
}

void ConnectionCore::send_packets(const uint8_t* data, size_t size, size_t segment) {
  if (host_ == nullptr) return;
  auto result = host_->send(remote_, data, size, segment);
  if (result.blocked) {
    blocked_.assign(data + result.sent, data + size);
    blocked_segment_ = segment;
    host_->wait_writable(*this);
  }
}

void ConnectionCore::socket_writable() {
  if (blocked_.empty() || host_ == nullptr) return;
  auto pending = std::move(blocked_);
  blocked_.clear();
  send_packets(pending.data(), pending.size(), blocked_segment_);
  if (blocked_.empty()) schedule_flush();
}

void ConnectionCore::socket_failed(int error) {
  if (closed()) return;
  auto self = shared_from_this();
  std::string message = error == ECONNREFUSED
                            ? "connection refused: nothing is listening at " + remote_.to_string()
                            : "cannot reach " + remote_.to_string() + ": " + std::strerror(error);
  terminate(Error(code::transport, message));
  finish();
}

void ConnectionCore::update_timer() {
  if (state_ == State::closing || state_ == State::draining || state_ == State::finished) return;
  auto expiry = ngtcp2_conn_get_expiry(conn_.get());
  if (expiry == UINT64_MAX) {
    timer_.cancel();
    return;
  }
  timer_.arm_at(EventLoop::Clock::time_point(std::chrono::nanoseconds(expiry)));
}

void ConnectionCore::on_timer() {
  auto self = shared_from_this();
  if (state_ == State::closing || state_ == State::draining) {
    finish();
    return;
  }
  if (state_ == State::finished) return;
  int rv = ngtcp2_conn_handle_expiry(conn_.get(), timestamp());
  if (rv == NGTCP2_ERR_IDLE_CLOSE) {
    terminate(Error(code::transport, state_ == State::handshaking
                                         ? "no answer from " + remote_.to_string()
                                         : "idle timeout: the peer went silent"));
    finish();
    return;
  }
  if (rv == NGTCP2_ERR_HANDSHAKE_TIMEOUT) {
    terminate(Error(code::transport, "handshake timed out: no answer from " + remote_.to_string()));
    finish();
    return;
  }
  if (rv != 0) {
    ngtcp2_connection_close_error ccerr;
    ngtcp2_connection_close_error_set_transport_error_liberr(&ccerr, rv, nullptr, 0);
    start_closing(ccerr, Error(code::transport, std::string("QUIC error: ") + ngtcp2_strerror(rv)));
    return;
  }
  flush();
}

void ConnectionCore::close(uint64_t code, std::string_view reason) {
  if (closed()) return;
  if (in_read_) {
    deferred_close_.emplace(code, std::string(reason));
    return;
  }
  auto self = shared_from_this();
  ngtcp2_connection_close_error ccerr;
  ngtcp2_connection_close_error_set_application_error(
      &ccerr, code, reinterpret_cast<const uint8_t*>(reason.data()), reason.size());
  start_closing(ccerr, Error(code, std::string(reason)));
}

void ConnectionCore::start_closing(const ngtcp2_connection_close_error& ccerr, Error error) {
  if (closed()) return;
  close_packet_.resize(NGTCP2_MAX_UDP_PAYLOAD_SIZE);
  ngtcp2_path_storage path;
  ngtcp2_path_storage_zero(&path);
  ngtcp2_pkt_info info{};
  auto written = ngtcp2_conn_write_connection_close(conn_.get(), &path.path, &info,
                                                    close_packet_.data(), close_packet_.size(),
                                                    &ccerr, timestamp());
  close_packet_.resize(written > 0 ? static_cast<size_t>(written) : 0);
  state_ = State::closing;
  terminate(std::move(error));
  if (close_packet_.empty()) {
    finish();
    return;
  }
  send_close_packet();
  // The closing period: answer stray packets with the close, then forget (RFC 9000 §10.2).
  timer_.arm_after(std::chrono::nanoseconds(3 * ngtcp2_conn_get_pto(conn_.get())));
}

void ConnectionCore::send_close_packet() {
  if (host_ == nullptr || close_packet_.empty()) return;
  host_->send(remote_, close_packet_.data(), close_packet_.size(), close_packet_.size());
}

void ConnectionCore::start_draining(Error error) {
  if (closed()) return;
  state_ = State::draining;
  terminate(std::move(error));
  timer_.arm_after(std::chrono::nanoseconds(3 * ngtcp2_conn_get_pto(conn_.get())));
}

ConnectionCore::Teardown::~Teardown() {
  // Runs whether or not the loop got to deliver the news: callbacks may hold the connection or
  // its streams, so dropping them here is what breaks those cycles.
  for (auto& stream : streams) stream->detach();
  core->on_closed_ = nullptr;
  core->on_bi_ = nullptr;
  core->on_uni_ = nullptr;
}

void ConnectionCore::terminate(Error error) {
  bool was_established = established_;
  if (!closed()) state_ = State::closing;
  auto teardown = std::make_shared<Teardown>();
  teardown->core = shared_from_this();
  for (auto& [id, stream] : streams_) teardown->streams.push_back(stream);
  streams_.clear();
  for (auto* queue : {&pending_bidi_, &pending_uni_, &incoming_bi_, &incoming_uni_}) {
    for (auto& stream : *queue) teardown->streams.push_back(stream);
    queue->clear();
  }
  scheduler_ = SendScheduler(options_->newest_stream_first);
  blocked_.clear();
  // Told on the next loop iteration, so that close() never calls back into its caller.
  post([teardown, error = std::move(error), was_established] {
    auto& self = *teardown->core;
    for (auto& stream : teardown->streams) stream->terminate();
    if (was_established) {
      if (auto callback = std::move(self.on_closed_)) callback(error);
    } else if (self.host_ != nullptr) {
      self.host_->failed(self, error);
    }
  });
}

void ConnectionCore::finish() {
  if (state_ == State::finished) return;
  state_ = State::finished;
  timer_.cancel();
  if (host_ == nullptr) return;
  for (const auto& id : connection_ids_) host_->remove_connection_id(id);
  connection_ids_.clear();
  host_->finished(*this);
}

void ConnectionCore::abandon() {
  if (!closed()) {
    ngtcp2_connection_close_error ccerr;
    ngtcp2_connection_close_error_set_application_error(&ccerr, code::cancel, nullptr, 0);
    start_closing(ccerr, Error(code::cancel, "endpoint closed"));
  }
  state_ = State::finished;
  timer_.cancel();
  host_ = nullptr;
}

}  // namespace moq::quic
