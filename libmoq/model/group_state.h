#pragma once
// The shared state of one group: its frames, its end, and the rules for writing it. Producer
// handles, consumer handles and the track's cache all hold it by shared_ptr.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "model/frame_state.h"
#include "moq/bytes.h"
#include "moq/change_notifier.h"

namespace moq::detail {

struct GroupState {
  explicit GroupState(uint64_t sequence) : sequence(sequence) {}

  bool ended() const noexcept { return finished || abort_code.has_value(); }
  void throw_if_aborted() const;

  // Producer operations. Each mutates, then notifies; they throw moq::Error on misuse, and
  // abort the group with code 14 first when the misuse is a frame size mismatch.
  std::shared_ptr<FrameState> create_frame(uint64_t size);
  void write_frame(Bytes payload);
  void write_chunk(FrameState& frame, Bytes chunk);
  void finish_frame(FrameState& frame);
  void finish();
  void abort(uint64_t code);

  const uint64_t sequence;
  std::vector<std::shared_ptr<FrameState>> frames;
  uint64_t bytes = 0;
  // While the group is in a track's cache: that cache's byte total, kept current as frames come
  // in, so the cache bounds are checked without summing every group.
  std::shared_ptr<uint64_t> cache_bytes;
  bool finished = false;
  std::optional<uint64_t> abort_code;
  ChangeNotifier notifier;

 private:
  void add_bytes(uint64_t count);
  // Checks that a new frame may start; aborts with 14 if the previous one is incomplete.
  void check_can_start_frame();
  // Aborts with 14 and throws.
  [[noreturn]] void fail_wrong_size(const char* what);
};

// One per set of GroupProducer copies: the last copy going away cancels an unfinished group.
struct GroupProducerLink {
  explicit GroupProducerLink(std::shared_ptr<GroupState> group) : group(std::move(group)) {}
  GroupProducerLink(const GroupProducerLink&) = delete;
  GroupProducerLink& operator=(const GroupProducerLink&) = delete;
  ~GroupProducerLink();

  const std::shared_ptr<GroupState> group;
};

// One per set of FrameProducer copies: the last copy going away short of the size is a wrong
// size for the group.
struct FrameProducerLink {
  FrameProducerLink(std::shared_ptr<GroupState> group, std::shared_ptr<FrameState> frame)
      : group(std::move(group)), frame(std::move(frame)) {}
  FrameProducerLink(const FrameProducerLink&) = delete;
  FrameProducerLink& operator=(const FrameProducerLink&) = delete;
  ~FrameProducerLink();

  const std::shared_ptr<GroupState> group;
  const std::shared_ptr<FrameState> frame;
};

}  // namespace moq::detail
