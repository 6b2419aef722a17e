#include "sub_command.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <limits>
#include <optional>
#include <sstream>
#include <unistd.h>
#include <variant>

#include <CLI/CLI.hpp>

#include "backoff.h"
#include "client_session.h"
#include "frame_output.h"
#include "moq/event_loop.h"
#include "moq/session.h"
#include "output_writer.h"
#include "receive_pacer.h"
#include "tool_failure.h"

namespace moq::sub {

namespace {

using namespace std::chrono_literals;
using tool::ExitCode;
using tool::ToolFailure;

// Stop taking frames from the track while this much waits for stdout.
constexpr uint64_t output_limit = 1 << 20;
// With --buffered, write once this much is queued (or when nothing more is ready).
constexpr uint64_t buffered_batch = 64 * 1024;

// --from: latest (no group_min: the publisher's latest group) or a sequence.
GroupRange start_range(const std::string& from) {
  if (from == "latest") return {};
  uint64_t sequence = 0;
  auto [end, error] = std::from_chars(from.data(), from.data() + from.size(), sequence);
  if (from.empty() || error != std::errc() || end != from.data() + from.size()) {
    throw ToolFailure(ExitCode::usage, "--from: expected latest or a group sequence, got '" + from + "'");
  }
  return {.min = sequence, .max = std::nullopt};
}

// Bytes of a QUIC varint, to count group-stream framing as it was received.
uint64_t varint_size(uint64_t value) { return value < 64 ? 1 : value < 16384 ? 2 : value < (1u << 30) ? 4 : 8; }

class SubRun {
 public:
  SubRun(const SubFlags& flags, const tool::Logger& logger)
      : flags_(flags), logger_(logger), output_(flags.frame, flags.format) {}

  void run() {
    if (flags_.arguments.size() != 2) throw ToolFailure(ExitCode::usage, "expected URL PATH");
    if (flags_.priority < -128 || flags_.priority > 127) {
      throw ToolFailure(ExitCode::usage, "--priority: expected -128..127");
    }
    const std::string& url = flags_.arguments[0];
    path_text_ = flags_.arguments[1];
    const GroupRange range = start_range(flags_.from);
    Path path = Path::parse(path_text_);
    // A reader that goes away (| head -1) is an ordinary end: EPIPE, not a signal.
    std::signal(SIGPIPE, SIG_IGN);

    std::optional<EventLoop::Timer> deadline;
    if (flags_.timeout_seconds > 0) {
      deadline.emplace(loop_, [this] {
        std::ostringstream what;
        what << "no end of " << path_text_ << " within --timeout " << flags_.timeout_seconds << " s";
        end(ToolFailure(ExitCode::timeout, what.str()));
      });
      deadline->arm_after(std::chrono::duration_cast<EventLoop::Clock::duration>(
          std::chrono::duration<double>(flags_.timeout_seconds)));
    }
    EventLoop::Signal interrupt(loop_, SIGINT, [this] { end(); });
    EventLoop::Signal terminate(loop_, SIGTERM, [this] { end(); });

    out_.emplace(loop_, STDOUT_FILENO, [this] { pump(); }, [this] { end(); });
    std::optional<tool::ClientSession> client;
    try {
      client.emplace(connect(url, path, range));
    } catch (const Error&) {
      // --timeout or a signal ended the wait for the connection: that is the outcome to report.
      if (!finished_) throw;
    }
    tool::Backoff backoff;
    for (;;) {
      pump();
      if (!finished_) loop_.run();
      if (finished_ || !lost_) break;
      // --reconnect: the connection is gone, the track with it. Resume from the latest group.
      logger_.warn(lost_reason_, "; reconnecting");
      lost_ = false;
      group_.reset();
      track_.reset();
      client.reset();
      resuming_ = true;
      while (!finished_ && !client) {
        auto delay = backoff.next();
        loop_.run_until([this] { return finished_; }, delay);
        if (finished_) break;
        try {
          client.emplace(connect(url, path, GroupRange{}));
        } catch (const Error& error) {
          logger_.warn(error.what(), "; retrying");
        }
      }
      if (!client) break;
      logger_.info("reconnected to ", url);
      backoff.reset();
    }

    // Whatever is queued still goes out, unless the reader is gone.
    out_->flush();
    loop_.run_until([this] { return out_->queued() == 0 || out_->closed(); }, 60s);
    group_.reset();
    track_.reset();
    if (client) client->close(loop_);
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  // A session with URL and the subscription to path on it (track_).
  tool::ClientSession connect(const std::string& url, const Path& path, GroupRange range) {
    closed_.reset();
    SessionOptions options;
    // A close is only a failure if it cuts the track short: a publisher that is done may close
    // while this end still writes what it received, and the track ends cleanly then.
    options.on_closed = [this, url](const Error& error) {
      closed_ = Error(code::transport, "connection to " + url + " lost: " +
                                           (*error.what() != '\0' ? std::string(error.what()) : code_name(error.code())));
    };
    // stdout paces reading; the track may hold this much before it skips (and reports) groups.
    options.track_options.backlog_groups = size_t{1} << 20;
    options.track_options.backlog_bytes = flags_.buffer;
    // Received but not yet written beyond a quarter of --buffer: pause the group streams, so
    // flow control holds the publisher back before the track has to drop anything.
    // What arrives after the pause is bounded by the connection's flow-control window: keep
    // it within the rest of --buffer, so the track never has to drop.
    QuicClientOptions transport{.quic = flags_.quic, .tls = flags_.tls};
    transport.quic.max_connection_window = std::max<uint64_t>(flags_.buffer / 2, 1 << 20);
    transport.quic.connection_window = std::min(transport.quic.connection_window, transport.quic.max_connection_window);
    transport.quic.max_stream_window = std::min(transport.quic.max_stream_window, transport.quic.max_connection_window);
    transport.quic.stream_window = std::min(transport.quic.stream_window, transport.quic.max_stream_window);
    tool::ClientSession client(loop_, url, transport, options, [this](std::shared_ptr<Connection> connection) {
      pacer_ = std::make_shared<tool::ReceivePacer>(std::move(connection));
      return pacer_;
    });
    consumed_ = 0;
    logger_.debug("subscribing to ", path_text_, " on ", url);
    track_.emplace(client.session().subscribe(Track{
        .path = path,
        .priority = static_cast<int8_t>(flags_.priority),
        .group_order = flags_.order == "desc" ? GroupOrder::descending : GroupOrder::ascending,
        .group_expires = {}},
        range));
    track_->on_change([this] { pump(); });
    return client;
  }

  template <class Failure>
  void end(const Failure& failure) {
    if (finished_) return;
    failure_ = std::make_exception_ptr(failure);
    end();
  }
  void end() {
    finished_ = true;
    loop_.stop();
  }

  void pump() {
    if (finished_ || pumping_) return;
    pumping_ = true;
    try {
      starved_ = false;
      while (!finished_ && out_->queued() < output_limit) {
        if (!next()) {
          starved_ = true;
          break;
        }
        if (!flags_.buffered || out_->queued() >= buffered_batch) out_->flush();
      }
    } catch (const Error& error) {
      // Aborted by the session closing (cancelled): say why the connection went.
      if (flags_.reconnect && error.code() == code::cancel) {
        // The connection went, or the relay cut the track off (it is shutting down, or lost
        // the publisher): either way, subscribe again.
        lost_reason_ = closed_ ? closed_->what() : "track " + path_text_ + " cancelled by the peer";
        lost_ = true;
        loop_.stop();
      } else if (closed_ && error.code() == code::cancel) {
        end(*closed_);
      } else {
        end(error);
      }
    }
    if (!finished_ || out_->closed()) out_->flush();
    // Only stdout may hold the publisher back: waiting for data while holding it would never end.
    uint64_t behind = pacer_->received() - std::min(pacer_->received(), consumed_);
    if (starved_) {
      pacer_->hold(false);
    } else if (behind > flags_.buffer / 4) {
      pacer_->hold(true);
    } else if (behind < flags_.buffer / 8) {
      pacer_->hold(false);
    }
    pumping_ = false;
  }

  // Takes one step through the track; false when nothing is ready.
  bool next() {
    if (!group_) {
      auto item = track_->next_group();
      if (item.is_pending()) return false;
      if (item.is_end()) {
        end();
        return false;
      }
      if (auto* dropped = std::get_if<GroupsDropped>(&item.value())) {
        const uint64_t last = dropped->first + dropped->count - 1;
        // After a reconnection, groups up to the last one written are no loss.
        const uint64_t first = last_group_ ? std::max(dropped->first, *last_group_ + 1) : dropped->first;
        if (first > last) return true;
        if (!started_) {
          // --from asked for groups the publisher no longer has: it starts at its oldest instead.
          logger_.info("groups ", first, "..", last, " of ", path_text_, " are no longer cached");
        } else {
          logger_.warn("groups ", first, "..", last, " of ", path_text_, " were dropped before they could be written");
        }
        return true;
      }
      started_ = true;
      auto& group = std::get<GroupConsumer>(item.value());
      // Data type, subscribe id (assumed small) and sequence of the group stream's header.
      consumed_ += 2 + varint_size(group.sequence());
      if (!take_group(group.sequence())) return true;
      group_.emplace(std::move(group));
      frame_index_ = 0;
      group_->on_change([this] { pump(); });
      return true;
    }
    auto frame = Poll<Bytes>::pending();
    try {
      frame = group_->read_frame();
    } catch (const Error& error) {
      // A group given up on its way (expired, or dropped for a slow link): the frames written
      // stay, the rest is reported, and the track goes on. A session's end comes through the track.
      logger_.warn("group ", group_->sequence(), " of ", path_text_, " was cut off after ", frame_index_,
                   " frames: ", error.what());
      group_.reset();
      return true;
    }
    if (frame.is_pending()) return false;
    if (frame.is_end()) {
      group_.reset();
      last_group_done_ = true;
      if (flags_.groups > 0 && ++groups_done_ >= flags_.groups) end();
      return true;
    }
    consumed_ += varint_size(frame.value().size()) + frame.value().size();
    if (frame_index_ < written_frames_) {
      ++frame_index_;  // written before the connection was lost
      return true;
    }
    written_frames_ = frame_index_ + 1;
    output_.write({.track = path_text_,
                   .group = group_->sequence(),
                   .index = frame_index_++,
                   .payload = std::move(frame).value(),
                   .received = std::chrono::system_clock::now()},
                  *out_);
    if (flags_.count > 0 && ++frames_done_ >= flags_.count) end();
    return true;
  }

  // Whether to write the group with this sequence; after a reconnection, says what was missed.
  // A group written before is skipped, or resumed after its last written frame.
  bool take_group(uint64_t sequence) {
    if (last_group_ && (sequence < *last_group_ || (sequence == *last_group_ && last_group_done_))) {
      logger_.debug("group ", sequence, " of ", path_text_, " was written before the reconnection");
      return false;
    }
    if (resuming_) {
      resuming_ = false;
      if (!last_group_) {
        logger_.warn("resumed ", path_text_, " at group ", sequence, " (nothing was received before)");
      } else if (sequence == *last_group_) {
        logger_.info("resumed ", path_text_, " in group ", sequence, " after ", written_frames_,
                     " frames written: nothing missed");
      } else if (sequence == *last_group_ + 1 && last_group_done_) {
        logger_.info("resumed ", path_text_, " at group ", sequence, ": nothing missed");
      } else {
        std::string missed;
        if (!last_group_done_) {
          missed = "group " + std::to_string(*last_group_) + " after its first " + std::to_string(written_frames_) +
                   " frames";
        }
        if (sequence > *last_group_ + 1) {
          missed += (missed.empty() ? "groups " : " and groups ") + std::to_string(*last_group_ + 1) + ".." +
                    std::to_string(sequence - 1);
        }
        logger_.warn("resumed ", path_text_, " at group ", sequence, " (last received ", *last_group_, "): missed ",
                     missed);
      }
    }
    if (sequence != last_group_) {
      last_group_ = sequence;
      last_group_done_ = false;
      written_frames_ = 0;
    }
    return true;
  }

  const SubFlags& flags_;
  const tool::Logger& logger_;
  FrameOutput output_;
  EventLoop loop_;
  std::string path_text_;
  std::optional<tool::OutputWriter> out_;
  std::optional<TrackConsumer> track_;
  std::optional<GroupConsumer> group_;
  uint64_t frame_index_ = 0;
  uint64_t frames_done_ = 0;
  uint64_t groups_done_ = 0;
  bool finished_ = false;
  bool pumping_ = false;
  std::exception_ptr failure_;
  std::optional<Error> closed_;
  std::shared_ptr<tool::ReceivePacer> pacer_;
  uint64_t consumed_ = 0;  // group-stream bytes taken from the track (headers and payload)
  bool starved_ = false;  // the last pump stopped for lack of data, not for stdout
  bool started_ = false;  // a group was returned
  // --reconnect: the connection was lost; the next group is the first after reconnecting.
  bool lost_ = false;
  std::string lost_reason_;
  bool resuming_ = false;
  // The last group written (partly or whole) and how many of its frames.
  std::optional<uint64_t> last_group_;
  bool last_group_done_ = false;
  uint64_t written_frames_ = 0;
};

}  // namespace

void add_sub_flags(CLI::App& app, SubFlags& flags) {
  app.add_option("ARGS", flags.arguments, "URL PATH: moqf://host:port and the track path a/b/c")->required()->expected(2);
  app.add_option("--frame", flags.frame, "Output per frame: line (payload + newline), raw, len32, varint, json")
      ->option_text("MODE (default line)");
  app.add_option("--format", flags.format,
                 "Template per frame instead: %g group, %i index, %s size, %p payload, %P payload as text or "
                 "base64, %t time, %T track, %%, \\n, \\t")
      ->option_text("TEMPLATE");
  app.add_option("--count", flags.count, "Stop after N frames")->check(CLI::PositiveNumber)->option_text("N");
  app.add_option("--groups", flags.groups, "Stop after N complete groups")->check(CLI::PositiveNumber)->option_text("N");
  app.add_option("--timeout", flags.timeout_seconds, "Give up after SEC seconds (exit status 6)")
      ->check(CLI::PositiveNumber)
      ->option_text("SEC");
  app.add_option("--order", flags.order, "Which groups the publisher should send first under congestion")
      ->check(CLI::IsMember({"asc", "desc"}))
      ->option_text("asc|desc (default asc)");
  app.add_option("--from", flags.from,
                 "First group: latest (the publisher's newest), 0 (the oldest it still has) or a sequence")
      ->option_text("latest|0|N (default latest)");
  app.add_option("--priority", flags.priority, "Subscription priority, -128..127")->option_text("N (default 0)");
  app.add_flag("--reconnect", flags.reconnect,
               "When the connection is lost, reconnect (100 ms doubling to 5 s between tries) and resume from "
               "the latest group; stderr names what was missed");
  app.add_flag("--buffered", flags.buffered, "Write stdout in batches instead of after every frame");
  app.add_option("--buffer", flags.buffer, "Received bytes kept while stdout is slow; beyond, old groups are dropped")
      ->check(CLI::PositiveNumber)
      ->option_text("BYTES (default 67108864)");
}

void run_sub(const SubFlags& flags, const tool::Logger& logger) { SubRun(flags, logger).run(); }

}  // namespace moq::sub
