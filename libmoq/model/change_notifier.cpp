#include "moq/change_notifier.h"

#include <algorithm>
#include <array>
#include <span>

namespace moq {

ChangeCallback ChangeNotifier::listen(const std::shared_ptr<ChangeNotifier>& notifier,
                                      std::function<void()> callback) {
  ChangeCallback handle;
  handle.notifier_ = notifier;
  handle.listener_ = std::make_shared<Listener>(Listener{std::move(callback), true});
  notifier->listeners_.push_back(handle.listener_);
  return handle;
}

void ChangeNotifier::notify() const {
  // The snapshot keeps each callback alive while it runs, even if it unregisters itself. A few
  // listeners (the usual case: one per frame or group) are snapshot on the stack, not the heap.
  const auto call_active = [](std::span<const std::shared_ptr<Listener>> snapshot) {
    for (const auto& listener : snapshot) {
      if (listener->active) {
        listener->callback();
      }
    }
  };
  constexpr size_t inline_listeners = 4;
  const size_t count = listeners_.size();
  if (count == 0) {
    return;
  }
  if (count == 1) {
    const std::shared_ptr<Listener> only = listeners_.front();
    call_active(std::span(&only, 1));
    return;
  }
  if (count <= inline_listeners) {
    std::array<std::shared_ptr<Listener>, inline_listeners> snapshot;
    std::copy(listeners_.begin(), listeners_.end(), snapshot.begin());
    call_active(std::span(snapshot).first(count));
    return;
  }
  const std::vector<std::shared_ptr<Listener>> snapshot = listeners_;
  call_active(snapshot);
}

ChangeCallback& ChangeCallback::operator=(const ChangeCallback& other) noexcept {
  if (this != &other) {
    reset();
  }
  return *this;
}

ChangeCallback& ChangeCallback::operator=(ChangeCallback&& other) noexcept {
  if (this != &other) {
    reset();
    notifier_ = std::move(other.notifier_);
    listener_ = std::move(other.listener_);
  }
  return *this;
}

void ChangeCallback::reset() noexcept {
  if (!listener_) {
    return;
  }
  listener_->active = false;
  if (auto notifier = notifier_.lock()) {
    std::erase(notifier->listeners_, listener_);
    // A frame that every subscriber of a relay waited on may stay cached long after: the
    // room for their callbacks goes back once the last is gone.
    if (notifier->listeners_.empty()) notifier->listeners_.shrink_to_fit();
  }
  listener_.reset();
  notifier_.reset();
}

}  // namespace moq
