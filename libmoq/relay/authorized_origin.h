#pragma once
// The relay as one session of a relay with --auth-key sees it: only the tracks and
// announcements its token allows it to subscribe to, and nothing at all until the token has
// been checked (grant).

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "moq/announced.h"
#include "moq/auth.h"
#include "moq/origin.h"

namespace moq::relay {

class AuthorizedOrigin final : public Origin {
 public:
  // on_refused reports each subscription refused, for the relay's log.
  AuthorizedOrigin(std::shared_ptr<Origin> relay, std::function<void(const std::string&)> on_refused);

  void grant(auth::Claims claims);
  bool may_publish(const Path& path) const { return claims_ && claims_->may_publish(path); }

  // Outside the subscribe prefix: a track aborted with 1, which resets the subscribe stream.
  std::optional<TrackConsumer> track(const Path& path, GroupRange range) override;
  AnnouncedConsumer announced(const Path& prefix) override;

 private:
  void pump_visible();

  std::shared_ptr<Origin> relay_;
  std::function<void(const std::string&)> on_refused_;
  std::optional<auth::Claims> claims_;
  // Announces nothing, for a session that may not subscribe.
  AnnouncedProducer nothing_;
  // The relay's announcements under the subscribe prefix, by full path, for announce requests
  // of a wider prefix. Made on the first such request; kept while the session lasts.
  std::optional<AnnouncedProducer> visible_;
  std::optional<AnnouncedConsumer> visible_source_;
};

}  // namespace moq::relay
