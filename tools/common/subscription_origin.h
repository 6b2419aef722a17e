#pragma once
// The origin one session of a publishing tool (moq-pub, moq-bench) serves: the shared one, plus a
// call each time the peer subscribes to something that exists, so the tool learns when to start
// producing and whose delivery to wait for.

#include <functional>
#include <memory>

#include "moq/origin.h"

namespace moq::pub {

class SubscriptionOrigin final : public Origin {
 public:
  SubscriptionOrigin(std::shared_ptr<Origin> inner, std::function<void()> on_subscribed)
      : inner_(std::move(inner)), on_subscribed_(std::move(on_subscribed)) {}

  std::optional<TrackConsumer> track(const Path& path, GroupRange range) override {
    auto track = inner_->track(path, range);
    if (track) on_subscribed_();
    return track;
  }
  AnnouncedConsumer announced(const Path& prefix) override { return inner_->announced(prefix); }

 private:
  std::shared_ptr<Origin> inner_;
  std::function<void()> on_subscribed_;
};

}  // namespace moq::pub
