#include "authorized_origin.h"

#include <utility>

#include "moq/error.h"

namespace moq::relay {

AuthorizedOrigin::AuthorizedOrigin(std::shared_ptr<Origin> relay, std::function<void(const std::string&)> on_refused)
    : relay_(std::move(relay)), on_refused_(std::move(on_refused)) {
  nothing_.live();
}

void AuthorizedOrigin::grant(auth::Claims claims) { claims_ = std::move(claims); }

std::optional<TrackConsumer> AuthorizedOrigin::track(const Path& path, GroupRange range) {
  if (claims_ && claims_->may_subscribe(path)) return relay_->track(path, range);
  std::string why = !claims_ ? "no valid token"
                    : claims_->subscribe ? "token allows subscribing under \"" + claims_->subscribe->to_string() + "\" only"
                                         : "token does not allow subscribing";
  if (on_refused_) on_refused_("refused subscription to " + path.to_string() + ": " + why);
  TrackProducer refused(Track{.path = path});
  TrackConsumer consumer = refused.consume(range);
  refused.abort(code::required_extension);
  return consumer;
}

AnnouncedConsumer AuthorizedOrigin::announced(const Path& prefix) {
  if (!claims_ || !claims_->subscribe) return nothing_.consume(prefix);
  const Path& allowed = *claims_->subscribe;
  if (prefix.has_prefix(allowed)) return relay_->announced(prefix);
  if (!visible_) {
    visible_.emplace();
    // The callback belongs to a handle this origin owns.
    visible_source_ = relay_->announced(allowed);
    visible_source_->on_change([this] { pump_visible(); });
    pump_visible();
  }
  return visible_->consume(prefix);
}

void AuthorizedOrigin::pump_visible() {
  for (;;) {
    Poll<Announcement> next = Poll<Announcement>::pending();
    try {
      next = visible_source_->next();
    } catch (const Error& error) {
      visible_->abort(error.code());
      return;
    }
    if (next.is_pending()) return;
    if (next.is_end()) {
      visible_->finish();
      return;
    }
    const Announcement& change = next.value();
    Path path = claims_->subscribe->join(change.name);
    switch (change.kind) {
      case Announcement::Kind::active:
        if (!visible_->active(path)) visible_->announce(path);
        break;
      case Announcement::Kind::ended:
        if (visible_->active(path)) visible_->unannounce(path);
        break;
      case Announcement::Kind::live:
        visible_->live();
        break;
    }
  }
}

}  // namespace moq::relay
