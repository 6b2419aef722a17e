#include "moq/wire/decode.h"
#include "publisher.h"
#include "session_state.h"

namespace moq::session {

void ServedAnnounce::on_receive() {
  auto state = session();
  if (!state) return;
  if (!announced_) {
    auto request = buffer_.try_decode<wire::AnnouncePlease>();
    if (!request) {
      if (fin_ && !buffer_.empty()) throw Error(code::decode, "stream ended inside a message");
      if (fin_) done();
      return;
    }
    peer_takes_live_ = state->peer_can(capability::live);
    announced_ = state->origin().announced(request->prefix);
    announced_->on_change(callback(&ServedAnnounce::pump));
    pump();
  }
  if (!buffer_.empty()) throw Error(code::decode, "unexpected data on an announce stream");
  if (fin_) {
    stream_.send->finish();
    done();
  }
}

void ServedAnnounce::pump() {
  try {
    for (;;) {
      Poll<Announcement> next = announced_->next();
      if (next.is_pending()) return;
      if (next.is_end()) {
        stream_.send->finish();
        done();
        return;
      }
      const Announcement& change = next.value();
      if (change.kind == Announcement::Kind::live && !peer_takes_live_) continue;
      wire::Writer writer;
      encode(writer, wire::Announce{static_cast<wire::AnnounceStatus>(change.kind), change.name});
      stream_.send->write(writer.finish());
    }
  } catch (const Error& error) {
    fail(error.code());
  }
}

}  // namespace moq::session
