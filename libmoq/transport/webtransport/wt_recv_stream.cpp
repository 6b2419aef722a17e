#include "transport/webtransport/wt_recv_stream.h"

#include <utility>

namespace moq::h3 {

std::shared_ptr<WtRecvStream> WtRecvStream::create(EventLoop& loop, std::shared_ptr<RecvStream> inner,
                                                   std::vector<uint8_t> leftover, bool fin) {
  return std::make_shared<WtRecvStream>(loop, std::move(inner), std::move(leftover), fin);
}

WtRecvStream::WtRecvStream(EventLoop& loop, std::shared_ptr<RecvStream> inner, std::vector<uint8_t> leftover,
                           bool fin)
    : loop_(loop), inner_(std::move(inner)), leftover_(std::move(leftover)), fin_(fin) {}

void WtRecvStream::on_data(std::function<void(std::span<const uint8_t>, bool)> callback) {
  auto shared = std::make_shared<std::function<void(std::span<const uint8_t>, bool)>>(std::move(callback));
  on_data_ = shared;
  // The inner stream stays paused until the leftover is out, so nothing overtakes it.
  inner_->on_data([shared](std::span<const uint8_t> data, bool fin) { (*shared)(data, fin); });
  schedule_leftover();
}

void WtRecvStream::stop(uint64_t code) {
  stopped_ = true;
  inner_->stop(code);
}

void WtRecvStream::pause() {
  paused_ = true;
  inner_->pause();
}

void WtRecvStream::resume() {
  paused_ = false;
  if (leftover_done_) {
    inner_->resume();
  } else {
    schedule_leftover();
  }
}

void WtRecvStream::schedule_leftover() {
  if (leftover_done_ || delivery_posted_) return;
  delivery_posted_ = true;
  // Deferred, as a QUIC stream delivers held data: never from inside the setter. Holds the
  // stream, as the connection holds a QUIC stream whose handle the application dropped.
  loop_.post([self = shared_from_this()] {
    self->delivery_posted_ = false;
    self->deliver_leftover();
  });
}

void WtRecvStream::deliver_leftover() {
  auto callback = on_data_.lock();
  if (leftover_done_ || stopped_ || paused_ || !callback) return;
  leftover_done_ = true;
  auto data = std::move(leftover_);
  if (!data.empty() || fin_) (*callback)(data, fin_);
  if (!fin_ && !stopped_ && !paused_) inner_->resume();
}

}  // namespace moq::h3
