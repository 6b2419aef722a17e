#pragma once
// What the interactive shell follows in the background, each printing its events as they come
// through a line printer: a subscription's groups and frames, a fetch's frames, the
// announcements under a prefix. Each keeps counts for `stats`.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "moq/announced.h"
#include "moq/group.h"
#include "moq/path.h"
#include "moq/track.h"

namespace moq::cat {

using PrintLine = std::function<void(const std::string& line)>;

class ShellSubscription {
 public:
  ShellSubscription(std::string path, TrackConsumer track, uint64_t preview_bytes, PrintLine print);
  ShellSubscription(const ShellSubscription&) = delete;
  ShellSubscription& operator=(const ShellSubscription&) = delete;

  bool ended() const { return ended_; }
  // "PATH: G groups, F frames, B bytes, D dropped" and whether it is still live.
  std::string summary() const;

 private:
  void poll();
  void read_group();

  std::string path_;
  TrackConsumer track_;
  std::optional<GroupConsumer> group_;
  uint64_t frame_index_ = 0;
  uint64_t preview_bytes_;
  PrintLine print_;
  uint64_t groups_ = 0;
  uint64_t frames_ = 0;
  uint64_t bytes_ = 0;
  uint64_t dropped_ = 0;
  bool ended_ = false;
};

class ShellFetch {
 public:
  // on_done: the group ended either way (called from the group's change callback).
  ShellFetch(std::string label, GroupConsumer group, uint64_t first_index, uint64_t preview_bytes, PrintLine print,
             std::function<void()> on_done);
  ShellFetch(const ShellFetch&) = delete;
  ShellFetch& operator=(const ShellFetch&) = delete;

 private:
  void poll();

  std::string label_;
  GroupConsumer group_;
  uint64_t frame_index_;
  uint64_t preview_bytes_;
  PrintLine print_;
  std::function<void()> on_done_;
  bool done_ = false;
};

class ShellAnnouncements {
 public:
  ShellAnnouncements(Path prefix, AnnouncedConsumer announced, PrintLine print);
  ShellAnnouncements(const ShellAnnouncements&) = delete;
  ShellAnnouncements& operator=(const ShellAnnouncements&) = delete;

  const Path& prefix() const { return prefix_; }
  uint64_t seen() const { return seen_; }

 private:
  void poll();

  Path prefix_;
  AnnouncedConsumer announced_;
  PrintLine print_;
  bool live_ = false;
  bool ended_ = false;
  uint64_t seen_ = 0;
};

}  // namespace moq::cat
