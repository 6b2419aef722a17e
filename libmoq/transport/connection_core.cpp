#include "transport/connection_core.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include <algorithm>
#include <cassert>
#include <chrono>

#include "transport/connection_callbacks.h"
#include "transport/quic_stream.h"

namespace moq::quic {

namespace {

// ngtcp2 0.14 fixed "a remote uni stream never be closed"; older versions need the workaround
// in stream_finished.
const bool remote_uni_streams_close = ngtcp2_version(0x000e00) != nullptr;

uint64_t to_ngtcp2_duration(std::chrono::milliseconds duration) {
  return static_cast<uint64_t>(duration.count()) * NGTCP2_MILLISECONDS;
}

ngtcp2_cc_algo to_ngtcp2(CongestionControl congestion) {
  switch (congestion) {
    case CongestionControl::bbr: return NGTCP2_CC_ALGO_BBR;
    case CongestionControl::reno: return NGTCP2_CC_ALGO_RENO;
    case CongestionControl::cubic: break;
  }
  return NGTCP2_CC_ALGO_CUBIC;
}

ngtcp2_cid random_connection_id() {
  ngtcp2_cid cid{};
  cid.datalen = ConnectionCore::connection_id_length;
  gnutls_rnd(GNUTLS_RND_RANDOM, cid.data, cid.datalen);
  return cid;
}

std::string hex(const ngtcp2_cid& cid) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < cid.datalen; ++i) {
    text += digits[cid.data[i] >> 4];
    text += digits[cid.data[i] & 15];
  }
  return text;
}

int verify_hook(gnutls_session_t session) {
  auto* ref = static_cast<ngtcp2_crypto_conn_ref*>(gnutls_session_get_ptr(session));
  return static_cast<ConnectionCore*>(ref->user_data)->verify_certificate() ? 0 : -1;
}

}  // namespace

ConnectionCore::ConnectionCore(EventLoop& loop, ConnectionHost& host, std::shared_ptr<const QuicOptions> options,
                               const SocketAddress& local, const SocketAddress& remote)
    : loop_(loop),
      host_(&host),
      options_(std::move(options)),
      local_(local),
      remote_(remote),
      timer_(loop, [this] { on_timer(); }),
      scheduler_(options_->newest_stream_first) {}

ConnectionCore::~ConnectionCore() = default;

ngtcp2_tstamp ConnectionCore::timestamp() const {
  return static_cast<ngtcp2_tstamp>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        EventLoop::Clock::now().time_since_epoch())
                                        .count());
}

ngtcp2_settings ConnectionCore::make_settings() {
  ngtcp2_settings settings;
  ngtcp2_settings_default(&settings);
  settings.initial_ts = timestamp();
  settings.cc_algo = to_ngtcp2(options_->congestion);
  settings.max_window = options_->max_connection_window;
  settings.max_stream_window = options_->max_stream_window;
  settings.handshake_timeout = to_ngtcp2_duration(options_->handshake_timeout);
  if (qlog_.enabled()) settings.qlog.write = quic::write_qlog;
  if (options_->loopback_datagrams && remote_.is_loopback()) {
    // ngtcp2 0.12's path MTU discovery stops at 1,452 bytes: a relay's local subscribers would
    // get three packets (and their ACKs) per 4 KB frame.
    settings.max_tx_udp_payload_size = ReceiveBatch::datagram_size;
    settings.no_tx_udp_payload_size_shaping = 1;
  }
  return settings;
}

ngtcp2_transport_params ConnectionCore::make_transport_params() {
  ngtcp2_transport_params params;
  ngtcp2_transport_params_default(&params);
  params.initial_max_stream_data_bidi_local = options_->stream_window;
  params.initial_max_stream_data_bidi_remote = options_->stream_window;
  params.initial_max_stream_data_uni = options_->stream_window;
  params.initial_max_data = options_->connection_window;
  params.initial_max_streams_bidi = options_->max_streams_bidi;
  params.initial_max_streams_uni = options_->max_streams_uni;
  params.max_idle_timeout = to_ngtcp2_duration(options_->idle_timeout);
  params.max_udp_payload_size = ReceiveBatch::datagram_size;
  // The RFC 9000 default. It bounds the connection IDs the peer issues to us, and the peer's
  // value bounds ours: each ID a server issues costs it ~200 bytes (ngtcp2's entry, the
  // endpoint's routing entry), so 7 cost a relay ~1 KB more per subscriber of ours.
  params.active_connection_id_limit = 2;
  params.max_datagram_frame_size = options_->max_datagram_frame_size;
  return params;
}

void ConnectionCore::start_client(ClientSetup setup) {
  client_tls_ = std::move(setup.tls);
  server_name_ = setup.host;
  path_ = setup.path.empty() ? "/" : setup.path;
  next_bidi_id_ = 0;
  next_uni_id_ = 2;

  auto scid = random_connection_id();
  auto dcid = random_connection_id();
  qlog_.open(options_->qlog_dir, "client-" + hex(scid));
  auto settings = make_settings();
  auto params = make_transport_params();
  auto callbacks = make_callbacks(false);
  ngtcp2_path path{{local_.get(), local_.length}, {remote_.get(), remote_.length}, nullptr};
  ngtcp2_conn* conn = nullptr;
  int rv = ngtcp2_conn_client_new(&conn, &dcid, &scid, &path, NGTCP2_PROTO_VER_V1, &callbacks,
                                  &settings, &params, ngtcp2_allocator_.get(), this);
  if (rv != 0) throw Error(code::transport, std::string("ngtcp2_conn_client_new: ") + ngtcp2_strerror(rv));
  conn_.reset(conn);
  tls_session_ = client_tls_->new_session(server_name_, options_->alpns);
  bind_tls();
  if (options_->keep_alive.count() > 0)
    ngtcp2_conn_set_keep_alive_timeout(conn_.get(), to_ngtcp2_duration(options_->keep_alive));
  connection_ids_.push_back(ConnectionId::of(scid));
  host_->add_connection_id(connection_ids_.back(), *this);
  flush();
}

void ConnectionCore::start_server(const ServerSetup& setup) {
  is_server_ = true;
  next_bidi_id_ = 1;
  next_uni_id_ = 3;
  assert(setup.reset_secret_size <= reset_secret_.size());
  std::copy_n(setup.reset_secret, setup.reset_secret_size, reset_secret_.begin());
  reset_secret_size_ = setup.reset_secret_size;

  auto scid = random_connection_id();
  qlog_.open(options_->qlog_dir, "server-" + hex(scid));
  auto settings = make_settings();
  settings.qlog.odcid = setup.initial->dcid;
  auto params = make_transport_params();
  params.original_dcid = setup.initial->dcid;
  params.stateless_reset_token_present = 1;
  ngtcp2_crypto_generate_stateless_reset_token(params.stateless_reset_token, reset_secret_.data(),
                                               reset_secret_size_, &scid);
  auto callbacks = make_callbacks(true);
  ngtcp2_path path{{local_.get(), local_.length}, {remote_.get(), remote_.length}, nullptr};
  ngtcp2_conn* conn = nullptr;
  int rv = ngtcp2_conn_server_new(&conn, &setup.initial->scid, &scid, &path,
                                  setup.initial->version, &callbacks, &settings, &params,
                                  ngtcp2_allocator_.get(), this);
  if (rv != 0) throw Error(code::transport, std::string("ngtcp2_conn_server_new: ") + ngtcp2_strerror(rv));
  conn_.reset(conn);
  tls_session_ = setup.tls->new_session();
  bind_tls();
  if (options_->keep_alive.count() > 0)
    ngtcp2_conn_set_keep_alive_timeout(conn_.get(), to_ngtcp2_duration(options_->keep_alive));
  for (const auto& cid : {setup.initial->dcid, scid}) {
    connection_ids_.push_back(ConnectionId::of(cid));
    host_->add_connection_id(connection_ids_.back(), *this);
  }
}

void ConnectionCore::bind_tls() {
  gnutls_session_t session = native_session(tls_session_);
  conn_ref_.get_conn = [](ngtcp2_crypto_conn_ref* ref) {
    return static_cast<ConnectionCore*>(ref->user_data)->native();
  };
  conn_ref_.user_data = this;
  gnutls_session_set_ptr(session, &conn_ref_);
  int rv = is_server_ ? ngtcp2_crypto_gnutls_configure_server_session(session)
                      : ngtcp2_crypto_gnutls_configure_client_session(session);
  if (rv != 0) throw Error(code::transport, "cannot configure the TLS session for QUIC");
  if (!is_server_) gnutls_session_set_verify_function(session, verify_hook);
  ngtcp2_conn_set_tls_native_handle(conn_.get(), session);
}

bool ConnectionCore::verify_certificate() {
  auto problem = client_tls_->verify_peer(native_session(tls_session_), server_name_);
  if (problem) verify_error_ = *problem;
  return !problem;
}

int ConnectionCore::new_connection_id(ngtcp2_cid* cid, uint8_t* token, size_t length) {
  cid->datalen = length;
  gnutls_rnd(GNUTLS_RND_RANDOM, cid->data, length);
  if (reset_secret_size_ == 0) {
    gnutls_rnd(GNUTLS_RND_RANDOM, token, NGTCP2_STATELESS_RESET_TOKENLEN);
  } else if (ngtcp2_crypto_generate_stateless_reset_token(token, reset_secret_.data(),
                                                          reset_secret_size_, cid) != 0) {
    return NGTCP2_ERR_CALLBACK_FAILURE;
  }
  if (host_ != nullptr) {
    connection_ids_.push_back(ConnectionId::of(*cid));
    host_->add_connection_id(connection_ids_.back(), *this);
  }
  return 0;
}

void ConnectionCore::connection_id_retired(const ngtcp2_cid* cid) {
  if (host_ == nullptr) return;
  auto id = ConnectionId::of(*cid);
  std::erase(connection_ids_, id);
  host_->remove_connection_id(id);
}

// ---- streams ----

std::shared_ptr<QuicStream> ConnectionCore::make_stream(int64_t id, bool can_send, bool can_receive) {
  auto stream = std::make_shared<QuicStream>(*this, id, next_order_++, can_send, can_receive);
  stream->set_write_limit(options_->stream_write_limit);
  streams_[id] = stream;
  return stream;
}

BiStream ConnectionCore::open_bi() {
  if (closed()) throw Error(code::transport, "connection is closed");
  auto stream = make_stream(next_bidi_id_, true, true);
  next_bidi_id_ += 4;
  pending_bidi_.push_back(stream);
  schedule_flush();
  return {stream, stream};
}

std::shared_ptr<SendStream> ConnectionCore::open_uni() {
  if (closed()) throw Error(code::transport, "connection is closed");
  auto stream = make_stream(next_uni_id_, true, false);
  next_uni_id_ += 4;
  pending_uni_.push_back(stream);
  schedule_flush();
  return stream;
}

void ConnectionCore::open_pending_streams() {
  auto open = [this](std::list<std::shared_ptr<QuicStream>>& pending, bool bidi) {
    while (!pending.empty()) {
      uint64_t left = bidi ? ngtcp2_conn_get_streams_bidi_left(conn_.get())
                           : ngtcp2_conn_get_streams_uni_left(conn_.get());
      if (left == 0) return;
      auto stream = std::move(pending.front());
      pending.pop_front();
      int64_t id = -1;
      int rv = bidi ? ngtcp2_conn_open_bidi_stream(conn_.get(), &id, nullptr)
                    : ngtcp2_conn_open_uni_stream(conn_.get(), &id, nullptr);
      // Stream IDs were handed out in this same order when the streams were created.
      assert(rv == 0 && id == stream->stream_id());
      (void)rv;
      stream->opened = true;
      if (auto code = stream->pending_reset()) ngtcp2_conn_shutdown_stream_write(conn_.get(), id, *code);
      stream_send_changed(*stream);
    }
  };
  open(pending_bidi_, true);
  open(pending_uni_, false);
}

void ConnectionCore::stream_send_changed(QuicStream& stream) {
  bool wanted = stream.opened && !stream.flow_blocked && stream.wants_to_send();
  auto id = stream.stream_id();
  if (stream.scheduled && (!wanted || stream.scheduled_priority != stream.priority())) {
    scheduler_.remove(id, stream.scheduled_priority, stream.order());
    stream.scheduled = false;
  }
  if (wanted && !stream.scheduled) {
    scheduler_.add(id, stream.priority(), stream.order());
    stream.scheduled = true;
    stream.scheduled_priority = stream.priority();
  }
  if (wanted || !stream.opened) schedule_flush();
}

void ConnectionCore::stream_reset(QuicStream& stream, uint64_t wire_code, std::vector<Bytes> unacknowledged) {
  if (!stream.opened || !conn_ || closed()) return;  // a queued stream is reset once opened
  ngtcp2_conn_shutdown_stream_write(conn_.get(), stream.stream_id(), wire_code);
  if (!unacknowledged.empty()) reset_send_data_[stream.stream_id()] = std::move(unacknowledged);
  schedule_flush();
}

void ConnectionCore::stream_stop(QuicStream& stream, uint64_t wire_code) {
  if (!stream.opened || !conn_ || closed()) return;
  ngtcp2_conn_shutdown_stream_read(conn_.get(), stream.stream_id(), wire_code);
  schedule_flush();
}

void ConnectionCore::stream_consumed(QuicStream& stream, size_t bytes) {
  if (!conn_ || closed()) return;
  ngtcp2_conn_extend_max_stream_offset(conn_.get(), stream.stream_id(), bytes);
  ngtcp2_conn_extend_max_offset(conn_.get(), bytes);
  schedule_flush();
}

void ConnectionCore::connection_credit(size_t bytes) {
  if (!conn_ || closed()) return;
  ngtcp2_conn_extend_max_offset(conn_.get(), bytes);
  schedule_flush();
}

void ConnectionCore::stream_finished(QuicStream& stream) {
  auto id = stream.stream_id();
  if (!remote_uni_streams_close && conn_ && !closed() && !ngtcp2_is_bidi_stream(id) &&
      !ngtcp2_conn_is_local_stream(conn_.get(), id)) {
    // ngtcp2 before 0.14 never closes a peer's unidirectional stream (so never reports it):
    // the stream credit goes back once we are done reading.
    ngtcp2_conn_extend_max_streams_uni(conn_.get(), 1);
  }
  if (stream.scheduled) {
    scheduler_.remove(stream.stream_id(), stream.scheduled_priority, stream.order());
    stream.scheduled = false;
  }
  auto keep = shared_from_this();
  auto found = streams_.find(stream.stream_id());
  std::shared_ptr<QuicStream> self;
  if (found != streams_.end()) {
    self = std::move(found->second);
    streams_.erase(found);
  }
  stream.detach();
}

void ConnectionCore::stream_opened_by_peer(int64_t stream_id) {
  bool bidi = ngtcp2_is_bidi_stream(stream_id) != 0;
  auto& highest = bidi ? highest_remote_bidi_ : highest_remote_uni_;
  highest = std::max(highest, stream_id);
  auto stream = make_stream(stream_id, bidi, true);
  stream->opened = true;
  (bidi ? incoming_bi_ : incoming_uni_).push_back(std::move(stream));
  deliver_incoming();
}

// Streams the peer opened wait here until the application sets on_bi / on_uni.
void ConnectionCore::deliver_incoming() {
  while (on_bi_ && !incoming_bi_.empty()) {
    auto stream = std::move(incoming_bi_.front());
    incoming_bi_.pop_front();
    auto callback = on_bi_;
    callback(BiStream{stream, stream});
  }
  while (on_uni_ && !incoming_uni_.empty()) {
    auto stream = std::move(incoming_uni_.front());
    incoming_uni_.pop_front();
    auto callback = on_uni_;
    callback(stream);
  }
}

void ConnectionCore::post_incoming() {
  if (incoming_posted_ || (incoming_bi_.empty() && incoming_uni_.empty())) return;
  incoming_posted_ = true;
  post([weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->incoming_posted_ = false;
      self->deliver_incoming();
    }
  });
}

void ConnectionCore::on_bi(std::function<void(BiStream)> callback) {
  on_bi_ = std::move(callback);
  post_incoming();
}

void ConnectionCore::on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) {
  on_uni_ = std::move(callback);
  post_incoming();
}

void ConnectionCore::on_closed(std::function<void(const Error&)> callback) {
  on_closed_ = std::move(callback);
}

void ConnectionCore::stream_data(int64_t stream_id, const uint8_t* data, size_t size, bool fin) {
  auto found = streams_.find(stream_id);
  if (found == streams_.end()) {
    connection_credit(size);  // nobody reads it: don't let it eat the connection window
    return;
  }
  found->second->received({data, size}, fin);
}

void ConnectionCore::stream_acked(int64_t stream_id, uint64_t offset, uint64_t length) {
  auto found = streams_.find(stream_id);
  if (found != streams_.end()) found->second->acked(offset, length);
}

void ConnectionCore::stream_closed(int64_t stream_id, std::optional<uint64_t> app_error_code) {
  // ngtcp2 leaves it to us to let the peer open another stream in place of this one.
  if (!ngtcp2_conn_is_local_stream(conn_.get(), stream_id)) {
    if (ngtcp2_is_bidi_stream(stream_id))
      ngtcp2_conn_extend_max_streams_bidi(conn_.get(), 1);
    else if (remote_uni_streams_close)
      ngtcp2_conn_extend_max_streams_uni(conn_.get(), 1);
  }
  reset_send_data_.erase(stream_id);
  auto found = streams_.find(stream_id);
  if (found != streams_.end()) found->second->closed(app_error_code);
}

void ConnectionCore::stream_reset_by_peer(int64_t stream_id, uint64_t wire_code) {
  auto found = streams_.find(stream_id);
  bool bidi = ngtcp2_is_bidi_stream(stream_id) != 0;
  if (found == streams_.end() && !ngtcp2_conn_is_local_stream(conn_.get(), stream_id) &&
      stream_id > (bidi ? highest_remote_bidi_ : highest_remote_uni_)) {
    // Reset before any data: ngtcp2 reports the reset without opening the stream first.
    stream_opened_by_peer(stream_id);
    found = streams_.find(stream_id);
  }
  if (found != streams_.end()) found->second->reset_received(wire_code);
}

void ConnectionCore::stream_credit(int64_t stream_id) {
  auto found = streams_.find(stream_id);
  if (found == streams_.end()) return;
  found->second->flow_blocked = false;
  stream_send_changed(*found->second);
}

}  // namespace moq::quic
