// The session's features over a WebTransport connection pair on loopback (our client, our
// server): publishing from either side, subscribing, announcements, info, fetch, and the moq
// codes of resets and closes, all through extended CONNECT and prefixed streams.

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "moq/session.h"
#include "moq/track.h"
#include "moq/webtransport.h"
#include "test_track.h"
#include "webtransport_test_support.h"

using namespace std::chrono_literals;
using moq::test::track_at;
using moq::Path;

namespace {

// prefix followed by n, built by appending (GCC 12 warns falsely about "d" + std::to_string(n)).
std::string numbered(std::string prefix, int n) {
  prefix += std::to_string(n);
  return prefix;
}

void append_group(moq::TrackProducer& track, const std::vector<std::string>& frames) {
  auto group = track.append_group();
  for (const auto& frame : frames) group.write_frame(moq::Bytes::copy(std::string_view(frame)));
  group.finish();
}

// A client session on the fixture's server and the server's session for it, both set up.
struct WebTransportPair {
  explicit WebTransportPair(moq::test::WebTransportFixture& f) : f(f), client(f.loop, f.client_options()) {
    std::optional<moq::Error> failure;
    client.connect(
        f.url("/pair"), [&](std::shared_ptr<moq::Connection> c) { session.emplace(moq::Session::connect(std::move(c))); },
        [&](const moq::Error& e) { failure = e; });
    REQUIRE(f.loop.run_until(
        [&] { return failure || (session && session->ready() && !f.server_sessions.empty() && f.server_sessions[0].ready()); },
        5s));
    REQUIRE_FALSE(failure);
  }
  moq::Session& server() { return f.server_sessions[0]; }

  moq::test::WebTransportFixture& f;
  moq::WebTransportClient client;
  std::optional<moq::Session> session;
};

// Everything a track delivered so far, read by poll().
struct TrackReader {
  explicit TrackReader(moq::TrackConsumer consumer) : consumer(std::move(consumer)) {}

  void poll() {
    try {
      for (;;) {
        auto item = consumer.next_group();
        if (item.is_end()) ended = true;
        if (!item.is_ready()) break;
        if (auto* group = std::get_if<moq::GroupConsumer>(&item.value())) {
          groups.emplace_back(*group);
          frames.emplace_back();
        }
      }
    } catch (const moq::Error& e) {
      error = e.code();
    }
    for (size_t g = 0; g < groups.size(); ++g) {
      try {
        for (auto frame = groups[g].read_frame(); frame.is_ready(); frame = groups[g].read_frame()) {
          frames[g].emplace_back(frame.value().view());
        }
      } catch (const moq::Error& e) {
        error = e.code();
      }
    }
  }

  moq::TrackConsumer consumer;
  std::vector<moq::GroupConsumer> groups;
  std::vector<std::vector<std::string>> frames;
  bool ended = false;
  std::optional<uint64_t> error;
};

}  // namespace

TEST_CASE("over WebTransport: both sides publish and subscribe, and track ends arrive") {
  moq::test::WebTransportFixture f;
  WebTransportPair pair(f);
  moq::TrackProducer down(track_at("room/down"));
  f.origin->publish(down.consume());
  moq::TrackProducer up(track_at("room/up"));
  pair.session->publish(up.consume());

  size_t unsubscribed = down.consumer_count();
  TrackReader from_server(pair.session->subscribe(track_at("room/down")));
  TrackReader from_client(pair.server().subscribe(track_at("room/up")));
  // Until both subscriptions reach their publishers (each serving one adds a consumer).
  REQUIRE(f.loop.run_until([&] { return down.consumer_count() > unsubscribed && up.consumer_count() > unsubscribed; }, 5s));
  for (int g = 0; g < 3; ++g) {
    append_group(down, {numbered("d", g), std::string(3000, static_cast<char>('a' + g))});
    append_group(up, {numbered("u", g)});
  }
  down.finish();
  up.abort(moq::code::app_base + 3);
  REQUIRE(f.loop.run_until(
      [&] {
        from_server.poll();
        from_client.poll();
        return from_server.ended && from_client.error;
      },
      5s));
  REQUIRE(from_server.frames.size() == 3);
  for (int g = 0; g < 3; ++g) {
    CHECK(from_server.groups[g].sequence() == static_cast<uint64_t>(g));
    CHECK(from_server.frames[g] ==
          std::vector<std::string>{numbered("d", g), std::string(3000, static_cast<char>('a' + g))});
  }
  CHECK_FALSE(from_server.error);
  // The abort travels as a reset of the subscribe stream: a moq code through WebTransport's mapping.
  CHECK(*from_client.error == moq::code::app_base + 3);
}

TEST_CASE("over WebTransport: announcements, info, fetch and not-found") {
  moq::test::WebTransportFixture f;
  WebTransportPair pair(f);
  moq::TrackOptions cache;
  cache.cache_groups = 4;
  moq::Track audio = track_at("room/audio");
  audio.priority = -2;
  audio.group_expires = 1500ms;
  moq::TrackProducer producer(audio, cache);
  f.origin->publish(producer.consume());
  for (int g = 0; g < 3; ++g) append_group(producer, {"f0", "f1", "f2"});

  auto announced = pair.session->announced(Path::parse("room"));
  std::optional<moq::TrackInfo> info;
  std::optional<moq::Error> info_failure;
  pair.session->info(Path::parse("room/audio"), [&](const moq::TrackInfo& i) { info = i; },
                     [](const moq::Error&) {});
  pair.session->info(Path::parse("room/none"), [](const moq::TrackInfo&) {},
                     [&](const moq::Error& e) { info_failure = e; });
  auto fetched = pair.session->fetch(Path::parse("room/audio"), 1, 1);
  auto not_cached = pair.session->fetch(Path::parse("room/audio"), 9);
  TrackReader missing(pair.session->subscribe(track_at("room/none")));
  std::vector<moq::Announcement> changes;
  std::vector<std::string> fetched_frames;
  bool fetched_ended = false;
  std::optional<uint64_t> not_cached_code;
  REQUIRE(f.loop.run_until(
      [&] {
        for (auto next = announced.next(); next.is_ready(); next = announced.next()) changes.push_back(next.value());
        for (auto frame = fetched.read_frame(); frame.is_ready(); frame = fetched.read_frame()) {
          fetched_frames.emplace_back(frame.value().view());
        }
        fetched_ended = fetched_ended || fetched.read_frame().is_end();
        try {
          not_cached.read_frame();
        } catch (const moq::Error& e) {
          not_cached_code = e.code();
        }
        missing.poll();
        return changes.size() >= 2 && info && info_failure && fetched_ended && not_cached_code && missing.error;
      },
      5s));
  CHECK(changes[0] == moq::Announcement{moq::Announcement::Kind::active, Path::parse("audio")});
  CHECK(changes[1].kind == moq::Announcement::Kind::live);
  CHECK(info->track.path == Path::parse("room/audio"));
  CHECK(info->track.priority == -2);
  CHECK(info->track.group_expires == 1500ms);
  CHECK(info->latest_group == 2);
  CHECK(info_failure->code() == moq::code::not_found);
  CHECK(fetched.sequence() == 1);
  CHECK(fetched_frames == std::vector<std::string>{"f1", "f2"});
  CHECK(not_cached_code == moq::code::not_found);
  CHECK(missing.error == moq::code::not_found);

  // A track announced later, then gone, is followed live.
  auto later = std::make_optional<moq::TrackProducer>(track_at("room/video"));
  f.origin->publish(later->consume());
  REQUIRE(f.loop.run_until(
      [&] {
        for (auto next = announced.next(); next.is_ready(); next = announced.next()) changes.push_back(next.value());
        return changes.size() >= 3;
      },
      5s));
  CHECK(changes[2] == moq::Announcement{moq::Announcement::Kind::active, Path::parse("video")});
}

TEST_CASE("over WebTransport: closing the session fails subscriptions with the close code") {
  moq::test::WebTransportFixture f;
  WebTransportPair pair(f);
  moq::TrackProducer producer(track_at("a"));
  f.origin->publish(producer.consume());
  size_t unsubscribed = producer.consumer_count();
  TrackReader reader(pair.session->subscribe(track_at("a")));
  REQUIRE(f.loop.run_until([&] { return producer.consumer_count() > unsubscribed; }, 5s));
  pair.server().close(moq::code::app_base + 1, "going away");
  REQUIRE(f.loop.run_until(
      [&] {
        reader.poll();
        return reader.error.has_value();
      },
      5s));
  CHECK(*reader.error == moq::code::app_base + 1);
}
