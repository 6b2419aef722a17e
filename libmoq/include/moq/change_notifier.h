#pragma once
// Change notification for polled consumers. The model has no event loop: a consumer registers a
// callback, and the producer side calls it synchronously whenever a poll might now return
// something new. A call is a hint, never a promise: the callback should poll, and "pending" is
// a possible answer.
//
// Callbacks may do anything, including unregistering themselves or others, destroying the
// consumer that owns them, or writing to another producer. They must not throw.

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace moq {

class ChangeCallback;

class ChangeNotifier {
 public:
  ChangeNotifier() = default;
  ChangeNotifier(const ChangeNotifier&) = delete;
  ChangeNotifier& operator=(const ChangeNotifier&) = delete;

  // Registers callback for as long as the returned handle lives. notifier may alias the state
  // that holds it, so the handle unregisters safely whichever of the two goes first.
  static ChangeCallback listen(const std::shared_ptr<ChangeNotifier>& notifier,
                               std::function<void()> callback);

  // Calls each callback registered when notify() starts that is still registered when its turn
  // comes. Touches nothing of *this once the calls begin, so a callback may destroy the owner.
  void notify() const;

  size_t listener_count() const noexcept { return listeners_.size(); }
  // Listeners there is room for without allocating (memory kept for them).
  size_t listener_capacity() const noexcept { return listeners_.capacity(); }

 private:
  friend class ChangeCallback;
  struct Listener {
    std::function<void()> callback;
    bool active = true;
  };
  std::vector<std::shared_ptr<Listener>> listeners_;
};

// The registration of one callback; unregisters when destroyed or reset. Each consumer handle
// owns its own: a copy of a consumer starts without a callback, so a copy is empty here too.
class ChangeCallback {
 public:
  ChangeCallback() = default;
  ChangeCallback(const ChangeCallback&) noexcept {}
  ChangeCallback& operator=(const ChangeCallback& other) noexcept;
  ChangeCallback(ChangeCallback&&) noexcept = default;
  ChangeCallback& operator=(ChangeCallback&& other) noexcept;
  ~ChangeCallback() { reset(); }

  void reset() noexcept;

 private:
  friend class ChangeNotifier;
  std::weak_ptr<ChangeNotifier> notifier_;
  std::shared_ptr<ChangeNotifier::Listener> listener_;
};

}  // namespace moq
