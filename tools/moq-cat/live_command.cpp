#include "live_command.h"

#include <chrono>
#include <csignal>
#include <iostream>
#include <optional>
#include <sstream>
#include <variant>

#include <CLI/CLI.hpp>

#include "client_session.h"
#include "frame_preview.h"
#include "interactive_shell.h"
#include "moq/event_loop.h"
#include "moq/session.h"
#include "tool_failure.h"

namespace moq::cat {

namespace {

using tool::ExitCode;
using tool::ToolFailure;

// One line on stdout; a reader that went away (| head) ends the run quietly.
bool print(const std::string& line) {
  std::cout << line << '\n' << std::flush;
  return static_cast<bool>(std::cout);
}

class LiveRun {
 public:
  LiveRun(const std::vector<std::string>& arguments, bool watch, uint64_t preview_bytes, const tool::Logger& logger)
      : arguments_(arguments), watch_(watch), preview_bytes_(preview_bytes), logger_(logger) {}

  void run(const QuicClientOptions& transport, bool info, double timeout_seconds) {
    std::signal(SIGPIPE, SIG_IGN);
    const std::string& url = arguments_[0];
    std::optional<EventLoop::Timer> deadline;
    if (timeout_seconds > 0) {
      deadline.emplace(loop_, [this] { fail(ToolFailure(ExitCode::timeout, "--timeout ran out")); });
      deadline->arm_after(std::chrono::duration_cast<EventLoop::Clock::duration>(std::chrono::duration<double>(timeout_seconds)));
    }
    EventLoop::Signal interrupt(loop_, SIGINT, [this] { loop_.stop(); });
    SessionOptions options;
    options.on_closed = [this, url](const Error& error) {
      if (!done_) fail(Error(code::transport, "connection to " + url + " lost: " + error.what()));
    };
    tool::ClientSession client(loop_, url, transport, options);
    Session& session = client.session();
    if (arguments_.size() == 1) {
      list(session);
    } else if (info) {
      show_info(session, Path::parse(arguments_[1]));
    } else {
      dump(session, Path::parse(arguments_[1]));
    }
    if (!done_) loop_.run();
    done_ = true;
    announced_.reset();
    track_.reset();
    group_.reset();
    client.close(loop_);
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  template <class Failure>
  void fail(const Failure& failure) {
    if (done_) return;
    failure_ = std::make_exception_ptr(failure);
    finish();
  }
  void finish() {
    done_ = true;
    loop_.stop();
  }
  void emit(const std::string& line) {
    if (!print(line)) finish();
  }

  void list(Session& session) {
    announced_.emplace(session.announced(Path{}));
    announced_->on_change([this] { poll_announced(); });
    poll_announced();
  }

  void poll_announced() {
    try {
      while (!done_) {
        auto item = announced_->next();
        if (item.is_pending()) return;
        if (item.is_end()) return finish();
        const Announcement& change = item.value();
        switch (change.kind) {
          case Announcement::Kind::active:
            emit(watch_ && live_ ? "+ " + change.name.to_string() : change.name.to_string());
            break;
          case Announcement::Kind::ended:
            if (watch_) emit("- " + change.name.to_string());
            break;
          case Announcement::Kind::live:
            live_ = true;
            if (!watch_) return finish();
            logger_.info("watching for changes (Ctrl-C to stop)");
            break;
        }
      }
    } catch (const Error& error) {
      fail(error);
    }
  }

  void show_info(Session& session, const Path& path) {
    session.info(
        path,
        [this](const TrackInfo& info) {
          const Track& track = info.track;
          std::ostringstream text;
          text << "path " << track.path.to_string() << "\npriority " << int{track.priority} << "\norder "
               << (track.group_order == GroupOrder::ascending ? "asc" : "desc") << "\nexpires "
               << track.group_expires.count() << " ms\nlatest group " << info.latest_group;
          emit(text.str());
          finish();
        },
        [this](const Error& error) { fail(error); });
  }

  void dump(Session& session, const Path& path) {
    track_.emplace(session.subscribe(Track{.path = path}));
    track_->on_change([this] { poll_track(); });
    poll_track();
  }

  void poll_track() {
    try {
      while (!done_) {
        if (group_) {
          auto frame = group_->read_frame();
          if (frame.is_pending()) return;
          if (frame.is_end()) {
            emit("group " + std::to_string(group_->sequence()) + " end, " + std::to_string(frame_index_) + " frames");
            group_.reset();
            continue;
          }
          const Bytes& payload = frame.value();
          emit("  frame " + std::to_string(frame_index_++) + " size " + std::to_string(payload.size()) + " at " +
               clock_time(std::chrono::system_clock::now()) + " " + preview(payload, preview_bytes_));
          continue;
        }
        auto item = track_->next_group();
        if (item.is_pending()) return;
        if (item.is_end()) {
          emit("track end");
          return finish();
        }
        if (auto* dropped = std::get_if<GroupsDropped>(&item.value())) {
          emit("groups " + std::to_string(dropped->first) + ".." +
               std::to_string(dropped->first + dropped->count - 1) + " dropped");
          continue;
        }
        group_.emplace(std::move(std::get<GroupConsumer>(item.value())));
        frame_index_ = 0;
        group_->on_change([this] { poll_track(); });
        emit("group " + std::to_string(group_->sequence()) + " at " + clock_time(std::chrono::system_clock::now()));
      }
    } catch (const Error& error) {
      fail(error);
    }
  }

  const std::vector<std::string>& arguments_;
  bool watch_;
  uint64_t preview_bytes_;
  const tool::Logger& logger_;
  EventLoop loop_;
  std::optional<AnnouncedConsumer> announced_;
  std::optional<TrackConsumer> track_;
  std::optional<GroupConsumer> group_;
  uint64_t frame_index_ = 0;
  bool live_ = false;
  bool done_ = false;
  std::exception_ptr failure_;
};

}  // namespace

LiveCommand::LiveCommand(CLI::App& app) {
  app.add_option("URL_PATH", arguments_,
                 "Live modes: URL lists the announced tracks; URL PATH shows a track's groups and frames")
      ->expected(1, 2)
      ->option_text("URL [PATH]");
  app.add_flag("--watch", watch_, "With URL only: keep listing changes (+ path / - path)");
  app.add_flag("-i,--interactive", interactive_,
               "With URL only: an interactive shell (sub, pub, fetch, info, announced; 'help' lists them)");
  app.add_flag("--info", info_, "With URL PATH: print the publisher's Info about the track and exit");
  app.add_option("--preview", preview_, "Payload bytes shown per frame")->option_text("N (default 32)");
  app.add_option("--timeout", timeout_seconds_, "Give up after SEC seconds (exit status 6)")
      ->check(CLI::PositiveNumber)
      ->option_text("SEC");
}

void LiveCommand::run(const tool::Logger& logger) const {
  if (info_ && arguments_.size() != 2) throw ToolFailure(ExitCode::usage, "--info needs URL PATH");
  if (watch_ && arguments_.size() != 1) throw ToolFailure(ExitCode::usage, "--watch needs URL only");
  if (interactive_) {
    if (arguments_.size() != 1 || watch_ || info_) throw ToolFailure(ExitCode::usage, "-i needs URL only");
    return run_interactive_shell({.url = arguments_[0], .transport = transport_, .preview_bytes = preview_}, logger);
  }
  LiveRun(arguments_, watch_, preview_, logger).run(transport_, info_, timeout_seconds_);
}

}  // namespace moq::cat
