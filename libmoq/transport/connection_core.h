#pragma once
// One QUIC connection on ngtcp2: feeds it received packets, writes what it has to send (stream
// data chosen by priority, coalesced and batched for GSO), drives its timer, and closes it with
// a closing/draining period. The application sees it through ConnectionHandle.

#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "moq/bytes.h"
#include "moq/connection.h"
#include "moq/event_loop.h"
#include "moq/quic.h"
#include "transport/connection_host.h"
#include "transport/ngtcp2_allocator.h"
#include "transport/ngtcp2_handles.h"
#include "transport/qlog_file.h"
#include "transport/send_scheduler.h"
#include "transport/socket_address.h"
#include "transport/tls_binding.h"

namespace moq::quic {

class QuicStream;

class ConnectionCore : public std::enable_shared_from_this<ConnectionCore> {
 public:
  // Of every connection ID this end issues: endpoints decode short headers with it.
  static constexpr size_t connection_id_length = 18;

  struct ClientSetup {
    std::shared_ptr<const tls::ClientContext> tls;
    std::string host;  // SNI and the name the certificate must match
    std::string path;
  };
  struct ServerSetup {
    const tls::ServerContext* tls;
    const ngtcp2_pkt_hd* initial;  // the client's first Initial packet header
    const uint8_t* reset_secret;   // endpoint secret for stateless reset tokens
    size_t reset_secret_size;
  };

  // options: shared by every connection of a server.
  ConnectionCore(EventLoop& loop, ConnectionHost& host, std::shared_ptr<const QuicOptions> options,
                 const SocketAddress& local, const SocketAddress& remote);
  ~ConnectionCore();
  ConnectionCore(const ConnectionCore&) = delete;
  ConnectionCore& operator=(const ConnectionCore&) = delete;

  // Throw moq::Error if ngtcp2 or TLS cannot be set up.
  void start_client(ClientSetup setup);
  void start_server(const ServerSetup& setup);

  // ---- from the endpoint ----
  void receive(const SocketAddress& from, const uint8_t* data, size_t size);
  // Writes one burst of packets (as pacing allows) and re-arms the timer.
  void flush();
  void socket_writable();
  // A socket error such as ECONNREFUSED ends the connection.
  void socket_failed(int error);
  // The endpoint is going away: send CONNECTION_CLOSE (code 0) now, without waiting.
  void abandon();
  bool finished() const { return state_ == State::finished; }
  const SocketAddress& remote() const { return remote_; }

  // ---- the Connection interface ----
  BiStream open_bi();
  std::shared_ptr<SendStream> open_uni();
  void on_bi(std::function<void(BiStream)> callback);
  void on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback);
  void close(uint64_t code, std::string_view reason);
  void on_closed(std::function<void(const Error&)> callback);
  bool closed() const { return state_ != State::handshaking && state_ != State::established; }
  std::string alpn() const { return alpn_; }
  std::string peer_address() const { return remote_.to_string(); }
  std::string path() const { return path_; }

  // ---- for streams ----
  void post(std::function<void()> callback) { loop_.post(std::move(callback)); }
  void stream_send_changed(QuicStream& stream);
  // Resets the stream's send side; its unacknowledged data is kept until ngtcp2 closes the stream.
  void stream_reset(QuicStream& stream, uint64_t wire_code, std::vector<Bytes> unacknowledged);
  void stream_stop(QuicStream& stream, uint64_t wire_code);
  void stream_consumed(QuicStream& stream, size_t bytes);
  void connection_credit(size_t bytes);
  void stream_finished(QuicStream& stream);

  // ---- for the ngtcp2 callbacks (connection_callbacks.cpp) ----
  ngtcp2_conn* native() const { return conn_.get(); }
  void handshake_completed() { handshake_completed_ = true; }
  void stream_opened_by_peer(int64_t stream_id);
  void stream_data(int64_t stream_id, const uint8_t* data, size_t size, bool fin);
  void stream_acked(int64_t stream_id, uint64_t offset, uint64_t length);
  void stream_closed(int64_t stream_id, std::optional<uint64_t> app_error_code);
  void stream_reset_by_peer(int64_t stream_id, uint64_t wire_code);
  void stream_credit(int64_t stream_id);
  void streams_credit() { schedule_flush(); }
  int new_connection_id(ngtcp2_cid* cid, uint8_t* token, size_t length);
  void connection_id_retired(const ngtcp2_cid* cid);
  // Client certificate check, from the GnuTLS verify hook; false aborts the handshake.
  bool verify_certificate();
  void write_qlog(const void* data, size_t size) { qlog_.write(data, size); }

 private:
  enum class State { handshaking, established, closing, draining, finished };

  // What terminate() releases: the streams and the application's callbacks.
  struct Teardown {
    std::shared_ptr<ConnectionCore> core;
    std::vector<std::shared_ptr<QuicStream>> streams;
    ~Teardown();
  };

  ngtcp2_settings make_settings();
  ngtcp2_transport_params make_transport_params();
  void bind_tls();
  std::shared_ptr<QuicStream> make_stream(int64_t id, bool can_send, bool can_receive);
  void open_pending_streams();
  void after_read();
  void read_failed(int liberr);
  void send_packets(const uint8_t* data, size_t size, size_t segment);
  void update_timer();
  void on_timer();
  void schedule_flush();
  // Sends CONNECTION_CLOSE and starts the closing period; error is what the app is told.
  void start_closing(const ngtcp2_connection_close_error& ccerr, Error error);
  void start_draining(Error error);
  // Tells streams and the application the connection is gone (deferred to the loop).
  void terminate(Error error);
  void finish();
  void send_close_packet();
  Error peer_close_error() const;
  ngtcp2_tstamp timestamp() const;

  EventLoop& loop_;
  ConnectionHost* host_;
  std::shared_ptr<const QuicOptions> options_;
  SocketAddress local_;
  SocketAddress remote_;
  bool is_server_ = false;
  State state_ = State::handshaking;
  bool established_ = false;  // the application was (or is being) given this connection

  Ngtcp2Allocator ngtcp2_allocator_;  // declared before conn_: outlives it
  NgtcpConn conn_;
  TlsSession tls_session_;
  ngtcp2_crypto_conn_ref conn_ref_{};
  std::shared_ptr<const tls::ClientContext> client_tls_;
  std::string server_name_;
  std::string path_ = "/";
  std::string alpn_;
  std::optional<std::string> verify_error_;
  std::array<uint8_t, 32> reset_secret_{};  // a server's, for stateless reset tokens
  size_t reset_secret_size_ = 0;
  std::vector<ConnectionId> connection_ids_;  // registered with the host
  QlogFile qlog_;

  EventLoop::Timer timer_;
  bool flush_posted_ = false;
  bool handshake_completed_ = false;
  bool in_read_ = false;  // inside ngtcp2_conn_read_pkt: no writes, no close
  std::optional<std::pair<uint64_t, std::string>> deferred_close_;

  // Packets waiting for the socket to drain.
  std::vector<uint8_t> blocked_;
  size_t blocked_segment_ = 0;
  std::vector<uint8_t> close_packet_;

  std::unordered_map<int64_t, std::shared_ptr<QuicStream>> streams_;
  // Data of streams reset before it was acknowledged: ngtcp2 0.12 may still copy it into
  // packets (retransmissions, probes) until it closes the stream.
  std::unordered_map<int64_t, std::vector<Bytes>> reset_send_data_;
  // Stream queues are lists: usually empty, and an empty std::deque still holds 576 bytes.
  std::list<std::shared_ptr<QuicStream>> pending_bidi_;  // waiting for stream credit
  std::list<std::shared_ptr<QuicStream>> pending_uni_;
  int64_t highest_remote_bidi_ = -1;  // the peer's streams we have seen
  int64_t highest_remote_uni_ = -1;
  int64_t next_bidi_id_ = 0;
  int64_t next_uni_id_ = 0;
  uint64_t next_order_ = 0;
  SendScheduler scheduler_;
  std::vector<std::shared_ptr<QuicStream>> writable_candidates_;

  std::function<void(BiStream)> on_bi_;
  std::function<void(std::shared_ptr<RecvStream>)> on_uni_;
  std::function<void(const Error&)> on_closed_;
  std::list<std::shared_ptr<QuicStream>> incoming_bi_;  // opened by the peer, not yet handed out
  std::list<std::shared_ptr<QuicStream>> incoming_uni_;
  bool incoming_posted_ = false;
  void deliver_incoming();
  void post_incoming();
};

}  // namespace moq::quic
