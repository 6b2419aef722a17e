#include "memory_connection.h"

#include <iterator>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace memory {

size_t Network::run() {
  size_t count = 0;
  while (!tasks_.empty()) {
    auto chosen = pick();
    std::function<void()> task = std::move(chosen->run);
    tasks_.erase(chosen);
    task();
    ++count;
  }
  return count;
}

std::deque<Network::Task>::iterator Network::pick() {
  if (!by_priority_) return tasks_.begin();
  const auto priority_of = [](const Task& task) { return task.priority ? task.priority() : 0; };
  auto best = tasks_.begin();
  for (auto it = std::next(best); it != tasks_.end(); ++it) {
    if (priority_of(*it) > priority_of(*best)) best = it;
  }
  return best;
}

namespace {

class Side;

// One direction of one stream: the sender's queue and the receiver's buffer.
struct Pipe : std::enable_shared_from_this<Pipe> {
  Pipe(Network& net, uint64_t id, uint64_t write_limit) : net(net), id(id), write_limit(write_limit) {}

  Network& net;
  uint64_t id;
  uint64_t write_limit;
  std::weak_ptr<Side> sender;
  std::weak_ptr<Side> receiver;
  // Set on the pipe that opens a stream: the receiver learns of the stream on first delivery.
  std::function<void()> announce;

  // Sender.
  std::deque<moq::Bytes> unsent;
  uint64_t unsent_bytes = 0;
  bool fin_queued = false;
  std::optional<uint64_t> reset_code;
  bool was_unwritable = false;
  bool acked_reported = false;
  int64_t priority = 0;
  std::function<void()> on_writable;
  std::function<void(uint64_t)> on_stopped;
  std::function<void()> on_acked;
  std::function<void()> on_ack_progress;

  // Receiver.
  std::vector<uint8_t> received;
  bool fin_received = false;
  bool fin_reported = false;
  bool reset_reported = false;
  bool paused = false;
  bool stopped = false;
  std::function<void(std::span<const uint8_t>, bool)> on_data;
  std::function<void(uint64_t)> on_reset;

  bool scheduled = false;

  bool writable() const { return unsent_bytes < write_limit; }
  bool closed() const;
  void schedule() {
    if (scheduled) return;
    scheduled = true;
    net.post(
        [self = shared_from_this()] {
          self->scheduled = false;
          self->deliver();
        },
        [weak = weak_from_this()] {
          auto self = weak.lock();
          return self ? self->priority : 0;
        });
  }
  void deliver();
  void flush_to_receiver();
};

class SendStream final : public moq::SendStream {
 public:
  explicit SendStream(std::shared_ptr<Pipe> pipe) : pipe_(std::move(pipe)) {}
  uint64_t id() const override { return pipe_->id; }
  void write(moq::Bytes data) override {
    if (pipe_->fin_queued || pipe_->reset_code) return;
    pipe_->unsent_bytes += data.size();
    pipe_->unsent.push_back(std::move(data));
    if (!pipe_->writable()) pipe_->was_unwritable = true;
    pipe_->schedule();
  }
  void finish() override {
    if (pipe_->fin_queued || pipe_->reset_code) return;
    pipe_->fin_queued = true;
    pipe_->schedule();
  }
  void reset(uint64_t code) override {
    if (pipe_->reset_code || (pipe_->fin_queued && pipe_->unsent.empty() && pipe_->acked_reported)) return;
    pipe_->reset_code = code;
    pipe_->unsent.clear();
    pipe_->unsent_bytes = 0;
    pipe_->schedule();
  }
  void set_priority(int64_t priority) override { pipe_->priority = priority; }
  uint64_t unacked() const override { return pipe_->unsent_bytes; }
  bool writable() const override { return pipe_->writable(); }
  void on_writable(std::function<void()> callback) override { pipe_->on_writable = std::move(callback); }
  void on_stopped(std::function<void(uint64_t)> callback) override {
    pipe_->on_stopped = std::move(callback);
  }
  void on_acked(std::function<void()> callback) override { pipe_->on_acked = std::move(callback); }
  void on_ack_progress(std::function<void()> callback) override { pipe_->on_ack_progress = std::move(callback); }

 private:
  std::shared_ptr<Pipe> pipe_;
};

class RecvStream final : public moq::RecvStream {
 public:
  explicit RecvStream(std::shared_ptr<Pipe> pipe) : pipe_(std::move(pipe)) {}
  uint64_t id() const override { return pipe_->id; }
  void on_data(std::function<void(std::span<const uint8_t>, bool)> callback) override {
    pipe_->on_data = std::move(callback);
    pipe_->schedule();
  }
  void on_reset(std::function<void(uint64_t)> callback) override {
    pipe_->on_reset = std::move(callback);
    pipe_->schedule();
  }
  void stop(uint64_t code) override {
    if (pipe_->stopped) return;
    pipe_->stopped = true;
    pipe_->received.clear();
    if (pipe_->fin_reported || pipe_->reset_code) return;
    pipe_->net.post([pipe = pipe_, code] {
      if (pipe->closed() || pipe->reset_code) return;
      pipe->unsent.clear();
      pipe->unsent_bytes = 0;
      if (auto callback = pipe->on_stopped) callback(code);
    });
  }
  void pause() override { pipe_->paused = true; }
  void resume() override {
    pipe_->paused = false;
    pipe_->schedule();
  }

 private:
  std::shared_ptr<Pipe> pipe_;
};

class Side final : public Endpoint, public std::enable_shared_from_this<Side> {
 public:
  Side(Network& net, bool is_client, ConnectionOptions options)
      : net_(net), is_client_(is_client), options_(options) {}

  std::weak_ptr<Side> peer;
  bool is_closed = false;

  moq::BiStream open_bi() override {
    check_open();
    uint64_t id = next_bi_++ * 4 + (is_client_ ? 0 : 1);
    auto out = make_pipe(id, weak_from_this(), peer);
    auto back = make_pipe(id, peer, weak_from_this());
    out->announce = [weak = std::weak_ptr<Pipe>(out), back] {
      auto pipe = weak.lock();
      if (auto side = pipe->receiver.lock()) {
        side->accept_bi({std::make_shared<SendStream>(back), std::make_shared<RecvStream>(pipe)});
      }
    };
    return {std::make_shared<SendStream>(out), std::make_shared<RecvStream>(back)};
  }

  std::shared_ptr<moq::SendStream> open_uni() override {
    check_open();
    uint64_t id = next_uni_++ * 4 + (is_client_ ? 2 : 3);
    auto out = make_pipe(id, weak_from_this(), peer);
    out->announce = [weak = std::weak_ptr<Pipe>(out)] {
      auto pipe = weak.lock();
      if (auto side = pipe->receiver.lock()) side->accept_uni(std::make_shared<RecvStream>(pipe));
    };
    return std::make_shared<SendStream>(out);
  }

  void on_bi(std::function<void(moq::BiStream)> callback) override {
    on_bi_ = std::move(callback);
    auto waiting = std::exchange(waiting_bi_, {});
    for (auto& stream : waiting) accept_bi(std::move(stream));
  }
  void on_uni(std::function<void(std::shared_ptr<moq::RecvStream>)> callback) override {
    on_uni_ = std::move(callback);
    auto waiting = std::exchange(waiting_uni_, {});
    for (auto& stream : waiting) accept_uni(std::move(stream));
  }

  void close(uint64_t code, std::string_view reason) override {
    if (is_closed) return;
    is_closed = true;
    moq::Error error(code, std::string(reason));
    net_.post([self = shared_from_this(), error] { self->report_closed(error); });
    if (auto other = peer.lock()) {
      net_.post([other, error] {
        if (other->is_closed) return;
        other->is_closed = true;
        other->report_closed(error);
      });
    }
  }
  void on_closed(std::function<void(const moq::Error&)> callback) override {
    on_closed_ = std::move(callback);
  }
  bool closed() const override { return is_closed; }
  std::string protocol() const override { return "memory"; }
  std::string peer_address() const override { return is_client_ ? "server" : "client"; }
  std::string path() const override { return "/"; }

  int64_t priority_of(uint64_t stream_id) const override {
    auto it = pipes_.find(stream_id);
    if (it == pipes_.end()) return 0;
    auto pipe = it->second.lock();
    return pipe ? pipe->priority : 0;
  }

  void accept_bi(moq::BiStream stream) {
    if (is_closed) return;
    if (!on_bi_) {
      waiting_bi_.push_back(std::move(stream));
      return;
    }
    auto callback = on_bi_;
    callback(std::move(stream));
  }
  void accept_uni(std::shared_ptr<moq::RecvStream> stream) {
    if (is_closed) return;
    if (!on_uni_) {
      waiting_uni_.push_back(std::move(stream));
      return;
    }
    auto callback = on_uni_;
    callback(std::move(stream));
  }

 private:
  void check_open() const {
    if (is_closed) throw moq::Error(moq::code::transport, "connection closed");
  }
  std::shared_ptr<Pipe> make_pipe(uint64_t id, std::weak_ptr<Side> sender, std::weak_ptr<Side> receiver) {
    auto pipe = std::make_shared<Pipe>(net_, id, options_.stream_write_limit);
    pipe->sender = std::move(sender);
    pipe->receiver = std::move(receiver);
    if (pipe->sender.lock().get() == this) pipes_[id] = pipe;
    return pipe;
  }
  void report_closed(const moq::Error& error) {
    if (auto callback = std::exchange(on_closed_, nullptr)) callback(error);
  }

  Network& net_;
  bool is_client_;
  ConnectionOptions options_;
  uint64_t next_bi_ = 0;
  uint64_t next_uni_ = 0;
  std::function<void(moq::BiStream)> on_bi_;
  std::function<void(std::shared_ptr<moq::RecvStream>)> on_uni_;
  std::vector<moq::BiStream> waiting_bi_;
  std::vector<std::shared_ptr<moq::RecvStream>> waiting_uni_;
  std::function<void(const moq::Error&)> on_closed_;
  std::map<uint64_t, std::weak_ptr<Pipe>> pipes_;
};

bool Pipe::closed() const {
  auto from = sender.lock();
  auto to = receiver.lock();
  return !from || !to || from->is_closed || to->is_closed;
}

void Pipe::deliver() {
  if (closed()) return;
  if (auto first = std::exchange(announce, nullptr)) first();
  if (reset_code) {
    if (reset_reported || fin_reported || stopped) return;
    received.clear();
    if (!on_reset) return;
    reset_reported = true;
    auto callback = on_reset;
    callback(*reset_code);
    return;
  }
  const bool had_unacked = unsent_bytes > 0;
  if (!paused && !stopped) {
    for (const moq::Bytes& chunk : unsent) received.insert(received.end(), chunk.data(), chunk.data() + chunk.size());
    unsent.clear();
    unsent_bytes = 0;
    if (fin_queued) fin_received = true;
  }
  flush_to_receiver();
  if (closed()) return;
  if (had_unacked && unsent_bytes == 0) {
    if (auto callback = on_ack_progress) callback();
  }
  if (was_unwritable && writable()) {
    was_unwritable = false;
    if (auto callback = on_writable) callback();
  }
  if (fin_received && !acked_reported && !reset_code) {
    acked_reported = true;
    if (auto callback = on_acked) callback();
  }
}

void Pipe::flush_to_receiver() {
  if (!on_data || paused || stopped || fin_reported) return;
  if (received.empty() && !fin_received) return;
  std::vector<uint8_t> data = std::exchange(received, {});
  fin_reported = fin_received;
  auto callback = on_data;
  callback(data, fin_reported);
}

}  // namespace

ConnectionPair connect(Network& network, ConnectionOptions options) {
  auto client = std::make_shared<Side>(network, true, options);
  auto server = std::make_shared<Side>(network, false, options);
  client->peer = server;
  server->peer = client;
  return {client, server};
}

}  // namespace memory
