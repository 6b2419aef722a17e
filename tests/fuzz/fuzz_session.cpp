// A whole moq::Session (as server or as client) over the in-memory connection, driven by a script
// of stream events from a raw peer: the input is read as operations (session_script.h). The
// session must never crash, throw out of a callback, leak or allocate without bound (libFuzzer's
// -malloc_limit_mb and LeakSanitizer catch the last two).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "../session/memory_connection.h"
#include "moq/session.h"
#include "session_script.h"

namespace {

moq::Bytes copy_of(std::span<const uint8_t> data) {
  return moq::Bytes::copy(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

// Both ends of the test: the session under test and the raw peer's streams.
class Harness {
 public:
  explicit Harness(moq_fuzz::ScriptFlags flags)
      : flags_(flags), connection_(memory::connect(network_)), peer_(flags.session_is_server ? connection_.client
                                                                                             : connection_.server) {
    peer_->on_bi([this](moq::BiStream stream) { adopt(std::move(stream)); });
    peer_->on_uni([this](std::shared_ptr<moq::RecvStream> stream) { adopt({nullptr, std::move(stream)}); });
    peer_->on_closed([](const moq::Error&) {});

    moq::SessionOptions options;
    options.clock = [this] { return now_; };
    options.max_backlog_groups = 8;
    options.track_options.backlog_groups = 8;
    if (flags.session_is_server) {
      session_.emplace(moq::Session::accept(connection_.server, std::move(options)));
      if (flags.valid_setup) {
        peer_open_bi();
        write(streams_.size() - 1, client_setup);
      }
    } else {
      session_.emplace(moq::Session::connect(connection_.client, std::move(options)));
    }
    if (flags.publish) {
      moq::Track track;
      track.path = moq::Path::parse("a/b");
      published_.emplace(track);
      session_->publish(published_->consume());
      write_group();
    }
  }

  void run(moq_fuzz::Script& script) {
    while (std::optional<moq_fuzz::Op> op = script.next()) {
      apply(*op, script);
    }
    network_.run();
  }

  // Drops every handle and lets the network settle, so LeakSanitizer sees what the session keeps.
  void finish() {
    consumers_.clear();
    announced_.clear();
    fetched_.clear();
    published_.reset();
    session_.reset();
    network_.run();
    streams_.clear();
    network_.run();
  }

 private:
  struct PeerStream {
    std::shared_ptr<moq::SendStream> send;
    std::shared_ptr<moq::RecvStream> recv;
  };

  static constexpr uint8_t client_setup[] = {0x00, 0x01, 0xc0, 0x00, 0x00, 0x00, 0xff, 0x0b, 0xad, 0x02, 0x00};
  static constexpr uint8_t server_setup[] = {0xc0, 0x00, 0x00, 0x00, 0xff, 0x0b, 0xad, 0x02, 0x00};

  void adopt(moq::BiStream stream) {
    if (stream.recv) {
      stream.recv->on_data([](std::span<const uint8_t>, bool) {});
      stream.recv->on_reset([](uint64_t) {});
    }
    if (stream.send) stream.send->on_stopped([](uint64_t) {});
    bool answer_setup = !flags_.session_is_server && flags_.valid_setup && stream.send && !answered_setup_;
    streams_.push_back({std::move(stream.send), std::move(stream.recv)});
    if (answer_setup) {
      answered_setup_ = true;
      write(streams_.size() - 1, server_setup);
    }
  }

  void peer_open_bi() {
    if (peer_->closed()) return;
    adopt(peer_->open_bi());
  }

  void write(size_t index, std::span<const uint8_t> data) {
    if (auto& send = streams_[index].send) send->write(copy_of(data));
  }

  void write_group() {
    if (!published_) return;
    try {
      auto group = published_->append_group();
      group.write_frame(moq::Bytes::copy(std::string_view("frame")));
      group.finish();
    } catch (const moq::Error&) {
      // The track ended (the session closed it); nothing more to publish.
    }
  }

  std::optional<size_t> stream_at(uint8_t selector) const {
    if (streams_.empty()) return std::nullopt;
    return selector % streams_.size();
  }

  void apply(const moq_fuzz::Op& op, moq_fuzz::Script& script) {
    using Kind = moq_fuzz::Op::Kind;
    switch (op.kind) {
      case Kind::open_bi:
        peer_open_bi();
        break;
      case Kind::open_uni:
        if (!peer_->closed()) streams_.push_back({peer_->open_uni(), nullptr});
        break;
      case Kind::write:
        if (auto index = stream_at(op.stream)) write(*index, script.take(op.length));
        break;
      case Kind::finish:
        if (auto index = stream_at(op.stream); index && streams_[*index].send) streams_[*index].send->finish();
        break;
      case Kind::reset:
        if (auto index = stream_at(op.stream); index && streams_[*index].send) streams_[*index].send->reset(op.code);
        break;
      case Kind::stop:
        if (auto index = stream_at(op.stream); index && streams_[*index].recv) streams_[*index].recv->stop(op.code);
        break;
      case Kind::deliver:
        network_.run();
        break;
      case Kind::local:
        local(op.stream);
        break;
    }
  }

  // Something the application does with the session under test.
  void local(uint8_t action) {
    if (!session_) return;
    const moq::Path path = moq::Path::parse(action & 0x10 ? "a/b" : "x");
    switch (action % 8) {
      case 0: {
        moq::Track request;
        request.path = path;
        consumers_.push_back(session_->subscribe(request));
        drain(consumers_.back());
        break;
      }
      case 1:
        announced_.push_back(session_->announced(moq::Path::parse("")));
        break;
      case 2:
        session_->info(path, [](const moq::TrackInfo&) {}, [](const moq::Error&) {});
        break;
      case 3:
        fetched_.push_back(session_->fetch(path, action >> 5));
        break;
      case 4:
        write_group();
        break;
      case 5:
        consumers_.clear();
        announced_.clear();
        fetched_.clear();
        break;
      case 6:
        now_ += std::chrono::seconds(1);
        break;
      case 7:
        session_->update(path, moq::SubscriptionUpdate{});
        break;
    }
  }

  // Reads everything a subscription delivers, as an application would.
  static void drain(moq::TrackConsumer& track) {
    track.on_change([&track] {
      try {
        while (true) {
          auto item = track.next_group();
          if (!item.is_ready()) return;
        }
      } catch (const moq::Error&) {
        // The subscription failed: an outcome, not a fault.
      }
    });
  }

  moq_fuzz::ScriptFlags flags_;
  memory::Network network_;
  memory::ConnectionPair connection_;
  std::shared_ptr<memory::Endpoint> peer_;
  std::chrono::steady_clock::time_point now_;
  std::optional<moq::Session> session_;
  std::optional<moq::TrackProducer> published_;
  std::vector<PeerStream> streams_;
  bool answered_setup_ = false;
  std::deque<moq::TrackConsumer> consumers_;  // a deque: drain() keeps references
  std::vector<moq::AnnouncedConsumer> announced_;
  std::vector<moq::GroupConsumer> fetched_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  moq_fuzz::Script script(std::span<const uint8_t>(bytes, size));
  Harness harness(script.flags());
  harness.run(script);
  harness.finish();
  return 0;
}
