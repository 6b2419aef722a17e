// Sessions over real QUIC on the loopback interface: the same session code as over the memory
// connection, now with the transport's flow control, acknowledgements and priorities.

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/session.h"
#include "moq/tls.h"
#include "test_track.h"

using namespace std::chrono_literals;
using moq::test::track_at;
using moq::Path;

namespace {

// A server session publishing through its own origin, and a client session, on 127.0.0.1.
struct QuicSessions {
  QuicSessions() {
    moq::TlsServerOptions tls;
    tls.generate = {"localhost", "127.0.0.1"};
    auto certificate = moq::ServerCertificate::create(tls);
    moq::QuicServerOptions server_options;
    server_options.bind = "127.0.0.1:0";
    server_options.certificate = certificate;
    server = std::make_unique<moq::QuicServer>(loop, server_options, [this](std::shared_ptr<moq::QuicConnection> c) {
      moq::SessionOptions options;
      options.origin = origin;
      server_session.emplace(moq::Session::accept(std::move(c), std::move(options)));
    });
    moq::QuicClientOptions client_options;
    client_options.tls.fingerprint = certificate->fingerprint();
    client = std::make_unique<moq::QuicClient>(loop, client_options);
    client->connect(
        "moqf://127.0.0.1:" + std::to_string(server->local_port()) + "/",
        [this](std::shared_ptr<moq::QuicConnection> c) { client_session.emplace(moq::Session::connect(std::move(c))); },
        [this](const moq::Error& e) { failure = e; });
    REQUIRE(loop.run_until([&] { return (client_session && client_session->ready()) || failure; }, 5s));
    REQUIRE_FALSE(failure);
  }

  moq::EventLoop loop;
  std::shared_ptr<moq::LocalOrigin> origin = std::make_shared<moq::LocalOrigin>();
  std::unique_ptr<moq::QuicServer> server;
  std::unique_ptr<moq::QuicClient> client;
  std::optional<moq::Session> server_session;
  std::optional<moq::Session> client_session;
  std::optional<moq::Error> failure;
};

}  // namespace

TEST_CASE("over QUIC: groups of a track arrive in order and the track ends") {
  QuicSessions quic;
  REQUIRE(quic.server_session);
  CHECK(quic.client_session->peer_capabilities() == moq::capability::all);
  moq::TrackProducer producer(track_at("room/video"));
  quic.origin->publish(producer.consume());
  // Descending (the default): the newest group's stream goes first, so groups often arrive out
  // of order; the subscriber's local track still delivers every one in order.
  moq::Track request = track_at("room/video");
  CHECK(request.group_order == moq::GroupOrder::descending);
  auto consumer = quic.client_session->subscribe(request);
  size_t drop_reports = 0;

  std::vector<uint64_t> sequences;
  std::vector<moq::GroupConsumer> open_groups;
  std::vector<std::vector<moq::Bytes>> frames;
  size_t complete = 0;  // groups read to their end, in order
  bool ended = false;
  consumer.on_change([&] {
    for (;;) {
      auto item = consumer.next_group();
      if (item.is_end()) ended = true;
      if (!item.is_ready()) return;
      if (auto* group = std::get_if<moq::GroupConsumer>(&item.value())) {
        sequences.push_back(group->sequence());
        open_groups.push_back(*group);
        frames.emplace_back();
      } else {
        ++drop_reports;
      }
    }
  });
  const auto read_groups = [&] {
    while (complete < open_groups.size()) {
      auto frame = open_groups[complete].read_frame();
      if (frame.is_pending()) return;
      if (frame.is_end()) {
        ++complete;
      } else {
        frames[complete].push_back(frame.value());
      }
    }
  };
  REQUIRE(quic.loop.run_until([&] { return quic.server_session->ready(); }, 5s));
  // Let the subscription reach the publisher before the first group.
  quic.loop.run_until([] { return false; }, 100ms);
  // 20 MB in groups of 100 kB, at most 8 groups ahead of what the subscriber has read whole.
  // (Newest first, a faster publisher would starve the oldest group streams until its backlog
  // bound resets them: a slow subscriber, whose oldest groups are dropped by design.)
  std::string big(100'000, 'x');
  size_t produced = 0;
  REQUIRE(quic.loop.run_until(
      [&] {
        read_groups();
        while (produced < 200 && produced - complete < 8) {
          auto group = producer.append_group();
          group.write_frame(moq::Bytes::copy(std::string_view(std::to_string(produced))));
          group.write_frame(moq::Bytes::copy(std::string_view(big)));
          group.finish();
          if (++produced == 200) producer.finish();
        }
        return ended && complete == open_groups.size();
      },
      20s));
  REQUIRE(sequences.size() == 200);
  CHECK(drop_reports == 0);
  for (size_t i = 0; i < sequences.size(); ++i) {
    CHECK(sequences[i] == i);
    REQUIRE(frames[i].size() == 2);
    CHECK(frames[i][0].view() == std::to_string(i));
    CHECK(frames[i][1].size() == big.size());
  }
}

TEST_CASE("over QUIC: announcements, info and not-found") {
  QuicSessions quic;
  moq::TrackProducer producer(track_at("room/audio"));
  quic.origin->publish(producer.consume());
  auto announced = quic.client_session->announced(Path::parse("room"));
  std::optional<moq::TrackInfo> info;
  quic.client_session->info(Path::parse("room/audio"), [&](const moq::TrackInfo& i) { info = i; },
                            [](const moq::Error&) {});
  auto missing = quic.client_session->subscribe(track_at("room/none"));
  std::optional<uint64_t> missing_code;
  std::vector<moq::Announcement> changes;
  REQUIRE(quic.loop.run_until(
      [&] {
        while (true) {
          auto next = announced.next();
          if (!next.is_ready()) break;
          changes.push_back(next.value());
        }
        try {
          missing.next_group();
        } catch (const moq::Error& e) {
          missing_code = e.code();
        }
        return changes.size() >= 2 && info && missing_code;
      },
      5s));
  CHECK(changes[0] == moq::Announcement{moq::Announcement::Kind::active, Path::parse("audio")});
  CHECK(changes[1].kind == moq::Announcement::Kind::live);
  CHECK(info->track.path == Path::parse("room/audio"));
  CHECK(missing_code == moq::code::not_found);
}
