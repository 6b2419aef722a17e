#include "moq/change_notifier.h"

#include <algorithm>

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
  // The snapshot keeps each callback alive while it runs, even if it unregisters itself.
  const std::vector<std::shared_ptr<Listener>> snapshot = listeners_;
  for (const auto& listener : snapshot) {
    if (listener->active) {
      listener->callback();
    }
  }
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
  }
  listener_.reset();
  notifier_.reset();
}

}  // namespace moq
