#include "counting_connection.h"

#include <utility>

namespace moq::relay {

namespace {

class CountingSendStream final : public SendStream {
 public:
  CountingSendStream(std::shared_ptr<SendStream> inner, std::shared_ptr<TrafficCounters> counters)
      : inner_(std::move(inner)), counters_(std::move(counters)) {}

  uint64_t id() const override { return inner_->id(); }
  void write(Bytes data) override {
    counters_->bytes_out += data.size();
    inner_->write(std::move(data));
  }
  void finish() override { inner_->finish(); }
  void reset(uint64_t code) override {
    ++counters_->groups_reset_out;
    inner_->reset(code);
  }
  void set_priority(int64_t priority) override { inner_->set_priority(priority); }
  uint64_t unacked() const override { return inner_->unacked(); }
  bool writable() const override { return inner_->writable(); }
  void on_writable(std::function<void()> callback) override { inner_->on_writable(std::move(callback)); }
  void on_stopped(std::function<void(uint64_t)> callback) override { inner_->on_stopped(std::move(callback)); }
  void on_acked(std::function<void()> callback) override { inner_->on_acked(std::move(callback)); }
  void on_ack_progress(std::function<void()> callback) override { inner_->on_ack_progress(std::move(callback)); }

 private:
  std::shared_ptr<SendStream> inner_;
  std::shared_ptr<TrafficCounters> counters_;
};

}  // namespace

std::shared_ptr<SendStream> CountingConnection::open_uni() {
  auto stream = inner_->open_uni();
  ++counters_->groups_out;
  return std::make_shared<CountingSendStream>(std::move(stream), counters_);
}

}  // namespace moq::relay
