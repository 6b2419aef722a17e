#pragma once
// One WebTransport session as a moq::Connection: its streams are QUIC streams prefixed with
// the WebTransport signal and the session id (the CONNECT stream's id); its life is the CONNECT
// stream, which carries capsules (in DATA frames) once the request was accepted.

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "moq/connection.h"
#include "moq/event_loop.h"
#include "transport/webtransport/h3_codec.h"
#include "transport/webtransport/h3_connection.h"

namespace moq::h3 {

class WebTransportSession final : public Connection, public std::enable_shared_from_this<WebTransportSession> {
 public:
  // The client's session closes the QUIC connection once the CONNECT stream is done on both
  // sides; a server's leaves that to the client (for a grace period), as closing it first can
  // overtake the browser's handling of the close: Chromium then reports "connection lost".
  enum class Side { client, server };
  WebTransportSession(std::shared_ptr<H3Connection> h3, BiStream connect_stream, std::string path, Side side);
  ~WebTransportSession() override;

  // Attaches to the HTTP/3 connection and reads the CONNECT stream from here on; leftover are
  // the bytes already read after the response headers.
  void start(std::vector<uint8_t> leftover, bool fin);
  uint64_t session_id() const { return connect_.send->id(); }

  // ---- from the HTTP/3 connection ----
  void incoming_bi(BiStream stream);
  void incoming_uni(std::shared_ptr<RecvStream> stream);
  void transport_closed(const Error& error);

  // ---- Connection ----
  BiStream open_bi() override;
  std::shared_ptr<SendStream> open_uni() override;
  void on_bi(std::function<void(BiStream)> callback) override;
  void on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) override;
  void close(uint64_t code, std::string_view reason) override;
  void on_closed(std::function<void(const Error&)> callback) override;
  bool closed() const override { return closed_.has_value(); }
  std::string protocol() const override { return "webtransport"; }
  std::string peer_address() const override { return h3_->quic().peer_address(); }
  std::string path() const override { return path_; }

 private:
  void read_connect(std::span<const uint8_t> data, bool fin);
  // Records the end of the session and tells the application (on the next iteration).
  void end(Error error);
  void deliver_incoming();
  void schedule_incoming();
  // After our FIN on the CONNECT stream: close the QUIC connection once both sides of the
  // CONNECT stream are done (client), or after a grace period.
  void close_transport_later(uint64_t quic_code, std::string reason);
  void close_transport_when_done();
  std::chrono::milliseconds close_grace() const;
  void finish_connect();
  void check_open() const;

  std::shared_ptr<H3Connection> h3_;
  BiStream connect_;
  std::string path_;
  Side side_;
  TlvParser frames_{1 << 16};
  TlvParser capsules_{1 << 16};
  std::optional<Error> closed_;
  bool connect_finished_ = false;  // our side of the CONNECT stream
  bool own_connect_acked_ = false;
  bool peer_connect_done_ = false;  // the peer's side ended (FIN or reset)
  bool close_pending_ = false;
  uint64_t pending_quic_code_ = h3_no_error;
  std::string pending_reason_;

  std::function<void(BiStream)> on_bi_;
  std::function<void(std::shared_ptr<RecvStream>)> on_uni_;
  std::function<void(const Error&)> on_closed_;
  std::list<BiStream> incoming_bi_;  // lists: usually empty, when a deque still holds ~576 bytes
  std::list<std::shared_ptr<RecvStream>> incoming_uni_;
  bool incoming_posted_ = false;
};

}  // namespace moq::h3
