#include "model/broadcast_state.h"

namespace moq::detail {

void BroadcastState::end() {
  ended = true;
  // The track handles are released after the state is consistent and consumers were told:
  // releasing them may cancel tracks, whose callbacks may look at this broadcast.
  auto released = std::move(tracks);
  tracks.clear();
  notifier.notify();
}

}  // namespace moq::detail
