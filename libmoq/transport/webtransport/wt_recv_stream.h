#pragma once
// The receive side of a WebTransport stream with its signal and session id read off: the bytes
// after them (read while identifying the stream) come first, then the QUIC stream's own data.
// The application's callbacks live on the QUIC stream, which drops them when the connection
// goes, as it does for streams used directly: cycles through them are broken the same way.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "moq/connection.h"
#include "moq/event_loop.h"

namespace moq::h3 {

class WtRecvStream final : public RecvStream, public std::enable_shared_from_this<WtRecvStream> {
 public:
  // inner must be paused: it stays so until the leftover bytes have been delivered.
  static std::shared_ptr<WtRecvStream> create(EventLoop& loop, std::shared_ptr<RecvStream> inner,
                                              std::vector<uint8_t> leftover, bool fin);

  uint64_t id() const override { return inner_->id(); }
  void on_data(std::function<void(std::span<const uint8_t> data, bool fin)> callback) override;
  void on_reset(std::function<void(uint64_t code)> callback) override { inner_->on_reset(std::move(callback)); }
  void stop(uint64_t code) override;
  void pause() override;
  void resume() override;

  WtRecvStream(EventLoop& loop, std::shared_ptr<RecvStream> inner, std::vector<uint8_t> leftover, bool fin);

 private:
  void schedule_leftover();
  void deliver_leftover();

  EventLoop& loop_;
  std::shared_ptr<RecvStream> inner_;
  std::vector<uint8_t> leftover_;
  bool fin_;
  bool leftover_done_ = false;
  bool delivery_posted_ = false;
  bool paused_ = false;
  bool stopped_ = false;
  // Owned by the QUIC stream's data callback; the leftover is delivered through it.
  std::weak_ptr<std::function<void(std::span<const uint8_t>, bool)>> on_data_;
};

}  // namespace moq::h3
