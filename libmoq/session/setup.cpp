#include "setup.h"

#include <algorithm>

#include "moq/wire/decode.h"
#include "session_state.h"

namespace moq::session {

uint64_t capabilities_of(const wire::Extensions& extensions) {
  auto it = extensions.find(extension::capabilities);
  if (it == extensions.end()) return 0;
  size_t consumed = 0;
  try {
    auto bits = wire::decode<uint64_t>(it->second.span(), consumed);
    return bits ? *bits : 0;
  } catch (const Error&) {
    return 0;  // a malformed extension of ours advertises nothing
  }
}

void SessionStream::send_client_setup() {
  auto state = session();
  wire::Writer writer;
  encode(writer, wire::ControlType::session);
  encode(writer, wire::ClientSetup{{wire::version_current}, state->setup_extensions()});
  stream_.send->write(writer.finish());
}

void SessionStream::on_receive() {
  auto state = session();
  if (!state) return;
  if (!setup_done_) receive_setup(*state);
  if (setup_done_ && !buffer_.empty()) {
    // Version 2 sends nothing after setup; the reference answers anything (SessionInfo) with 5.
    throw Error(code::decode, "decode error: unexpected message on the session stream");
  }
  if (fin_) state->close(code::cancel, "cancelled");
}

void SessionStream::receive_setup(SessionState& state) {
  if (state.is_client) {
    auto setup = buffer_.try_decode<wire::ServerSetup>();
    if (!setup) return;
    if (setup->version != wire::version_current) {
      throw Error(code::version, "server chose an unsupported version");
    }
    setup_done_ = true;
    state.set_ready(setup->extensions);
    return;
  }
  auto setup = buffer_.try_decode<wire::ClientSetup>();
  if (!setup) return;
  const auto& versions = setup->versions;
  if (std::find(versions.begin(), versions.end(), wire::version_current) == versions.end()) {
    throw Error(code::version, "no common version");
  }
  wire::Writer writer;
  encode(writer, wire::ServerSetup{wire::version_current, state.setup_extensions()});
  stream_.send->write(writer.finish());
  setup_done_ = true;
  state.set_ready(setup->extensions);
}

void SessionStream::on_peer_reset(uint64_t) {
  if (auto state = session()) state->close(code::cancel, "cancelled");
}

void SessionStream::on_stopped(uint64_t) {
  if (auto state = session()) state->close(code::cancel, "cancelled");
}

void SessionStream::on_error(const Error& error) {
  if (auto state = session()) state->close(error.code(), error.what());
}

}  // namespace moq::session
