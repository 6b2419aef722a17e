#include "delivery_tracker.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace moq::pub {

// Forwards to the real stream, counting bytes, and in flight from the moment it carries
// something that must be acknowledged until the acknowledgement or a reset.
class DeliveryTracker::CountedStream final : public SendStream {
 public:
  CountedStream(std::shared_ptr<SendStream> inner, std::shared_ptr<DeliveryCounts> counts, bool in_flight)
      : inner_(std::move(inner)), counts_(std::move(counts)) {
    if (in_flight) enter_flight();
    // One acknowledgement callback on the real stream; the session's goes through it.
    inner_->on_acked([counts = counts_, state = state_] {
      if (state->in_flight) {
        state->in_flight = false;
        --counts->in_flight;
      }
      state->acked = true;
      if (state->on_acked) state->on_acked();
    });
  }
  ~CountedStream() override { leave_flight(); }

  uint64_t id() const override { return inner_->id(); }
  void write(Bytes data) override {
    counts_->written += data.size();
    inner_->write(std::move(data));
  }
  void finish() override {
    if (!state_->acked) enter_flight();
    inner_->finish();
  }
  void reset(uint64_t code) override {
    leave_flight();
    inner_->reset(code);
  }
  void set_priority(int64_t priority) override { inner_->set_priority(priority); }
  uint64_t unacked() const override { return inner_->unacked(); }
  bool writable() const override { return inner_->writable(); }
  void on_writable(std::function<void()> callback) override { inner_->on_writable(std::move(callback)); }
  void on_stopped(std::function<void(uint64_t)> callback) override {
    inner_->on_stopped([this_state = state_, counts = counts_, callback = std::move(callback)](uint64_t code) {
      if (this_state->in_flight) {
        this_state->in_flight = false;
        --counts->in_flight;
      }
      if (callback) callback(code);
    });
  }
  void on_acked(std::function<void()> callback) override { state_->on_acked = std::move(callback); }
  void on_ack_progress(std::function<void()> callback) override { inner_->on_ack_progress(std::move(callback)); }

 private:
  struct State {
    bool in_flight = false;
    bool acked = false;
    std::function<void()> on_acked;
  };
  void enter_flight() {
    if (state_->in_flight) return;
    state_->in_flight = true;
    ++counts_->in_flight;
  }
  void leave_flight() {
    if (!state_->in_flight) return;
    state_->in_flight = false;
    --counts_->in_flight;
  }

  std::shared_ptr<SendStream> inner_;
  std::shared_ptr<DeliveryCounts> counts_;
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

DeliveryTracker::DeliveryTracker(std::shared_ptr<Connection> inner) : inner_(std::move(inner)) {}

std::shared_ptr<SendStream> DeliveryTracker::track(std::shared_ptr<SendStream> stream, bool in_flight_from_start) {
  auto counted = std::make_shared<CountedStream>(std::move(stream), counts_, in_flight_from_start);
  auto& streams = *streams_;
  std::erase_if(streams, [](const std::weak_ptr<SendStream>& weak) { return weak.expired(); });
  streams.push_back(counted);
  return counted;
}

uint64_t DeliveryTracker::delivered() const {
  uint64_t unacked = 0;
  for (const auto& weak : *streams_) {
    if (auto stream = weak.lock()) unacked += stream->unacked();
  }
  return counts_->written - std::min(unacked, counts_->written);
}

BiStream DeliveryTracker::open_bi() {
  BiStream stream = inner_->open_bi();
  stream.send = track(std::move(stream.send), false);
  return stream;
}

std::shared_ptr<SendStream> DeliveryTracker::open_uni() { return track(inner_->open_uni(), true); }

void DeliveryTracker::on_bi(std::function<void(BiStream)> callback) {
  std::weak_ptr<std::vector<std::weak_ptr<SendStream>>> alive = streams_;
  inner_->on_bi([this, alive, callback = std::move(callback)](BiStream stream) {
    if (alive.lock()) stream.send = track(std::move(stream.send), false);
    callback(std::move(stream));
  });
}

void DeliveryTracker::on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) {
  inner_->on_uni(std::move(callback));
}

void DeliveryTracker::close(uint64_t code, std::string_view reason) { inner_->close(code, reason); }
void DeliveryTracker::on_closed(std::function<void(const Error&)> callback) { inner_->on_closed(std::move(callback)); }
bool DeliveryTracker::closed() const { return inner_->closed(); }
std::string DeliveryTracker::protocol() const { return inner_->protocol(); }
std::string DeliveryTracker::peer_address() const { return inner_->peer_address(); }
std::string DeliveryTracker::path() const { return inner_->path(); }

}  // namespace moq::pub
