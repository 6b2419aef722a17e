#include "moq/wire/decode.h"
#include "publisher.h"
#include "session_state.h"

namespace moq::session {

void ServedFetch::on_receive() {
  auto state = session();
  if (!state || writer_) return;  // after the request, only the peer's FIN can come
  auto request = buffer_.try_decode<wire::Fetch>();
  if (!request) {
    if (fin_ && !buffer_.empty()) throw Error(code::decode, "stream ended inside a message");
    if (fin_) done();
    return;
  }
  auto track = state->origin().track(request->path, {request->group, request->group});
  std::optional<GroupConsumer> group;
  if (track) group = track->get_group(request->group);
  if (!group) {
    throw Error(code::not_found, "group " + std::to_string(request->group) + " of " + request->path.to_string() +
                                     " is not cached");
  }
  stream_.send->set_priority(group_priority(request->priority, true, request->group));
  writer_ = std::make_shared<GroupWriter>(stream_.send, std::move(*group), request->offset);
  writer_->start({}, [weak = weak_from_this()] {
    if (auto self = std::static_pointer_cast<ServedFetch>(weak.lock())) self->done();
  });
}

void ServedFetch::on_peer_reset(uint64_t) {
  if (writer_) writer_->reset(code::cancel);
  done();
}

void ServedFetch::on_stopped(uint64_t) {
  if (writer_) writer_->reset(code::cancel);
  done();
}

}  // namespace moq::session
