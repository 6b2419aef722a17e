#include "interactive_shell.h"

#include <charconv>
#include <csignal>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "client_session.h"
#include "line_editor.h"
#include "moq/event_loop.h"
#include "moq/session.h"
#include "shell_events.h"

namespace moq::cat {

namespace {

constexpr const char* prompt = "moq> ";

constexpr const char* help_text =
    "commands:\n"
    "  announced [PREFIX]        list the tracks announced under PREFIX, then follow changes (+/-)\n"
    "  sub PATH                  subscribe; groups and frames are shown as they arrive\n"
    "  unsub PATH                end that subscription\n"
    "  info PATH                 the publisher's Info about the track\n"
    "  fetch PATH GROUP [OFFSET] the frames of a cached group, from frame OFFSET on\n"
    "  pub PATH                  publish PATH: each line typed is a frame (in a group of its own)\n"
    "                            until a line with a single '.'\n"
    "  stats                     what was received and published so far\n"
    "  help                      this text\n"
    "  quit                      leave (also Ctrl-D, Ctrl-C)";

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

std::optional<uint64_t> number_of(const std::string& text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Typed lines being published (pub PATH).
struct Publication {
  std::string path;
  TrackProducer producer;
  uint64_t frames = 0;
};

class Shell {
 public:
  Shell(EventLoop& loop, Session& session, const ShellOptions& options)
      : loop_(loop), session_(session), options_(options) {}

  void run() {
    editor_.emplace(loop_, prompt, [this](std::optional<std::string> line) {
      if (!line) return quit();
      handle(*line);
    });
    say("connected to " + options_.url + "; 'help' lists the commands");
    if (!quit_) loop_.run();
    // The editor goes first so the terminal is restored before anything else can print.
    editor_.reset();
    if (publication_) publication_->producer.finish();
    subscriptions_.clear();
    fetches_.clear();
    announcements_.clear();
  }

  void say(const std::string& line) {
    if (editor_) editor_->print(line);
  }

  void quit() {
    quit_ = true;
    loop_.stop();
  }

 private:
  void handle(const std::string& line) {
    if (quit_) return;  // lines piped in after quit
    if (publication_) return publish_line(line);
    auto words = words_of(line);
    if (words.empty()) return;
    const std::string& command = words[0];
    try {
      if (command == "help" || command == "?") {
        say(help_text);
      } else if (command == "quit" || command == "exit") {
        quit();
      } else if (command == "announced" && words.size() <= 2) {
        announced(words.size() == 2 ? Path::parse(words[1]) : Path{});
      } else if (command == "sub" && words.size() == 2) {
        subscribe(words[1]);
      } else if (command == "unsub" && words.size() == 2) {
        unsubscribe(words[1]);
      } else if (command == "info" && words.size() == 2) {
        info(words[1]);
      } else if (command == "fetch" && (words.size() == 3 || words.size() == 4)) {
        fetch(words);
      } else if (command == "pub" && words.size() == 2) {
        publish(words[1]);
      } else if (command == "stats" && words.size() == 1) {
        stats();
      } else {
        say("? " + line + " ('help' lists the commands)");
      }
    } catch (const Error& error) {
      say("error: " + std::string(error.what()) + " (" + code_name(error.code()) + ")");
    }
  }

  PrintLine printer() {
    return [this](const std::string& line) { say(line); };
  }

  void announced(const Path& prefix) {
    announcements_.push_back(
        std::make_unique<ShellAnnouncements>(prefix, session_.announced(prefix), printer()));
  }

  void subscribe(const std::string& path) {
    if (auto it = subscriptions_.find(path); it != subscriptions_.end() && !it->second->ended()) {
      say("already subscribed to " + path);
      return;
    }
    TrackConsumer track = session_.subscribe(Track{.path = Path::parse(path)});
    subscriptions_.insert_or_assign(
        path, std::make_unique<ShellSubscription>(path, std::move(track), options_.preview_bytes, printer()));
    say("subscribed to " + path);
  }

  void unsubscribe(const std::string& path) {
    auto it = subscriptions_.find(path);
    if (it == subscriptions_.end()) {
      say("not subscribed to " + path);
      return;
    }
    say(it->second->summary());
    subscriptions_.erase(it);
    say("unsubscribed from " + path);
  }

  void info(const std::string& path) {
    session_.info(
        Path::parse(path),
        [this, path](const TrackInfo& info) {
          const Track& track = info.track;
          say("[info " + path + "] priority " + std::to_string(int{track.priority}) + ", order " +
              (track.group_order == GroupOrder::ascending ? "asc" : "desc") + ", expires " +
              std::to_string(track.group_expires.count()) + " ms, latest group " + std::to_string(info.latest_group));
        },
        [this, path](const Error& error) {
          say("[info " + path + "] failed: " + std::string(error.what()) + " (" + code_name(error.code()) + ")");
        });
  }

  void fetch(const std::vector<std::string>& words) {
    auto group = number_of(words[2]);
    auto offset = words.size() == 4 ? number_of(words[3]) : std::optional<uint64_t>(0);
    if (!group || !offset) {
      say("fetch PATH GROUP [OFFSET]: GROUP and OFFSET are numbers");
      return;
    }
    uint64_t id = next_fetch_++;
    std::string label = "fetch " + words[1] + " " + words[2];
    auto consumer = session_.fetch(Path::parse(words[1]), *group, *offset);
    // Removed later: the fetch reports its end from inside its own callback.
    fetches_[id] = std::make_unique<ShellFetch>(label, std::move(consumer), *offset, options_.preview_bytes, printer(),
                                                [this, id] { loop_.post([this, id] { fetches_.erase(id); }); });
  }

  void publish(const std::string& path) {
    TrackOptions cache;
    cache.cache_groups = 16;
    TrackProducer producer(Track{.path = Path::parse(path)}, cache);
    session_.publish(producer.consume());
    publication_.emplace(Publication{path, std::move(producer)});
    editor_->set_prompt(path + "> ");
    say("publishing " + path + ": each line is a frame; a single '.' ends the track");
  }

  void publish_line(const std::string& line) {
    if (line == ".") {
      publication_->producer.finish();
      say("published " + std::to_string(publication_->frames) + " frames on " + publication_->path);
      published_frames_ += publication_->frames;
      publication_.reset();
      editor_->set_prompt(prompt);
      return;
    }
    auto group = publication_->producer.append_group();
    group.write_frame(Bytes::copy(line));
    group.finish();
    ++publication_->frames;
  }

  void stats() {
    std::string text;
    for (const auto& [path, subscription] : subscriptions_) text += subscription->summary() + "\n";
    if (subscriptions_.empty()) text += "no subscriptions\n";
    uint64_t seen = 0;
    for (const auto& watcher : announcements_) seen += watcher->seen();
    text += "announcements: " + std::to_string(announcements_.size()) + " prefixes followed, " +
            std::to_string(seen) + " tracks seen\n";
    text += "published: " + std::to_string(published_frames_ + (publication_ ? publication_->frames : 0)) + " frames";
    say(text);
  }

  EventLoop& loop_;
  Session& session_;
  const ShellOptions& options_;
  std::optional<LineEditor> editor_;
  std::map<std::string, std::unique_ptr<ShellSubscription>> subscriptions_;
  std::map<uint64_t, std::unique_ptr<ShellFetch>> fetches_;
  std::vector<std::unique_ptr<ShellAnnouncements>> announcements_;
  std::optional<Publication> publication_;
  uint64_t next_fetch_ = 0;
  uint64_t published_frames_ = 0;
  bool quit_ = false;
};

}  // namespace

void run_interactive_shell(const ShellOptions& options, const tool::Logger& logger) {
  EventLoop loop;
  std::optional<Error> lost;
  Shell* shell = nullptr;
  SessionOptions session_options;
  session_options.on_closed = [&](const Error& error) {
    lost = Error(code::transport, "connection to " + options.url + " lost: " +
                                      (*error.what() != '\0' ? std::string(error.what()) : code_name(error.code())));
    if (shell) shell->quit();
  };
  tool::ClientSession client(loop, options.url, options.transport, session_options);
  logger.debug("interactive session with ", options.url);
  EventLoop::Signal interrupt(loop, SIGINT, [&] { loop.stop(); });
  EventLoop::Signal terminate(loop, SIGTERM, [&] { loop.stop(); });
  {
    Shell running(loop, client.session(), options);
    shell = &running;
    running.run();
    shell = nullptr;
  }
  if (lost) throw *lost;
  client.close(loop);
}

}  // namespace moq::cat
