#include "track_reader.h"

#include <variant>

namespace moq::test {

TrackReader::TrackReader(TrackConsumer track) : track_(std::move(track)) {
  track_.on_change([this] { poll_track(); });
  poll_track();
}

void TrackReader::poll_track() {
  try {
    for (auto item = track_.next_group(); !item.is_pending(); item = track_.next_group()) {
      if (item.is_end()) {
        ended_ = true;
        break;
      }
      if (auto* dropped = std::get_if<GroupsDropped>(&item.value())) {
        dropped_ += dropped->count;
        continue;
      }
      auto& group = groups_.emplace_back(std::get<GroupConsumer>(std::move(item).value()));
      sequences_.push_back(group.sequence());
      group.on_change([this] { poll_groups(); });
    }
  } catch (const Error& error) {
    failure_ = error;
  }
  poll_groups();
}

void TrackReader::poll_groups() {
  for (auto group = groups_.begin(); group != groups_.end();) {
    bool done = false;
    try {
      for (auto frame = group->read_frame(); !frame.is_pending(); frame = group->read_frame()) {
        if (frame.is_end()) {
          done = true;
          break;
        }
        bytes_ += frame.value().size();
        ++frames_;
      }
    } catch (const Error&) {
      done = true;  // a group reset by the publisher (dropped under congestion)
    }
    group = done ? groups_.erase(group) : std::next(group);
  }
}

}  // namespace moq::test
