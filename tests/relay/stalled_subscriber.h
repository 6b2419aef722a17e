#pragma once
// A publisher, a fast subscriber and a stalled subscriber of one track, against a relay: the
// setup of the tests showing that a subscriber which stops reading costs the relay its backlog
// and stalls nobody else.

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "moq/event_loop.h"
#include "moq/track.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"

namespace moq::test {

class StalledSubscriberSetup {
 public:
  // Publishes the track at path, then subscribes the stalled subscriber and the fast one.
  StalledSubscriberSetup(const RelayProcess& relay, const std::string& path)
      : publisher_(loop_, relay), fast_(loop_, relay), producer_(track_at(path)) {
    using namespace std::chrono_literals;
    REQUIRE(loop_.run_until([&] { return publisher_.ready() && fast_.ready(); }, 5s));
    publisher_.session().publish(producer_.consume());
    REQUIRE(wait_for_metric(loop_, relay, "moq_relay_tracks", 1));

    // The stalled subscriber lives on a loop of its own that stops turning once it subscribed:
    // its socket is never read, so it acknowledges nothing.
    stalled_.emplace(stalled_loop_, relay);
    REQUIRE(stalled_loop_.run_until([&] { return stalled_->ready(); }, 5s));
    stalled_recorder_.emplace(stalled_->session().subscribe(track_at(path)));
    stalled_loop_.run_until([] { return false; }, 100ms);
    fast_recorder_.emplace(fast_.session().subscribe(track_at(path)));
    REQUIRE(wait_for_metric(loop_, relay, "moq_relay_subscribers", 2));
  }
  StalledSubscriberSetup(const StalledSubscriberSetup&) = delete;
  StalledSubscriberSetup& operator=(const StalledSubscriberSetup&) = delete;

  // Where the publisher and the fast subscriber run.
  EventLoop& loop() { return loop_; }
  // Turning it lets the stalled subscriber read again.
  EventLoop& stalled_loop() { return stalled_loop_; }
  TrackProducer& producer() { return producer_; }
  Recorder& fast_recorder() { return *fast_recorder_; }
  Recorder& stalled_recorder() { return *stalled_recorder_; }

  // Writes group_count groups, write_next(n) the n-th (from 1), never more than 8 ahead of what
  // the fast subscriber received: the publisher is paced by the fast one, never by the stalled
  // one. True once the fast subscriber has them all, or has failed.
  bool write_paced_by_fast(size_t group_count, const std::function<void(size_t)>& write_next,
                           std::chrono::milliseconds timeout) {
    size_t written = 0;
    return loop_.run_until(
        [&] {
          if (written < group_count && written < fast_recorder_->group_count() + 8) {
            write_next(++written);
          }
          return fast_recorder_->group_count() == group_count || fast_recorder_->error();
        },
        timeout);
  }

 private:
  EventLoop loop_;
  RelayClient publisher_;
  RelayClient fast_;
  TrackProducer producer_;
  EventLoop stalled_loop_;
  // Made once the track is published, as the setup goes.
  std::optional<RelayClient> stalled_;
  std::optional<Recorder> stalled_recorder_;
  std::optional<Recorder> fast_recorder_;
};

}  // namespace moq::test
