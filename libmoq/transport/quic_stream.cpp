#include "transport/quic_stream.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include "transport/connection_core.h"
#include "transport/stream_codes.h"

namespace moq::quic {

QuicStream::QuicStream(ConnectionCore& core, int64_t id, uint64_t order, bool can_send,
                       bool can_receive)
    : core_(&core), id_(id), order_(order), can_send_(can_send) {
  send_done_ = !can_send;
  recv_done_ = !can_receive;
}

// ---- send side ----

QuicStream::DeliveryCallbacks& QuicStream::delivery() {
  if (!delivery_) delivery_ = std::make_unique<DeliveryCallbacks>();
  return *delivery_;
}

void QuicStream::write(Bytes data) {
  if (!send_open() || fin_requested_ || reset_wire_code_ || data.empty()) return;
  written_ += data.size();
  chunks_.push_back(std::move(data));
  if (!writable()) above_limit_ = true;
  core_->stream_send_changed(*this);
}

void QuicStream::finish() {
  if (!send_open() || fin_requested_ || reset_wire_code_) return;
  fin_requested_ = true;
  core_->stream_send_changed(*this);
}

void QuicStream::reset(uint64_t code) {
  if (!send_open() || reset_wire_code_) return;
  reset_wire_code_ = wire_stream_code(code);
  std::vector<Bytes> in_flight = take_sent_chunks();
  acked_ = sent_ = written_;
  core_->stream_reset(*this, *reset_wire_code_, std::move(in_flight));
  finish_send_side();
}

void QuicStream::set_priority(int64_t priority) {
  // Keeps the scheduler's negated key representable.
  priority_ = std::max(priority, std::numeric_limits<int64_t>::min() + 1);
  if (core_ != nullptr) core_->stream_send_changed(*this);
}

void QuicStream::on_stopped(std::function<void(uint64_t)> callback) {
  on_stopped_ = std::move(callback);
  if (on_stopped_ && stopped_code_) {
    auto code = *stopped_code_;
    stopped_code_.reset();
    auto callback_copy = on_stopped_;
    callback_copy(code);
  }
}

bool QuicStream::wants_to_send() const {
  if (!send_open() || reset_wire_code_) return false;
  return sent_ < written_ || (fin_requested_ && !fin_sent_);
}

size_t QuicStream::gather(std::span<ngtcp2_vec> vecs, bool& fin) const {
  size_t count = 0;
  uint64_t offset = sent_ - send_chunk_base_;
  for (size_t i = send_chunk_; i < chunks_.size() && count < vecs.size(); ++i) {
    const Bytes& chunk = chunks_[i];
    vecs[count++] = {const_cast<uint8_t*>(chunk.data()) + offset,
                     chunk.size() - static_cast<size_t>(offset)};
    offset = 0;
  }
  fin = fin_requested_ && !fin_sent_ && send_chunk_ + count == chunks_.size();
  return count;
}

void QuicStream::sent(size_t bytes, bool fin_sent) {
  sent_ += bytes;
  while (send_chunk_ < chunks_.size() &&
         sent_ >= send_chunk_base_ + chunks_[send_chunk_].size()) {
    send_chunk_base_ += chunks_[send_chunk_].size();
    ++send_chunk_;
  }
  if (fin_sent) {
    fin_sent_ = true;
    fin_with_data_ = bytes > 0;
  }
}

std::vector<Bytes> QuicStream::take_sent_chunks() {
  bool partly_sent = send_chunk_ < chunks_.size() && sent_ > send_chunk_base_;
  std::vector<Bytes> sent = chunks_.take_front(send_chunk_ + (partly_sent ? 1 : 0));
  chunks_.clear();
  return sent;
}

void QuicStream::notify_writable() {
  if (!above_limit_ || !writable() || !send_open()) return;
  above_limit_ = false;
  if (delivery_ && delivery_->writable) {
    auto self = shared_from_this();
    auto callback = delivery_->writable;
    callback();
  }
}

void QuicStream::acked(uint64_t offset, uint64_t length) {
  if (length == 0) fin_ack_seen_ = true;  // only FIN frames are reported with no data
  const uint64_t acked_before = acked_;
  acked_ = std::max(acked_, std::min(offset + length, written_));
  while (!chunks_.empty() && chunks_base_ + chunks_.front().size() <= acked_ &&
         send_chunk_ > 0) {
    chunks_base_ += chunks_.front().size();
    chunks_.pop_front();
    --send_chunk_;
  }
  auto self = shared_from_this();  // the callbacks may drop the last other reference
  if (acked_ > acked_before && delivery_ && delivery_->ack_progress && send_open()) {
    auto callback = delivery_->ack_progress;
    callback();
  }
  bool all_acked = fin_sent_ && acked_ == written_ && (fin_with_data_ || fin_ack_seen_);
  if (all_acked && send_open()) {
    if (delivery_ && delivery_->acked) {
      auto callback = delivery_->acked;
      callback();
    }
    finish_send_side();
  }
}

void QuicStream::send_refused() {
  if (!send_open()) return;
  chunks_.clear();
  acked_ = sent_ = written_;
  if (scheduled && core_ != nullptr) core_->stream_send_changed(*this);
}

void QuicStream::finish_send_side() {
  if (send_done_) return;
  send_done_ = true;
  chunks_.clear();
  if (core_ != nullptr) core_->stream_send_changed(*this);
  maybe_release();
}

// ---- receive side ----

void QuicStream::on_data(std::function<void(std::span<const uint8_t>, bool)> callback) {
  on_data_ = std::move(callback);
  schedule_delivery();
}

void QuicStream::on_reset(std::function<void(uint64_t)> callback) {
  on_reset_ = std::move(callback);
  schedule_delivery();
}

void QuicStream::resume() {
  paused_ = false;
  schedule_delivery();
}

void QuicStream::schedule_delivery() {
  if (core_ == nullptr || delivery_posted_) return;
  if (held_.empty() && !held_fin_ && !held_reset_) return;
  delivery_posted_ = true;
  core_->post([weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->delivery_posted_ = false;
      self->deliver_held();
    }
  });
}

void QuicStream::deliver_held() {
  if (recv_done_ || core_ == nullptr) return;
  auto self = shared_from_this();
  if (held_reset_) {
    if (!on_reset_) return;
    auto code = *held_reset_;
    held_reset_.reset();
    auto callback = on_reset_;
    finish_recv_side();
    callback(code);
    return;
  }
  if (!on_data_ || paused_ || (held_.empty() && !held_fin_)) return;
  auto data = std::move(held_);
  held_.clear();
  bool fin = held_fin_;
  held_fin_ = false;
  // Credit goes back as data is handed over, before the callback may release the stream.
  if (!data.empty()) core_->stream_consumed(*this, data.size());
  auto callback = on_data_;
  if (fin) finish_recv_side();
  callback(data, fin);
}

void QuicStream::received(std::span<const uint8_t> data, bool fin) {
  if (recv_done_ || core_ == nullptr) return;
  if (on_data_ && !paused_ && held_.empty() && !held_fin_) {
    auto self = shared_from_this();
    if (!data.empty()) core_->stream_consumed(*this, data.size());
    auto callback = on_data_;
    if (fin) finish_recv_side();
    callback(data, fin);
    return;
  }
  held_.insert(held_.end(), data.begin(), data.end());
  held_fin_ = held_fin_ || fin;
  schedule_delivery();
}

void QuicStream::reset_received(uint64_t wire_code) {
  if (recv_done_ || core_ == nullptr) return;
  // The reset callback may drop the last reference to this stream; keep it alive until we return.
  auto self = shared_from_this();
  // Held bytes will never be read: give their connection-level credit back.
  if (!held_.empty()) core_->connection_credit(held_.size());
  held_.clear();
  held_fin_ = false;
  held_reset_ = moq_stream_code(wire_code);
  deliver_held();
  schedule_delivery();
}

void QuicStream::stop(uint64_t code) {
  if (recv_done_ || core_ == nullptr) return;
  if (!held_.empty()) core_->connection_credit(held_.size());
  held_.clear();
  held_fin_ = false;
  held_reset_.reset();
  core_->stream_stop(*this, wire_stream_code(code));
  finish_recv_side();
}

void QuicStream::finish_recv_side() {
  if (recv_done_) return;
  recv_done_ = true;
  maybe_release();
}

// ---- both ----

void QuicStream::closed(std::optional<uint64_t> app_error_code) {
  if (core_ == nullptr) return;
  auto self = shared_from_this();
  if (send_open()) {
    // ngtcp2 only closes a stream whose write side ended; if we neither reset it nor had the
    // FIN acknowledged, the peer sent STOP_SENDING (ngtcp2 0.12 has no callback for that).
    bool fin_acked = fin_sent_ && acked_ == written_;
    if (!fin_acked && !reset_wire_code_) {
      auto code = moq_stream_code(app_error_code.value_or(0));
      if (on_stopped_) {
        auto callback = on_stopped_;
        callback(code);
      } else {
        stopped_code_ = code;
      }
    } else if (fin_acked && delivery_ && delivery_->acked) {
      auto callback = delivery_->acked;
      callback();
    }
    finish_send_side();
  }
  if (!recv_done_ && !held_.empty()) return;  // the reader still gets what is held
  finish_recv_side();
}

void QuicStream::terminate() {
  auto self = shared_from_this();
  if (!recv_done_) {
    // What arrived is the reader's, paused or not (a relay holding a publisher back): nothing
    // is left to pace, and the peer saw it acknowledged.
    paused_ = false;
    deliver_held();
  }
  if (!recv_done_) {
    recv_done_ = true;
    if (on_reset_) {
      auto callback = on_reset_;
      callback(code::cancel);
    }
  }
  send_done_ = true;
  detach();
}

void QuicStream::detach() {
  core_ = nullptr;
  chunks_.clear();
  held_.clear();
  on_stopped_ = nullptr;
  delivery_.reset();
  on_data_ = nullptr;
  on_reset_ = nullptr;
}

void QuicStream::maybe_release() {
  if (send_done_ && recv_done_ && core_ != nullptr) core_->stream_finished(*this);
}

}  // namespace moq::quic
