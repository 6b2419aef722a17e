#pragma once
// A moq::Connection in front of the real one that lets a subscriber hold the publisher back:
// it counts the bytes arriving on data (uni) streams and, while the caller says it is too far
// behind, pauses every receive stream, so QUIC flow control stops the sender instead of the
// local track growing or dropping groups. Control streams are held too and resumed after the
// data streams, so a subscription's end is never read before the groups that came before it.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "moq/connection.h"

namespace moq::tool {

class ReceivePacer final : public Connection {
 public:
  explicit ReceivePacer(std::shared_ptr<Connection> inner);

  // Bytes received on uni streams so far.
  uint64_t received() const { return state_->received; }
  // Pauses or resumes every uni stream, present and future.
  void hold(bool held);

  BiStream open_bi() override;
  std::shared_ptr<SendStream> open_uni() override { return inner_->open_uni(); }
  void on_bi(std::function<void(BiStream)> callback) override;
  void on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) override;
  void close(uint64_t code, std::string_view reason) override { inner_->close(code, reason); }
  void on_closed(std::function<void(const Error&)> callback) override { inner_->on_closed(std::move(callback)); }
  bool closed() const override { return inner_->closed(); }
  std::string protocol() const override { return inner_->protocol(); }
  std::string peer_address() const override { return inner_->peer_address(); }
  std::string path() const override { return inner_->path(); }

 private:
  struct State {
    uint64_t received = 0;
    bool held = false;
    std::vector<std::weak_ptr<RecvStream>> data_streams;
    std::vector<std::weak_ptr<RecvStream>> control_streams;
    void add(std::vector<std::weak_ptr<RecvStream>>& list, const std::shared_ptr<RecvStream>& stream);
  };
  class CountedStream;

  std::shared_ptr<Connection> inner_;
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace moq::tool
