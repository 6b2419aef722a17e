// Announce, info and fetch requests to the peer.

#include <utility>

#include "moq/wire/decode.h"
#include "session_state.h"
#include "subscriber.h"

namespace moq::session {

namespace {

// A control stream's first bytes: its type and the request.
template <class Request>
Bytes opening(wire::ControlType type, const Request& request) {
  wire::Writer writer;
  encode(writer, type);
  encode(writer, request);
  return writer.finish();
}

template <class TaskType>
void start_after_setup(SessionState& state, const std::shared_ptr<TaskType>& task) {
  state.add(task);
  state.after_setup([weak = std::weak_ptr(task)] {
    if (auto task = weak.lock()) task->open();
  });
}

}  // namespace

AnnouncedConsumer request_announced(SessionState& state, const Path& prefix) {
  AnnouncedProducer announced;
  AnnouncedConsumer consumer = announced.consume(prefix);
  if (state.closed) {
    announced.abort(state.close_error.code());
    return consumer;
  }
  start_after_setup(state, std::make_shared<RemoteAnnounce>(state.weak_from_this(), prefix, std::move(announced)));
  return consumer;
}

void request_info(SessionState& state, const Path& path, std::function<void(const TrackInfo&)> on_info,
                  std::function<void(const Error&)> on_failed) {
  if (state.closed) {
    on_failed(state.close_error);
    return;
  }
  start_after_setup(state, std::make_shared<RemoteInfo>(state.weak_from_this(), path, std::move(on_info),
                                                        std::move(on_failed)));
}

GroupConsumer request_fetch(SessionState& state, const Path& path, uint64_t group, uint64_t offset,
                            int8_t priority) {
  TrackProducer track(Track{path}, state.options.track_options);
  GroupProducer producer = track.create_group(group);
  GroupConsumer consumer = *track.consume().get_group(group);
  if (state.closed) {
    producer.abort(state.close_error.code());
    return consumer;
  }
  start_after_setup(state, std::make_shared<RemoteFetch>(state.weak_from_this(),
                                                         wire::Fetch{path, priority, group, offset},
                                                         std::move(track), std::move(producer)));
  return consumer;
}

RemoteAnnounce::RemoteAnnounce(std::weak_ptr<SessionState> session, Path prefix, AnnouncedProducer announced)
    : ControlTask(std::move(session), {}), prefix_(std::move(prefix)), announced_(std::move(announced)) {}

void RemoteAnnounce::open() {
  if (!open_stream(opening(wire::ControlType::announce, wire::AnnouncePlease{prefix_}), false)) return;
  announced_.on_unused(callback(&RemoteAnnounce::cancel));
  listen();
}

void RemoteAnnounce::on_receive() {
  while (auto announce = buffer_.try_decode<wire::Announce>()) {
    switch (announce->status) {
      case wire::AnnounceStatus::active:
        announced_.announce(prefix_.join(announce->suffix));
        break;
      case wire::AnnounceStatus::ended:
        announced_.unannounce(prefix_.join(announce->suffix));
        break;
      case wire::AnnounceStatus::live:
        announced_.live();
        break;
    }
  }
  if (fin_) {
    announced_.finish();
    stream_.send->finish();
    done();
  }
}

void RemoteAnnounce::on_peer_reset(uint64_t code) {
  announced_.abort(code);
  stream_.send->reset(code::cancel);
  done();
}

void RemoteAnnounce::on_error(const Error& error) {
  announced_.abort(error.code());
  fail(error.code());
}

void RemoteAnnounce::cancel() {
  stream_.send->finish();
  stream_.recv->stop(code::cancel);
  done();
}

RemoteInfo::RemoteInfo(std::weak_ptr<SessionState> session, Path path, std::function<void(const TrackInfo&)> on_info,
                       std::function<void(const Error&)> on_failed)
    : ControlTask(std::move(session), {}),
      path_(std::move(path)),
      on_info_(std::move(on_info)),
      on_failed_(std::move(on_failed)) {}

void RemoteInfo::open() {
  if (!open_stream(opening(wire::ControlType::info, wire::InfoRequest{path_}), true)) return;
  listen();
}

void RemoteInfo::on_receive() {
  auto info = buffer_.try_decode<wire::Info>();
  if (!info) {
    if (fin_) throw Error(code::decode, "info stream ended without an Info");
    return;
  }
  TrackInfo result{Track{path_, info->priority, static_cast<GroupOrder>(info->group_order), info->group_expires},
                   info->group_latest};
  on_failed_ = nullptr;
  auto self = shared_from_this();
  done();
  if (auto on_info = std::exchange(on_info_, nullptr)) on_info(result);
}

void RemoteInfo::on_peer_reset(uint64_t code) {
  failed(Error(code, "info request for " + path_.to_string() + " failed: " + code_name(code)));
  done();
}

void RemoteInfo::on_error(const Error& error) {
  fail(error.code());
  failed(error);
}

void RemoteInfo::failed(const Error& error) {
  on_info_ = nullptr;
  if (auto on_failed = std::exchange(on_failed_, nullptr)) on_failed(error);
}

RemoteFetch::RemoteFetch(std::weak_ptr<SessionState> session, wire::Fetch request, TrackProducer track,
                         GroupProducer group)
    : ControlTask(std::move(session), {}),
      request_(std::move(request)),
      track_(std::move(track)),
      group_(std::move(group)) {}

void RemoteFetch::open() {
  if (!open_stream(opening(wire::ControlType::fetch, request_), true)) return;
  listen();
}

void RemoteFetch::on_receive() {
  frames_.read(buffer_, group_);
  if (fin_) {
    frames_.finish(buffer_, group_);
    track_.finish();
    done();
  }
}

void RemoteFetch::on_peer_reset(uint64_t code) {
  group_.abort(code);
  done();
}

void RemoteFetch::on_error(const Error& error) {
  group_.abort(error.code());
  fail(error.code());
}

}  // namespace moq::session
