#include "moq/announced.h"

#include <algorithm>
#include <list>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "moq/error.h"

namespace moq {

namespace detail {

// One consumer position: the changes it has not read yet, already relative to its prefix.
struct AnnouncedQueue {
  AnnouncedQueue(std::shared_ptr<AnnouncedState> state, Path prefix);
  AnnouncedQueue(const AnnouncedQueue&) = delete;
  AnnouncedQueue& operator=(const AnnouncedQueue&) = delete;
  ~AnnouncedQueue();

  std::shared_ptr<AnnouncedState> state;
  Path prefix;
  std::list<Announcement> events;  // usually empty: a list holds nothing then, a deque ~576 bytes
  std::shared_ptr<ChangeNotifier> notifier = std::make_shared<ChangeNotifier>();
};

struct AnnouncedState {
  std::set<Path> active;
  bool live = false;
  bool finished = false;
  std::optional<uint64_t> abort_code;
  std::vector<AnnouncedQueue*> queues;
  std::function<void()> on_unused;

  bool ended() const { return finished || abort_code.has_value(); }

  // Appends the change to every queue whose prefix covers path, then tells them.
  void push(Announcement::Kind kind, const Path& path) {
    std::vector<std::shared_ptr<ChangeNotifier>> notify;
    for (AnnouncedQueue* queue : queues) {
      if (!path.has_prefix(queue->prefix)) continue;
      queue->events.push_back({kind, path.strip_prefix(queue->prefix)});
      notify.push_back(queue->notifier);
    }
    for (const auto& notifier : notify) notifier->notify();
  }

  void notify_all() {
    std::vector<std::shared_ptr<ChangeNotifier>> notify;
    for (AnnouncedQueue* queue : queues) notify.push_back(queue->notifier);
    for (const auto& notifier : notify) notifier->notify();
  }
};

AnnouncedQueue::AnnouncedQueue(std::shared_ptr<AnnouncedState> state_, Path prefix_)
    : state(std::move(state_)), prefix(std::move(prefix_)) {
  state->queues.push_back(this);
}

AnnouncedQueue::~AnnouncedQueue() {
  auto& queues = state->queues;
  queues.erase(std::remove(queues.begin(), queues.end(), this), queues.end());
  if (queues.empty() && state->on_unused) {
    auto callback = state->on_unused;
    callback();
  }
}

}  // namespace detail

AnnouncedProducer::AnnouncedProducer() : state_(std::make_shared<detail::AnnouncedState>()) {}

void AnnouncedProducer::announce(const Path& path) {
  if (state_->ended()) return;
  if (!state_->active.insert(path).second) {
    throw Error(code::duplicate, "already announced: " + path.to_string());
  }
  state_->push(Announcement::Kind::active, path);
}

void AnnouncedProducer::unannounce(const Path& path) {
  if (state_->ended()) return;
  if (state_->active.erase(path) == 0) {
    throw Error(code::not_found, "not announced: " + path.to_string());
  }
  state_->push(Announcement::Kind::ended, path);
}

bool AnnouncedProducer::active(const Path& path) const { return state_->active.count(path) > 0; }

void AnnouncedProducer::live() {
  if (state_->live || state_->ended()) return;
  state_->live = true;
  for (detail::AnnouncedQueue* queue : state_->queues) queue->events.push_back({Announcement::Kind::live, Path()});
  state_->notify_all();
}

void AnnouncedProducer::finish() {
  if (state_->ended()) return;
  std::set<Path> active = std::exchange(state_->active, {});
  for (const Path& path : active) state_->push(Announcement::Kind::ended, path);
  state_->finished = true;
  state_->notify_all();
}

void AnnouncedProducer::abort(uint64_t code) {
  if (state_->ended()) return;
  state_->abort_code = code;
  state_->notify_all();
}

AnnouncedConsumer AnnouncedProducer::consume(const Path& prefix) {
  auto queue = std::make_shared<detail::AnnouncedQueue>(state_, prefix);
  for (const Path& path : state_->active) {
    if (path.has_prefix(prefix)) queue->events.push_back({Announcement::Kind::active, path.strip_prefix(prefix)});
  }
  if (state_->live) queue->events.push_back({Announcement::Kind::live, Path()});
  return AnnouncedConsumer(std::move(queue));
}

size_t AnnouncedProducer::consumer_count() const { return state_->queues.size(); }

void AnnouncedProducer::on_unused(std::function<void()> callback) { state_->on_unused = std::move(callback); }

AnnouncedConsumer::AnnouncedConsumer(std::shared_ptr<detail::AnnouncedQueue> queue) : queue_(std::move(queue)) {}

AnnouncedConsumer::AnnouncedConsumer(const AnnouncedConsumer& other)
    : queue_(std::make_shared<detail::AnnouncedQueue>(other.queue_->state, other.queue_->prefix)) {
  queue_->events = other.queue_->events;
}

AnnouncedConsumer& AnnouncedConsumer::operator=(const AnnouncedConsumer& other) {
  if (this != &other) *this = AnnouncedConsumer(other);
  return *this;
}

const Path& AnnouncedConsumer::prefix() const { return queue_->prefix; }

Poll<Announcement> AnnouncedConsumer::next() {
  if (queue_->state->abort_code) {
    throw Error(*queue_->state->abort_code, "announcements aborted");
  }
  if (!queue_->events.empty()) {
    Announcement event = std::move(queue_->events.front());
    queue_->events.pop_front();
    return Poll<Announcement>::ready(std::move(event));
  }
  return queue_->state->finished ? Poll<Announcement>::end() : Poll<Announcement>::pending();
}

void AnnouncedConsumer::on_change(std::function<void()> callback) {
  callback_ = ChangeNotifier::listen(queue_->notifier, std::move(callback));
}

}  // namespace moq
