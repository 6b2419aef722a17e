#pragma once
// The one connection abstraction the session layer talks to. Raw QUIC (moqf-02) and
// WebTransport both implement it, so protocol code never knows which it runs on.
//
// Everything runs on the owning event loop's thread. Callbacks are invoked from that loop and
// may call back into the stream or connection. Codes given to reset()/stop()/close() and
// reported to callbacks are moq codes (see moq/error.h); the transport maps stream codes to
// and from the wire.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "moq/bytes.h"
#include "moq/error.h"

namespace moq {

class SendStream {
 public:
  virtual ~SendStream() = default;
  virtual uint64_t id() const = 0;

  // Queues bytes without copying; they are kept until the peer acknowledges them.
  // Always accepted: the producer respects backpressure by checking writable().
  virtual void write(Bytes data) = 0;
  // FIN after everything queued.
  virtual void finish() = 0;
  // Abandons the stream: queued data is dropped and the peer sees a reset with this code.
  virtual void reset(uint64_t code) = 0;

  // Higher is sent first. Ties go by creation order, as the connection was configured.
  virtual void set_priority(int64_t priority) = 0;

  // Bytes written and not yet acknowledged by the peer.
  virtual uint64_t unacked() const = 0;
  // Whether queued, unsent bytes are below the stream's write limit.
  virtual bool writable() const = 0;

  // Called each time writable() turns true after having been false.
  virtual void on_writable(std::function<void()> callback) = 0;
  // The peer asked us to stop (STOP_SENDING) with this code.
  virtual void on_stopped(std::function<void(uint64_t code)> callback) = 0;
  // Every byte and the FIN have been acknowledged by the peer.
  virtual void on_acked(std::function<void()> callback) = 0;
  // Acknowledgements lowered unacked() (before the last one, also before on_acked): a writer
  // that bounds what it keeps unacknowledged re-checks then.
  virtual void on_ack_progress(std::function<void()> callback) = 0;
};

class RecvStream {
 public:
  virtual ~RecvStream() = default;
  virtual uint64_t id() const = 0;

  // Delivers data in order; fin is true exactly once, with the last (possibly empty) data.
  // Data received before a callback is set is held and delivered when it is set.
  virtual void on_data(std::function<void(std::span<const uint8_t> data, bool fin)> callback) = 0;
  // The peer reset the stream with this code. No more data follows.
  virtual void on_reset(std::function<void(uint64_t code)> callback) = 0;

  // Asks the peer to stop sending (STOP_SENDING) with this code; no more data is delivered.
  virtual void stop(uint64_t code) = 0;

  // Flow control: while paused, received data is held (up to the flow-control window) and no
  // credit is returned to the peer, so a slow reader slows the sender instead of growing memory.
  virtual void pause() = 0;
  virtual void resume() = 0;
};

struct BiStream {
  std::shared_ptr<SendStream> send;
  std::shared_ptr<RecvStream> recv;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Opening never fails for lack of stream credit: the stream is queued and opened on the wire
  // when the peer allows it; data written meanwhile is kept. Throws Error once closed.
  virtual BiStream open_bi() = 0;
  virtual std::shared_ptr<SendStream> open_uni() = 0;

  // Streams the peer opened. Set these before the first loop iteration after connecting.
  virtual void on_bi(std::function<void(BiStream)> callback) = 0;
  virtual void on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) = 0;

  // Closes with an application code and reason; the peer sees them as-is (raw, not mapped).
  virtual void close(uint64_t code, std::string_view reason) = 0;
  // Called once when the connection is gone: closed by us, by the peer (its code and reason),
  // or by the transport (code::transport with a readable message: idle timeout, handshake...).
  virtual void on_closed(std::function<void(const Error&)> callback) = 0;
  virtual bool closed() const = 0;

  // "moqf-02" for raw QUIC, "webtransport" for WebTransport over HTTP/3.
  virtual std::string protocol() const = 0;
  // The peer's address as "ip:port" ("[v6]:port"), for logs.
  virtual std::string peer_address() const = 0;
  // Path and query of the WebTransport CONNECT request or of the client's URL ("/" if none).
  virtual std::string path() const = 0;
};

}  // namespace moq
