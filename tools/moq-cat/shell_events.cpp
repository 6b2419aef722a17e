#include "shell_events.h"

#include <chrono>
#include <utility>
#include <variant>

#include "frame_preview.h"
#include "moq/error.h"

namespace moq::cat {

namespace {

std::string failure_text(const Error& error) {
  std::string what = error.what();
  return (what.empty() ? "" : what + " ") + "(" + code_name(error.code()) + ")";
}

std::string now() { return clock_time(std::chrono::system_clock::now()); }

}  // namespace

ShellSubscription::ShellSubscription(std::string path, TrackConsumer track, uint64_t preview_bytes, PrintLine print)
    : path_(std::move(path)), track_(std::move(track)), preview_bytes_(preview_bytes), print_(std::move(print)) {
  // The callbacks belong to consumers this object owns: they never outlive it.
  track_.on_change([this] { poll(); });
  poll();
}

std::string ShellSubscription::summary() const {
  return path_ + ": " + std::to_string(groups_) + " groups, " + std::to_string(frames_) + " frames, " +
         std::to_string(bytes_) + " bytes, " + std::to_string(dropped_) + " dropped" + (ended_ ? ", ended" : "");
}

void ShellSubscription::poll() {
  try {
    while (!ended_) {
      if (group_) {
        read_group();
        if (group_) return;
        continue;
      }
      auto item = track_.next_group();
      if (item.is_pending()) return;
      if (item.is_end()) {
        ended_ = true;
        print_("[" + path_ + "] track ended");
        return;
      }
      if (auto* dropped = std::get_if<GroupsDropped>(&item.value())) {
        dropped_ += dropped->count;
        print_("[" + path_ + "] groups " + std::to_string(dropped->first) + ".." +
               std::to_string(dropped->first + dropped->count - 1) + " dropped");
        continue;
      }
      group_.emplace(std::move(std::get<GroupConsumer>(item.value())));
      frame_index_ = 0;
      ++groups_;
      group_->on_change([this] { poll(); });
    }
  } catch (const Error& error) {
    ended_ = true;
    group_.reset();
    print_("[" + path_ + "] failed: " + failure_text(error));
  }
}

void ShellSubscription::read_group() {
  try {
    for (;;) {
      auto frame = group_->read_frame();
      if (frame.is_pending()) return;
      if (frame.is_end()) break;
      ++frames_;
      bytes_ += frame.value().size();
      print_("[" + path_ + "] group " + std::to_string(group_->sequence()) + " frame " +
             std::to_string(frame_index_++) + " at " + now() + ": " + preview(frame.value(), preview_bytes_));
    }
  } catch (const Error& error) {
    print_("[" + path_ + "] group " + std::to_string(group_->sequence()) + " cut short: " + failure_text(error));
  }
  group_.reset();
}

ShellFetch::ShellFetch(std::string label, GroupConsumer group, uint64_t first_index, uint64_t preview_bytes,
                       PrintLine print, std::function<void()> on_done)
    : label_(std::move(label)),
      group_(std::move(group)),
      frame_index_(first_index),
      preview_bytes_(preview_bytes),
      print_(std::move(print)),
      on_done_(std::move(on_done)) {
  group_.on_change([this] { poll(); });
  poll();
}

void ShellFetch::poll() {
  if (done_) return;
  try {
    for (;;) {
      auto frame = group_.read_frame();
      if (frame.is_pending()) return;
      if (frame.is_end()) {
        print_("[" + label_ + "] end");
        break;
      }
      print_("[" + label_ + "] frame " + std::to_string(frame_index_++) + ": " + preview(frame.value(), preview_bytes_));
    }
  } catch (const Error& error) {
    print_("[" + label_ + "] failed: " + failure_text(error));
  }
  done_ = true;
  on_done_();
}

ShellAnnouncements::ShellAnnouncements(Path prefix, AnnouncedConsumer announced, PrintLine print)
    : prefix_(std::move(prefix)), announced_(std::move(announced)), print_(std::move(print)) {
  announced_.on_change([this] { poll(); });
  poll();
}

void ShellAnnouncements::poll() {
  try {
    while (!ended_) {
      auto item = announced_.next();
      if (item.is_pending()) return;
      if (item.is_end()) {
        ended_ = true;
        return;
      }
      const Announcement& change = item.value();
      const std::string path = prefix_.join(change.name).to_string();
      switch (change.kind) {
        case Announcement::Kind::active:
          ++seen_;
          print_((live_ ? "announced + " : "announced ") + path);
          break;
        case Announcement::Kind::ended:
          print_("announced - " + path);
          break;
        case Announcement::Kind::live:
          live_ = true;
          break;
      }
    }
  } catch (const Error& error) {
    ended_ = true;
    print_("announcements under '" + prefix_.to_string() + "' failed: " + failure_text(error));
  }
}

}  // namespace moq::cat
