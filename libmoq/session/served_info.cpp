#include "moq/wire/decode.h"
#include "publisher.h"
#include "session_state.h"

namespace moq::session {

wire::Info info_of(const TrackConsumer& track) {
  const Track& info = track.track();
  return {info.priority, static_cast<wire::GroupOrder>(info.group_order), info.group_expires,
          track.latest_sequence().value_or(0)};
}

void ServedInfo::on_receive() {
  auto state = session();
  if (!state) return;
  auto request = buffer_.try_decode<wire::InfoRequest>();
  if (!request) {
    if (fin_ && !buffer_.empty()) throw Error(code::decode, "stream ended inside a message");
    if (fin_) done();
    return;
  }
  auto track = state->origin().track(request->path, {});
  if (!track) throw Error(code::not_found, "no track " + request->path.to_string());
  wire::Writer writer;
  encode(writer, info_of(*track));
  stream_.send->write(writer.finish());
  stream_.send->finish();
  done();
}

}  // namespace moq::session
