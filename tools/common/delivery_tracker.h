#pragma once
// A moq::Connection that passes everything through to the real one and keeps count of what the
// peer has acknowledged, so a publishing tool (moq-pub, moq-bench) can stop producing while a
// subscriber is behind and know when a subscriber has everything. Counted: bytes written on
// every send stream, and the streams still in flight (group streams until acknowledged or reset;
// other streams between their FIN and its acknowledgement).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "moq/connection.h"

namespace moq::pub {

struct DeliveryCounts {
  uint64_t written = 0;   // bytes handed to send streams
  uint64_t in_flight = 0;  // streams whose data or FIN is not acknowledged yet
};

class DeliveryTracker final : public Connection {
 public:
  explicit DeliveryTracker(std::shared_ptr<Connection> inner);

  // Bytes written and acknowledged (or abandoned by a reset).
  uint64_t delivered() const;
  uint64_t streams_in_flight() const { return counts_->in_flight; }

  BiStream open_bi() override;
  std::shared_ptr<SendStream> open_uni() override;
  void on_bi(std::function<void(BiStream)> callback) override;
  void on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) override;
  void close(uint64_t code, std::string_view reason) override;
  void on_closed(std::function<void(const Error&)> callback) override;
  bool closed() const override;
  std::string protocol() const override;
  std::string peer_address() const override;
  std::string path() const override;

 private:
  class CountedStream;
  std::shared_ptr<SendStream> track(std::shared_ptr<SendStream> stream, bool in_flight_from_start);

  std::shared_ptr<Connection> inner_;
  std::shared_ptr<DeliveryCounts> counts_ = std::make_shared<DeliveryCounts>();
  // Live streams, to sum what they have not had acknowledged yet.
  std::shared_ptr<std::vector<std::weak_ptr<SendStream>>> streams_ =
      std::make_shared<std::vector<std::weak_ptr<SendStream>>>();
};

}  // namespace moq::pub
