#include "bench_run.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>

#include "bench_publisher.h"
#include "bench_report.h"
#include "bench_subscriber.h"
#include "client_session.h"
#include "delivery_tracker.h"
#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/relay.h"
#include "moq/session.h"
#include "subscription_origin.h"
#include "tool_failure.h"

namespace moq::bench {

namespace {

using namespace std::chrono_literals;
using tool::ExitCode;
using tool::ToolFailure;

// After the subscriptions reached the publisher: time for the relay to attach the others.
constexpr auto settle = 100ms;
constexpr auto subscribe_limit = 30s;
// A subscriber-only run does not know the publisher's schedule exactly: this much extra.
constexpr auto sub_slack = 30s;

EventLoop::Clock::duration seconds(double value) {
  return std::chrono::duration_cast<EventLoop::Clock::duration>(std::chrono::duration<double>(value));
}

double elapsed_seconds(EventLoop::Clock::time_point since) {
  return std::chrono::duration<double>(EventLoop::Clock::now() - since).count();
}

struct Subscriber {
  std::unique_ptr<tool::ClientSession> client;
  std::unique_ptr<BenchSubscriber> reader;
};

class BenchRun {
 public:
  BenchRun(const BenchFlags& flags, const tool::Logger& logger)
      : flags_(flags), logger_(logger), progress_(!flags.json && ::isatty(STDERR_FILENO) == 1) {}

  void run() {
    check_flags();
    workload_ = parse_workload(flags_.workload, flags_.tracks);
    window_ = parse_byte_count(flags_.window, "--window");
    broadcast_ = Path::parse(flags_.broadcast);
    bool publishing = flags_.role != "sub";
    bool subscribing = flags_.role != "pub";
    std::signal(SIGPIPE, SIG_IGN);
    EventLoop::Signal interrupt(loop_, SIGINT, [this] { interrupted(); });
    EventLoop::Signal terminate(loop_, SIGTERM, [this] { interrupted(); });

    std::string url = flags_.url;
    TlsClientOptions tls = flags_.tls;
    if (url.empty()) url = start_local_server(tls);
    if (publishing) start_publisher(url, tls);
    if (subscribing) start_subscribers(url, tls);
    if (publishing) wait_for_subscriptions();

    started_ = EventLoop::Clock::now();
    EventLoop::Timer interval(loop_, [&] { report_interval(interval); });
    if (flags_.interval_seconds > 0) interval.arm_after(seconds(flags_.interval_seconds));
    EventLoop::Timer progress(loop_, [&] {
      progress_.show(elapsed_seconds(started_), flags_.warmup_seconds + flags_.duration_seconds);
      progress.arm_after(200ms);
    });
    progress.arm_after(200ms);
    EventLoop::Timer deadline(loop_, [this] {
      timed_out_ = true;
      loop_.stop();
    });
    if (!publishing) deadline.arm_after(seconds(flags_.warmup_seconds + flags_.duration_seconds + flags_.linger_seconds) + sub_slack);
    if (publisher_) publisher_->start();

    if (!finished()) loop_.run();
    progress.cancel();
    progress_.clear();
    if (!interrupted_ && publishing && !subscribing) wait_for_delivery();
    report(subscribing);
    close_all();
  }

 private:
  void check_flags() {
    if (flags_.role != "all" && flags_.url.empty()) {
      throw ToolFailure(ExitCode::usage, "--role " + flags_.role + " needs the URL of a relay");
    }
    if (flags_.direct && flags_.role != "all") throw ToolFailure(ExitCode::usage, "--direct runs every role in one process");
  }

  std::string target() const {
    if (flags_.direct) return "direct";
    return flags_.url.empty() ? "embedded relay" : flags_.url;
  }

  // The embedded relay, or the publisher's own server with --direct; clients pin its certificate.
  std::string start_local_server(TlsClientOptions& tls) {
    TlsServerOptions generated;
    generated.generate = {"127.0.0.1", "localhost"};
    auto certificate = ServerCertificate::create(generated);
    tls = TlsClientOptions{};
    tls.fingerprint = certificate->fingerprint();
    QuicServerOptions quic;
    quic.quic = flags_.quic;
    quic.bind = "127.0.0.1:0";
    quic.certificate = certificate;
    uint16_t port = 0;
    if (flags_.direct) {
      direct_server_ = std::make_unique<QuicServer>(loop_, quic, [this](std::shared_ptr<QuicConnection> connection) {
        uint64_t id = next_direct_id_++;
        SessionOptions options = publisher_session_options();
        options.on_closed = [this, id](const Error&) { loop_.post([this, id] { direct_sessions_.erase(id); }); };
        direct_sessions_.emplace(id, Session::accept(std::move(connection), std::move(options)));
      });
      port = direct_server_->local_port();
    } else {
      RelayServerOptions relay;
      relay.quic = quic;
      relay_ = std::make_unique<RelayServer>(loop_, relay);
      port = relay_->local_port();
    }
    return "moqf://127.0.0.1:" + std::to_string(port);
  }

  SessionOptions publisher_session_options() {
    SessionOptions options;
    options.origin = std::make_shared<pub::SubscriptionOrigin>(origin_, [this] { ++subscriptions_seen_; });
    // The window holds the publisher back instead: the session must not drop what it was given.
    options.max_backlog_groups = std::numeric_limits<size_t>::max();
    options.max_backlog_bytes = std::numeric_limits<uint64_t>::max();
    return options;
  }

  void start_publisher(const std::string& url, const TlsClientOptions& tls) {
    PublishSchedule schedule{.warmup = seconds(flags_.warmup_seconds),
                             .duration = seconds(flags_.duration_seconds),
                             .frames_limit = flags_.frames,
                             .frames_per_group = flags_.frames_per_group};
    publisher_ = std::make_unique<BenchPublisher>(
        loop_, broadcast_, workload_, schedule, sent_, [this] { return may_send(); }, [this] { check_finished(); });
    origin_ = std::make_shared<LocalOrigin>();
    origin_->publish(publisher_->broadcast());
    if (flags_.direct) return;
    SessionOptions options = publisher_session_options();
    options.on_closed = [this](const Error& error) {
      if (!publisher_->done()) failures_.push_back(std::string("publisher's session closed: ") + error.what());
      loop_.stop();
    };
    publisher_client_ = std::make_unique<tool::ClientSession>(
        loop_, url, QuicClientOptions{.quic = flags_.quic, .tls = tls}, std::move(options),
        [this](std::shared_ptr<Connection> connection) {
          tracker_ = std::make_shared<pub::DeliveryTracker>(std::move(connection));
          return tracker_;
        });
  }

  void start_subscribers(const std::string& url, const TlsClientOptions& tls) {
    // One socket for all: each receive call then takes the datagrams of many subscribers.
    auto client = std::make_shared<EndpointClient>(
        loop_, QuicClientOptions{.quic = flags_.quic, .tls = tls, .share_socket = true});
    for (uint64_t i = 0; i < flags_.subscribers; ++i) {
      SessionOptions options;
      // Everything is read as it arrives; a local track must never drop for lack of room.
      options.track_options.backlog_groups = size_t{1} << 20;
      options.track_options.backlog_bytes = uint64_t{1} << 40;
      auto session = std::make_unique<tool::ClientSession>(loop_, url, client, std::move(options));
      auto reader = std::make_unique<BenchSubscriber>(session->session(), broadcast_, workload_, received_,
                                                      [this] { loop_.post([this] { check_finished(); }); });
      subscribers_.push_back({std::move(session), std::move(reader)});
    }
    // Scripts wait for this line before they start a publisher (--role sub).
    logger_.log(flags_.role == "sub" ? tool::LogLevel::info : tool::LogLevel::debug, flags_.subscribers,
                " subscriber(s) connected to ", url);
  }

  // The publisher starts once the subscriptions reached it: one per track through a relay,
  // one per track and subscriber when it serves them directly (--role pub: the first ones).
  void wait_for_subscriptions() {
    uint64_t wanted = flags_.direct ? flags_.tracks * flags_.subscribers : flags_.tracks;
    if (!loop_.run_until([&] { return subscriptions_seen_ >= wanted || interrupted_; }, subscribe_limit)) {
      throw ToolFailure(ExitCode::timeout, "no subscription reached the publisher within 30 s");
    }
    if (flags_.role == "all") loop_.run_until([] { return false; }, settle);
  }

  bool may_send() const {
    uint64_t written = publisher_->written_bytes();
    if (!subscribers_.empty()) {
      uint64_t slowest = std::numeric_limits<uint64_t>::max();
      for (const Subscriber& subscriber : subscribers_) slowest = std::min(slowest, subscriber.reader->received_bytes());
      return written - std::min(written, slowest) < window_;
    }
    if (tracker_) return written - std::min(written, tracker_->delivered()) < window_;
    return true;
  }

  bool finished() const {
    if (publisher_ && !publisher_->done()) return false;
    return std::all_of(subscribers_.begin(), subscribers_.end(), [](const Subscriber& s) { return s.reader->ended(); });
  }

  void check_finished() {
    if (!publisher_ || !publisher_->done()) {
      if (finished()) loop_.stop();
      return;
    }
    if (finished()) {
      loop_.stop();
      return;
    }
    if (!linger_) {
      linger_ = std::make_unique<EventLoop::Timer>(loop_, [this] { loop_.stop(); });
      linger_->arm_after(seconds(flags_.linger_seconds));
    }
  }

  void interrupted() {
    interrupted_ = true;
    loop_.stop();
  }

  // --role pub: until the relay has acknowledged everything.
  void wait_for_delivery() {
    if (!tracker_) return;
    loop_.run_until([this] { return tracker_->streams_in_flight() == 0; }, seconds(flags_.linger_seconds));
  }

  void report_interval(EventLoop::Timer& timer) {
    IntervalFigures figures;
    figures.end = elapsed_seconds(started_);
    figures.start = last_interval_end_;
    double span = figures.end - figures.start;
    last_interval_end_ = figures.end;
    if (publisher_) figures.sent = Throughput{sent_.interval.frames, sent_.interval.bytes, span};
    if (!subscribers_.empty() || flags_.role == "sub") {
      figures.received = Throughput{received_.interval.frames, received_.interval.bytes, span};
      figures.latency_ns = &received_.interval.latency_ns;
      figures.dropped_groups = received_.interval.dropped_groups;
    }
    intervals_.push_back(interval_json(figures));
    if (!flags_.json) {
      progress_.clear();
      std::cout << interval_line(figures) << std::endl;
    }
    sent_.interval.clear();
    received_.interval.clear();
    timer.arm_after(seconds(flags_.interval_seconds));
  }

  void report(bool subscribing) {
    RunSummary summary;
    summary.role = flags_.role;
    summary.target = target();
    summary.tracks = flags_.tracks;
    summary.subscribers = subscribing ? flags_.subscribers : 0;
    summary.warmup_seconds = flags_.warmup_seconds;
    summary.duration_seconds = flags_.duration_seconds;
    summary.usage = process_usage();
    summary.intervals = intervals_;
    summary.failures = failures_;
    if (publisher_) summary.sent = Throughput{sent_.total.frames, sent_.total.bytes, publisher_->measured_seconds()};
    if (subscribing) {
      Delivery delivery;
      double window = received_.last_received_ns > received_.first_sent_ns
                          ? static_cast<double>(received_.last_received_ns - received_.first_sent_ns) / 1e9
                          : 0;
      delivery.throughput = Throughput{received_.total.frames, received_.total.bytes, window};
      delivery.dropped_groups = received_.total.dropped_groups;
      delivery.tracks_failed = received_.tracks_failed;
      if (publisher_) {
        delivery.expected_frames = sent_.total.frames * flags_.subscribers;
      } else {
        delivery.expected_frames = received_.expected_frames;
        delivery.expected_known = received_.trailers == flags_.tracks * flags_.subscribers;
      }
      summary.received = delivery;
      summary.latency_ns = &received_.total.latency_ns;
      summary.per_track = &received_.per_track;
      add_delivery_failures(delivery, summary.failures);
    }
    if (timed_out_) summary.failures.emplace_back("the tracks did not end in time");
    if (interrupted_) summary.failures.emplace_back("interrupted");
    if (flags_.json) {
      std::cout << summary_json(summary).dump(2) << std::endl;
    } else {
      print_summary(std::cout, summary);
    }
    if (!summary.failures.empty()) failure_ = summary.failures.front();
  }

  void add_delivery_failures(const Delivery& delivery, std::vector<std::string>& failures) const {
    bool lossless = std::all_of(workload_.begin(), workload_.end(), [](const TrackWorkload& track) {
      return track.expires.count() == 0;
    });
    if (delivery.tracks_failed > 0) {
      failures.push_back(std::to_string(delivery.tracks_failed) + " subscription(s) ended with an error (first: " +
                         received_.first_error + ")");
    }
    if (!delivery.expected_known) failures.emplace_back("some tracks ended without their trailer: the run was cut short");
    if (lossless && (delivery.lost_frames() > 0 || delivery.dropped_groups > 0)) {
      failures.push_back("lost " + std::to_string(delivery.lost_frames()) + " of " +
                         std::to_string(delivery.expected_frames) + " measured frames and dropped " +
                         std::to_string(delivery.dropped_groups) + " group(s) with no expiry");
    }
    if (received_.malformed_frames > 0) {
      failures.push_back(std::to_string(received_.malformed_frames) + " frame(s) without a valid stamp");
    }
  }

  void close_all() {
    for (Subscriber& subscriber : subscribers_) subscriber.reader.reset();
    for (Subscriber& subscriber : subscribers_) {
      if (!subscriber.client->session().closed()) subscriber.client->session().close(code::cancel, "");
    }
    if (publisher_client_ && !publisher_client_->session().closed()) {
      publisher_client_->session().close(code::cancel, "");
    }
    // One short turn so the close packets leave.
    loop_.run_until([] { return false; }, 50ms);
    if (!failure_.empty()) throw ToolFailure(ExitCode::failure, failure_);
  }

  const BenchFlags& flags_;
  const tool::Logger& logger_;
  EventLoop loop_;
  std::vector<TrackWorkload> workload_;
  uint64_t window_ = 0;
  Path broadcast_;
  std::unique_ptr<RelayServer> relay_;
  std::unique_ptr<QuicServer> direct_server_;
  std::map<uint64_t, Session> direct_sessions_;
  uint64_t next_direct_id_ = 0;
  std::shared_ptr<LocalOrigin> origin_;
  SendStats sent_;
  ReceiveStats received_;
  std::unique_ptr<BenchPublisher> publisher_;
  std::shared_ptr<pub::DeliveryTracker> tracker_;
  std::unique_ptr<tool::ClientSession> publisher_client_;
  std::vector<Subscriber> subscribers_;
  uint64_t subscriptions_seen_ = 0;
  std::unique_ptr<EventLoop::Timer> linger_;
  EventLoop::Clock::time_point started_{};
  double last_interval_end_ = 0;
  std::vector<nlohmann::json> intervals_;
  ProgressBar progress_;
  std::vector<std::string> failures_;
  std::string failure_;
  bool interrupted_ = false;
  bool timed_out_ = false;
};

}  // namespace

void run_bench(const BenchFlags& flags, const tool::Logger& logger) { BenchRun(flags, logger).run(); }

}  // namespace moq::bench
