#pragma once
// One QUIC stream, seen by the application as a SendStream, a RecvStream or both (BiStream).
// Outgoing Bytes are queued without copying, handed to ngtcp2 as iovecs and released when the
// peer acknowledges them. Incoming data goes straight to on_data when it can, or is held while
// no callback is set or the reader paused (and then no flow-control credit is returned).

#include <ngtcp2/ngtcp2.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "moq/connection.h"
#include "transport/chunk_queue.h"

namespace moq::quic {

class ConnectionCore;

class QuicStream final : public SendStream,
                         public RecvStream,
                         public std::enable_shared_from_this<QuicStream> {
 public:
  QuicStream(ConnectionCore& core, int64_t id, uint64_t order, bool can_send, bool can_receive);

  uint64_t id() const override { return static_cast<uint64_t>(id_); }

  // SendStream
  void write(Bytes data) override;
  void finish() override;
  void reset(uint64_t code) override;
  void set_priority(int64_t priority) override;
  uint64_t unacked() const override { return written_ - acked_; }
  bool writable() const override { return written_ - sent_ < write_limit_; }
  void on_writable(std::function<void()> callback) override { delivery().writable = std::move(callback); }
  void on_stopped(std::function<void(uint64_t)> callback) override;
  void on_acked(std::function<void()> callback) override { delivery().acked = std::move(callback); }
  void on_ack_progress(std::function<void()> callback) override { delivery().ack_progress = std::move(callback); }

  // RecvStream
  void on_data(std::function<void(std::span<const uint8_t>, bool)> callback) override;
  void on_reset(std::function<void(uint64_t)> callback) override;
  void stop(uint64_t code) override;
  void pause() override { paused_ = true; }
  void resume() override;

  // ---- for the connection ----
  int64_t stream_id() const { return id_; }
  uint64_t order() const { return order_; }
  int64_t priority() const { return priority_; }
  void set_write_limit(uint64_t limit) { write_limit_ = limit; }

  // Send side. Scheduling state is kept here and maintained by the connection.
  int64_t scheduled_priority = 0;
  bool opened = false;        // exists in ngtcp2 (not waiting for stream credit)
  bool flow_blocked = false;  // ngtcp2 reported the stream's flow-control window as full
  bool scheduled = false;     // in the connection's SendScheduler
  bool wants_to_send() const;
  std::optional<uint64_t> pending_reset() const { return reset_wire_code_; }
  // Fills vecs with unsent data from the send offset; fin tells whether the FIN may go with it.
  size_t gather(std::span<ngtcp2_vec> vecs, bool& fin) const;
  // ngtcp2 took bytes (and the FIN if fin_sent).
  void sent(size_t bytes, bool fin_sent);
  // ngtcp2 reports [offset, offset + length) acknowledged, contiguously from the start.
  void acked(uint64_t offset, uint64_t length);
  // The writer can no longer send (peer STOP_SENDING seen as a write refusal, or stream closed).
  void send_refused();
  // Whether on_writable is due: the queue drained below the limit after having been above it.
  bool writable_notice_due() const { return above_limit_ && writable(); }
  void notify_writable();

  // Receive side.
  void received(std::span<const uint8_t> data, bool fin);
  void reset_received(uint64_t wire_code);
  // ngtcp2 closed the stream; app_error_code is the code it recorded, if any.
  void closed(std::optional<uint64_t> app_error_code);

  // The connection is gone: readers see a reset with code 0; everything is released.
  void terminate();
  // Forgets callbacks and the connection (breaks shared_ptr cycles through callbacks).
  void detach();

 private:
  bool send_open() const { return core_ != nullptr && can_send_ && !send_done_; }
  void deliver_held();
  void schedule_delivery();
  void maybe_release();
  void finish_send_side();
  void finish_recv_side();
  // Empties the send queue, returning the chunks ngtcp2 may still read: those sent, wholly or
  // partly, and not acknowledged yet.
  std::vector<Bytes> take_sent_chunks();

  ConnectionCore* core_;
  int64_t id_;
  uint64_t order_;
  int64_t priority_ = 0;
  uint64_t write_limit_ = UINT64_MAX;

  // Send side: chunks_[0] starts at stream offset chunks_base_; acked_ <= sent_ <= written_.
  ChunkQueue chunks_;
  uint64_t chunks_base_ = 0;
  size_t send_chunk_ = 0;         // index of the chunk holding offset sent_
  uint64_t send_chunk_base_ = 0;  // stream offset of that chunk
  uint64_t acked_ = 0;
  uint64_t sent_ = 0;
  uint64_t written_ = 0;
  std::optional<uint64_t> reset_wire_code_;
  std::optional<uint64_t> stopped_code_;  // peer's STOP_SENDING, mapped, not yet delivered
  std::function<void(uint64_t)> on_stopped_;
  // Set by writers of group streams only: control streams, most of a relay's, go without.
  struct DeliveryCallbacks {
    std::function<void()> writable;
    std::function<void()> acked;
    std::function<void()> ack_progress;
  };
  std::unique_ptr<DeliveryCallbacks> delivery_;
  DeliveryCallbacks& delivery();

  // Receive side.
  std::vector<uint8_t> held_;
  std::optional<uint64_t> held_reset_;
  std::function<void(std::span<const uint8_t>, bool)> on_data_;
  std::function<void(uint64_t)> on_reset_;

  // Flags last, together: a relay holds a few streams per subscriber.
  bool can_send_;
  bool send_done_ = false;
  bool fin_requested_ = false;
  bool fin_sent_ = false;
  bool fin_with_data_ = false;  // the FIN travelled with the last data bytes
  bool fin_ack_seen_ = false;   // ngtcp2 reported an ack of a FIN-only frame
  bool above_limit_ = false;
  bool recv_done_ = false;
  bool paused_ = false;
  bool delivery_posted_ = false;
  bool held_fin_ = false;
};

}  // namespace moq::quic
