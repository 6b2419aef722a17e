// moq-relay end to end: the real binary as a child process on loopback, publishers and
// subscribers as real sessions over real QUIC in this process.

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "moq/announced.h"
#include "moq/event_loop.h"
#include "moq/track.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"
#include "stalled_subscriber.h"

using namespace std::chrono_literals;
using namespace moq::test;
using moq::Path;

TEST_CASE("a subscription made before the publisher announces is served once it does") {
  RelayProcess relay;
  moq::EventLoop loop;
  RelayClient subscriber(loop, relay);
  REQUIRE(loop.run_until([&] { return subscriber.ready(); }, 5s));
  Recorder recorder(subscriber.session().subscribe(track_at("late/track")));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_waiting_subscriptions", 1));

  RelayClient publisher(loop, relay);
  moq::TrackProducer producer(track_at("late/track"));
  REQUIRE(loop.run_until([&] { return publisher.ready(); }, 5s));
  publisher.session().publish(producer.consume());
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 1));
  // Had both groups been written before the relay's subscription reached the publisher, only the
  // latest would be delivered; so the second is written once the first has arrived.
  write_group(producer, 2);
  REQUIRE(loop.run_until([&] { return recorder.group_count() == 1 || recorder.error(); }, 5s));
  write_group(producer, 2);
  // A group is recorded as it starts: wait for both of its frames.
  REQUIRE(loop.run_until(
      [&] { return (recorder.group_count() == 2 && recorder.contents()[1].second.size() == 2) || recorder.error(); },
      5s));
  REQUIRE_FALSE(recorder.error());
  auto contents = recorder.contents();
  CHECK(contents[1].second == std::vector<std::string>{frame_payload(1, 0), frame_payload(1, 1)});
}

TEST_CASE("a subscription nobody publishes ends with 13 after --subscribe-wait") {
  RelayProcess relay({"--subscribe-wait", "300"});
  moq::EventLoop loop;
  RelayClient subscriber(loop, relay);
  REQUIRE(loop.run_until([&] { return subscriber.ready(); }, 5s));
  auto started = std::chrono::steady_clock::now();
  Recorder recorder(subscriber.session().subscribe(track_at("nobody/here")));
  REQUIRE(loop.run_until([&] { return recorder.error() || recorder.ended(); }, 5s));
  REQUIRE(recorder.error());
  CHECK(recorder.error()->code() == moq::code::not_found);
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(waited >= 250ms);
  CHECK(waited < 3s);
}

TEST_CASE("a second publisher of a path is closed with 12 and the first keeps working") {
  RelayProcess relay;
  moq::EventLoop loop;
  RelayClient first(loop, relay);
  RelayClient second(loop, relay);
  RelayClient subscriber(loop, relay);
  REQUIRE(loop.run_until([&] { return first.ready() && second.ready() && subscriber.ready(); }, 5s));
  moq::TrackProducer first_track(track_at("dup/track"));
  first.session().publish(first_track.consume());
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_tracks", 1));
  moq::TrackProducer second_track(track_at("dup/track"));
  second.session().publish(second_track.consume());
  REQUIRE(loop.run_until([&] { return second.ended().has_value(); }, 5s));
  CHECK(second.ended()->code() == moq::code::duplicate);
  CHECK(relay.log().find("refused: dup/track is already published by session") != std::string::npos);

  Recorder recorder(subscriber.session().subscribe(track_at("dup/track")));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 1));
  write_group(first_track, 1);
  REQUIRE(loop.run_until([&] { return recorder.group_count() == 1 || recorder.error(); }, 5s));
  CHECK(recorder.contents().at(0).second.at(0) == frame_payload(0, 0));
  CHECK_FALSE(first.ended());
}

TEST_CASE("a publisher leaving ends its subscriptions cleanly and un-announces its tracks") {
  RelayProcess relay;
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  RelayClient subscriber(loop, relay);
  REQUIRE(loop.run_until([&] { return publisher.ready() && subscriber.ready(); }, 5s));
  auto announced = subscriber.session().announced(Path::parse("room"));
  std::vector<moq::Announcement> announcements;
  announced.on_change([&] {
    for (auto next = announced.next(); next.is_ready(); next = announced.next()) announcements.push_back(next.value());
  });
  moq::TrackProducer producer(track_at("room/bob/audio"));
  publisher.session().publish(producer.consume());
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_tracks", 1));
  Recorder recorder(subscriber.session().subscribe(track_at("room/bob/audio")));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 1));
  write_group(producer, 1);
  REQUIRE(loop.run_until([&] { return recorder.group_count() == 1; }, 5s));

  publisher.drop();
  REQUIRE(loop.run_until([&] { return recorder.ended() || recorder.error(); }, 5s));
  CHECK_FALSE(recorder.error());
  REQUIRE(loop.run_until([&] { return announcements.size() >= 2 && announcements.back().kind == moq::Announcement::Kind::ended; }, 5s));
  CHECK(announcements.back().name == Path::parse("bob/audio"));
  CHECK(wait_for_metric(loop, relay, "moq_relay_tracks", 0));
  CHECK_FALSE(subscriber.ended());
}

TEST_CASE("a subscriber that stops reading does not stall the others") {
  // 1 MB of backlog per subscriber: the stalled one overflows it, the fast one never does.
  RelayProcess relay({"--backlog-bytes", "1000000"});
  StalledSubscriberSetup setup(relay, "big/track");
  Recorder& fast_recorder = setup.fast_recorder();
  Recorder& stalled_recorder = setup.stalled_recorder();

  // 60 groups of 4 x ~10 kB: far beyond the stalled subscriber's backlog.
  constexpr size_t group_count = 60;
  auto started = std::chrono::steady_clock::now();
  REQUIRE(setup.write_paced_by_fast(group_count, [&](size_t) { write_group(setup.producer(), 4); }, 8s));
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  REQUIRE_FALSE(fast_recorder.error());
  CHECK(fast_recorder.dropped().empty());
  CHECK(stalled_recorder.group_count() < group_count);
  // The relay gave up the stalled subscriber's oldest groups rather than buffer them all.
  CHECK(metric_value(metrics_of(relay), "moq_relay_groups_reset_out_total") > 0);
}

TEST_CASE("/metrics and /fingerprint answer over HTTP") {
  RelayProcess relay({"--dev"});
  auto fingerprint = moq::test::http_get(relay.port(), "/fingerprint");
  CHECK(fingerprint.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(fingerprint.find("\r\nAccess-Control-Allow-Origin: *\r\n") != std::string::npos);
  CHECK(fingerprint.substr(fingerprint.find("\r\n\r\n") + 4) == relay.fingerprint());
  CHECK(moq::test::http_get(relay.port(), "/other").rfind("HTTP/1.1 404", 0) == 0);
  auto metrics = metrics_of(relay);
  CHECK(metrics.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(metrics.find("# TYPE moq_relay_sessions gauge\n") != std::string::npos);
  CHECK(metric_value(metrics, "moq_relay_sessions") == 0);
}

TEST_CASE("SIGTERM closes the sessions with code 0 and exits 0 promptly") {
  RelayProcess relay;
  moq::EventLoop loop;
  RelayClient client(loop, relay);
  REQUIRE(loop.run_until([&] { return client.ready(); }, 5s));
  auto started = std::chrono::steady_clock::now();
  auto status = relay.signal_and_wait(SIGTERM, 2s);
  REQUIRE(status);
  CHECK(*status == 0);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  REQUIRE(loop.run_until([&] { return client.ended().has_value(); }, 3s));
  CHECK(client.ended()->code() == moq::code::cancel);
}

TEST_CASE("connections beyond --max-sessions are closed with 11") {
  RelayProcess relay({"--max-sessions", "1"});
  moq::EventLoop loop;
  RelayClient first(loop, relay);
  REQUIRE(loop.run_until([&] { return first.ready(); }, 5s));
  RelayClient second(loop, relay);
  REQUIRE(loop.run_until([&] { return second.ended().has_value(); }, 5s));
  CHECK(second.ended()->code() == moq::code::bounds_exceeded);
  CHECK(std::string(second.ended()->what()).find("relay full") != std::string::npos);
  CHECK_FALSE(first.ended());
}

TEST_CASE("a subscription beyond --max-subscriptions is refused with 11 and the session goes on") {
  RelayProcess relay({"--max-subscriptions", "1"});
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  RelayClient subscriber(loop, relay);
  REQUIRE(loop.run_until([&] { return publisher.ready() && subscriber.ready(); }, 5s));
  moq::TrackProducer first_track(track_at("limit/a"));
  moq::TrackProducer second_track(track_at("limit/b"));
  publisher.session().publish(first_track.consume());
  publisher.session().publish(second_track.consume());
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_tracks", 2));
  Recorder first(subscriber.session().subscribe(track_at("limit/a")));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 1));
  Recorder second(subscriber.session().subscribe(track_at("limit/b")));
  REQUIRE(loop.run_until([&] { return second.error().has_value(); }, 5s));
  CHECK(second.error()->code() == moq::code::bounds_exceeded);
  write_group(first_track, 1);
  REQUIRE(loop.run_until([&] { return first.group_count() == 1 || first.error(); }, 5s));
  CHECK_FALSE(first.error());
  CHECK_FALSE(subscriber.ended());
}
