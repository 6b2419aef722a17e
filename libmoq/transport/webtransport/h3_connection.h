#pragma once
// The HTTP/3 layer of one QUIC connection (ALPN "h3") as far as WebTransport needs it: our
// control stream with SETTINGS, the peer's control stream (its SETTINGS) and QPACK streams
// (drained, kept open), and the sorting of the peer's streams: WebTransport streams (signal
// and session id read off) go to the attached session, request streams to on_request, the
// rest is refused.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "moq/connection.h"
#include "moq/event_loop.h"
#include "moq/quic.h"
#include "transport/webtransport/h3_codec.h"
#include "transport/webtransport/qpack_codec.h"

namespace moq::h3 {

class WebTransportSession;

// HTTP/3 connection error codes (RFC 9114 section 8.1).
namespace h3_error {
inline constexpr uint64_t general_protocol = 0x101;
inline constexpr uint64_t closed_critical_stream = 0x104;
inline constexpr uint64_t missing_settings = 0x10a;
}  // namespace h3_error

class H3Connection : public std::enable_shared_from_this<H3Connection> {
 public:
  struct Handlers {
    // The peer's SETTINGS arrived.
    std::function<void()> on_settings;
    // Server: a request stream and the bytes read from it so far (starting with a frame).
    std::function<void(BiStream stream, std::vector<uint8_t> buffered, bool fin)> on_request;
    // The QUIC connection is gone.
    std::function<void(const Error&)> on_closed;
  };

  H3Connection(EventLoop& loop, std::shared_ptr<QuicConnection> quic);
  // Opens our control stream and starts reading the peer's streams.
  void start(Handlers handlers);

  EventLoop& loop() { return loop_; }
  QuicConnection& quic() { return *quic_; }
  const std::shared_ptr<QuicConnection>& quic_ptr() const { return quic_; }
  const std::optional<Settings>& peer_settings() const { return peer_settings_; }
  QpackEncoder& encoder() { return encoder_; }
  QpackDecoder& decoder() { return decoder_; }

  // Client, on sending its CONNECT: streams for this session id that arrive before the
  // response are held (paused) until attach().
  void expect(uint64_t session_id) { session_id_ = session_id; }
  // WebTransport streams carrying this session's id go to it from now on; others are refused.
  void attach(std::weak_ptr<WebTransportSession> session, uint64_t session_id);
  bool has_session() const { return session_id_.has_value(); }
  // Closes the QUIC connection with an HTTP/3 error code.
  void fail(uint64_t h3_code, std::string_view reason);
  // The same after a delay (the first request wins); lives as long as the connection does, so
  // a session object may go before its connection is closed.
  void fail_after(std::chrono::milliseconds delay, uint64_t h3_code, std::string reason);

 private:
  void accept_uni(const std::shared_ptr<RecvStream>& stream);
  void accept_bi(const BiStream& stream);
  // Reads the stream type (and session id) from the front of a peer's unidirectional stream.
  void classify_uni(const std::shared_ptr<RecvStream>& stream, std::vector<uint8_t>& buffered, bool fin);
  void classify_bi(const BiStream& stream, std::vector<uint8_t>& buffered, bool fin);
  void read_control(std::span<const uint8_t> data, bool fin);
  // Hands a WebTransport stream to the session with this id, holds it until the session is
  // attached, or refuses it (false).
  bool route_bi(uint64_t session_id, BiStream stream);
  bool route_uni(uint64_t session_id, std::shared_ptr<RecvStream> stream);

  EventLoop& loop_;
  std::shared_ptr<QuicConnection> quic_;
  Handlers handlers_;
  QpackEncoder encoder_;
  QpackDecoder decoder_;
  std::shared_ptr<SendStream> control_;
  std::shared_ptr<RecvStream> peer_control_;
  TlvParser control_frames_{1 << 16};
  std::optional<Settings> peer_settings_;
  std::vector<std::shared_ptr<RecvStream>> peer_qpack_streams_;
  std::weak_ptr<WebTransportSession> session_;
  std::optional<uint64_t> session_id_;
  bool attached_ = false;
  std::vector<BiStream> held_bi_;
  std::vector<std::shared_ptr<RecvStream>> held_uni_;
  uint64_t delayed_code_ = 0;
  std::string delayed_reason_;
  EventLoop::Timer delayed_close_;
};

}  // namespace moq::h3
