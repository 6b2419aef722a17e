#pragma once
// A connection that counts what the relay sends on it: every unidirectional stream the relay
// opens is a group stream of a served subscription, so opened streams are groups out, bytes
// written on them are bytes out, and streams reset are groups dropped for a slow subscriber.

#include <cstdint>
#include <memory>

#include "moq/connection.h"

namespace moq::relay {

struct TrafficCounters {
  uint64_t groups_out = 0;
  uint64_t bytes_out = 0;
  uint64_t groups_reset_out = 0;
};

class CountingConnection final : public Connection {
 public:
  CountingConnection(std::shared_ptr<Connection> inner, std::shared_ptr<TrafficCounters> counters)
      : inner_(std::move(inner)), counters_(std::move(counters)) {}

  BiStream open_bi() override { return inner_->open_bi(); }
  std::shared_ptr<SendStream> open_uni() override;
  void on_bi(std::function<void(BiStream)> callback) override { inner_->on_bi(std::move(callback)); }
  void on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) override {
    inner_->on_uni(std::move(callback));
  }
  void close(uint64_t code, std::string_view reason) override { inner_->close(code, reason); }
  void on_closed(std::function<void(const Error&)> callback) override { inner_->on_closed(std::move(callback)); }
  bool closed() const override { return inner_->closed(); }
  std::string protocol() const override { return inner_->protocol(); }
  std::string peer_address() const override { return inner_->peer_address(); }
  std::string path() const override { return inner_->path(); }

 private:
  std::shared_ptr<Connection> inner_;
  std::shared_ptr<TrafficCounters> counters_;
};

}  // namespace moq::relay
