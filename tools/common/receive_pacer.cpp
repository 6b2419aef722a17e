#include "receive_pacer.h"

#include <utility>

namespace moq::tool {

// Forwards to the real stream, counting what it delivers.
class ReceivePacer::CountedStream final : public RecvStream {
 public:
  CountedStream(std::shared_ptr<RecvStream> inner, std::shared_ptr<State> state)
      : inner_(std::move(inner)), state_(std::move(state)) {}

  uint64_t id() const override { return inner_->id(); }
  void on_data(std::function<void(std::span<const uint8_t>, bool)> callback) override {
    inner_->on_data([state = state_, callback = std::move(callback)](std::span<const uint8_t> data, bool fin) {
      state->received += data.size();
      callback(data, fin);
    });
  }
  void on_reset(std::function<void(uint64_t)> callback) override { inner_->on_reset(std::move(callback)); }
  void stop(uint64_t code) override { inner_->stop(code); }
  void pause() override { inner_->pause(); }
  void resume() override { inner_->resume(); }

 private:
  std::shared_ptr<RecvStream> inner_;
  std::shared_ptr<State> state_;
};

ReceivePacer::ReceivePacer(std::shared_ptr<Connection> inner) : inner_(std::move(inner)) {}

void ReceivePacer::State::add(std::vector<std::weak_ptr<RecvStream>>& list, const std::shared_ptr<RecvStream>& stream) {
  if (held) stream->pause();
  std::erase_if(list, [](const std::weak_ptr<RecvStream>& weak) { return weak.expired(); });
  list.push_back(stream);
}

void ReceivePacer::on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) {
  inner_->on_uni([state = state_, callback = std::move(callback)](std::shared_ptr<RecvStream> stream) {
    state->add(state->data_streams, stream);
    callback(std::make_shared<CountedStream>(std::move(stream), state));
  });
}

BiStream ReceivePacer::open_bi() {
  BiStream stream = inner_->open_bi();
  state_->add(state_->control_streams, stream.recv);
  return stream;
}

void ReceivePacer::on_bi(std::function<void(BiStream)> callback) {
  inner_->on_bi([state = state_, callback = std::move(callback)](BiStream stream) {
    state->add(state->control_streams, stream.recv);
    callback(std::move(stream));
  });
}

void ReceivePacer::hold(bool held) {
  if (state_->held == held) return;
  state_->held = held;
  // Held data is delivered in the order of resume() calls: data streams first.
  for (auto* list : {&state_->data_streams, &state_->control_streams}) {
    for (const auto& weak : *list) {
      if (auto stream = weak.lock()) {
        if (held) {
          stream->pause();
        } else {
          stream->resume();
        }
      }
    }
  }
}

}  // namespace moq::tool
