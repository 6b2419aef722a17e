#include "relay_client.h"

#include <algorithm>
#include <variant>

namespace moq::test {

namespace {

QuicClientOptions pinned(const RelayProcess& relay) {
  QuicClientOptions options;
  options.tls.fingerprint = relay.fingerprint();
  return options;
}

}  // namespace

RelayClient::RelayClient(EventLoop& loop, const RelayProcess& relay, const std::string& token)
    : client_(loop, pinned(relay)) {
  client_.connect(
      relay.url(),
      [this, token](std::shared_ptr<QuicConnection> connection) {
        SessionOptions options;
        if (!token.empty()) options.extensions[extension::auth_token] = Bytes::copy(token);
        options.on_closed = [this](const Error& error) { ended_ = error; };
        session_.emplace(Session::connect(std::move(connection), std::move(options)));
      },
      [this](const Error& error) { ended_ = error; });
}

Recorder::Recorder(TrackConsumer track) : track_(std::move(track)) {
  track_.on_change([this] { poll(); });
  poll();
}

void Recorder::poll() {
  while (!ended_ && !error_) {
    try {
      auto item = track_.next_group();
      if (item.is_pending()) return;
      if (item.is_end()) {
        ended_ = true;
        return;
      }
      if (auto* group = std::get_if<GroupConsumer>(&item.value())) {
        groups_.push_back(*group);
      } else {
        auto dropped = std::get<GroupsDropped>(item.value());
        for (uint64_t i = 0; i < dropped.count; ++i) dropped_.push_back(dropped.first + i);
      }
    } catch (const Error& error) {
      error_ = error;
    }
  }
}

std::vector<std::pair<uint64_t, std::vector<std::string>>> Recorder::contents() const {
  std::vector<std::pair<uint64_t, std::vector<std::string>>> result;
  for (GroupConsumer group : groups_) {
    std::vector<std::string> frames;
    try {
      for (auto frame = group.read_frame(); frame.is_ready(); frame = group.read_frame()) {
        frames.emplace_back(frame.value().view());
      }
    } catch (const Error& error) {
      frames.push_back("<aborted " + std::to_string(error.code()) + ">");
    }
    result.emplace_back(group.sequence(), std::move(frames));
  }
  // Groups travel on separate streams, newest first by default: they may arrive in any order.
  std::sort(result.begin(), result.end());
  return result;
}

}  // namespace moq::test
