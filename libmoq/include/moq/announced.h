#pragma once
// A changing set of announced track paths, and consumers that follow it under a prefix, as an
// announce stream carries it: active for each path that exists, live once the initial set is
// complete, then active/ended as paths come and go. A session fills one from a peer's announce
// stream; an origin fills one from what it publishes.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "moq/broadcast.h"
#include "moq/change_notifier.h"
#include "moq/path.h"
#include "moq/poll.h"

namespace moq {

namespace detail {
struct AnnouncedState;
struct AnnouncedQueue;
}  // namespace detail

class AnnouncedConsumer;

// Writes the set. Copies share it. Never blocks.
class AnnouncedProducer {
 public:
  AnnouncedProducer();

  // Throws moq::Error(12) if the path is active already.
  void announce(const Path& path);
  // Throws moq::Error(13) if the path is not active.
  void unannounce(const Path& path);
  bool active(const Path& path) const;
  // The paths active so far are the whole initial set: consumers see live after them (at
  // once for consumers created later). Idempotent.
  void live();
  // Every active path ends, then consumers return end. Idempotent.
  void finish();
  // Consumers throw moq::Error(code). Does nothing once finished or aborted.
  void abort(uint64_t code);

  // Follows paths under prefix; names in its announcements are relative to prefix.
  AnnouncedConsumer consume(const Path& prefix = {});
  size_t consumer_count() const;
  // Called each time the last consumer goes away. Replaces the previous callback.
  void on_unused(std::function<void()> callback);

 private:
  std::shared_ptr<detail::AnnouncedState> state_;
};

// Follows the set from its own position; a copy continues from the same position on its own.
class AnnouncedConsumer {
 public:
  AnnouncedConsumer(const AnnouncedConsumer& other);
  AnnouncedConsumer& operator=(const AnnouncedConsumer& other);
  AnnouncedConsumer(AnnouncedConsumer&&) noexcept = default;
  AnnouncedConsumer& operator=(AnnouncedConsumer&&) noexcept = default;
  ~AnnouncedConsumer() = default;

  const Path& prefix() const;
  // The next change; end once the producer finished and everything was read. Throws
  // moq::Error(code) once the producer aborted.
  Poll<Announcement> next();
  // Called when next() might return something new. Replaces the previous callback.
  void on_change(std::function<void()> callback);

 private:
  friend class AnnouncedProducer;
  explicit AnnouncedConsumer(std::shared_ptr<detail::AnnouncedQueue> queue);
  std::shared_ptr<detail::AnnouncedQueue> queue_;
  ChangeCallback callback_;
};

}  // namespace moq
