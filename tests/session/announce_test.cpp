// Announcements: the AnnouncedProducer/Consumer pair, and announce streams between sessions
// with prefixes, tracks appearing and disappearing.

#include "moq/broadcast.h"
#include "session_test_util.h"

using namespace session_test;
using moq::Announcement;
using moq::Path;

namespace {

using Kind = Announcement::Kind;

std::vector<Announcement> drain(moq::AnnouncedConsumer& consumer) {
  std::vector<Announcement> out;
  for (;;) {
    auto next = consumer.next();
    if (!next.is_ready()) break;
    out.push_back(next.value());
  }
  return out;
}

Announcement active(std::string_view name) { return {Kind::active, Path::parse(name)}; }
Announcement ended(std::string_view name) { return {Kind::ended, Path::parse(name)}; }
const Announcement live{Kind::live, Path()};

}  // namespace

TEST_CASE("an announced consumer sees the set under its prefix, then live, then changes") {
  moq::AnnouncedProducer producer;
  producer.announce(Path::parse("room/a"));
  producer.announce(Path::parse("other/x"));
  auto consumer = producer.consume(Path::parse("room"));
  CHECK(drain(consumer) == std::vector<Announcement>{active("a")});
  producer.live();
  producer.announce(Path::parse("room/b"));
  producer.unannounce(Path::parse("room/a"));
  producer.announce(Path::parse("other/y"));
  CHECK(drain(consumer) == std::vector<Announcement>{live, active("b"), ended("a")});

  auto late = producer.consume(Path::parse("room"));
  CHECK(drain(late) == std::vector<Announcement>{active("b"), live});

  CHECK_THROWS_AS(producer.announce(Path::parse("room/b")), moq::Error);
  CHECK_THROWS_AS(producer.unannounce(Path::parse("room/zzz")), moq::Error);
}

TEST_CASE("announced consumers: copies, change callbacks, finish, abort and unused") {
  moq::AnnouncedProducer producer;
  int unused = 0;
  producer.on_unused([&] { ++unused; });
  std::optional<moq::AnnouncedConsumer> consumer = producer.consume();
  int changes = 0;
  consumer->on_change([&] { ++changes; });
  producer.announce(Path::parse("a"));
  CHECK(changes == 1);
  std::optional<moq::AnnouncedConsumer> copy = *consumer;
  CHECK(drain(*consumer) == std::vector<Announcement>{active("a")});
  CHECK(drain(*copy) == std::vector<Announcement>{active("a")});
  CHECK(producer.consumer_count() == 2);
  copy.reset();
  CHECK(unused == 0);

  producer.finish();
  CHECK(drain(*consumer) == std::vector<Announcement>{ended("a")});
  CHECK(consumer->next().is_end());
  consumer.reset();
  CHECK(unused == 1);

  moq::AnnouncedProducer aborted;
  auto failing = aborted.consume();
  aborted.abort(moq::code::app_base);
  CHECK_THROWS_AS(failing.next(), moq::Error);
}

TEST_CASE("announce streams carry tracks appearing and disappearing under a prefix") {
  SessionPair pair;
  moq::BroadcastProducer alice(Path::parse("room/alice"));
  auto video = alice.create_track(track_at("video"));
  moq::BroadcastProducer bob(Path::parse("room/bob"));
  moq::BroadcastProducer elsewhere(Path::parse("lobby"));
  elsewhere.create_track(track_at("chat"));
  pair.server->publish(alice.consume());
  pair.server->publish(bob.consume());
  pair.server->publish(elsewhere.consume());

  auto room = pair.client->announced(Path::parse("room"));
  auto everything = pair.client->announced(Path());
  pair.run();
  CHECK(drain(room) == std::vector<Announcement>{active("alice/video"), live});
  CHECK(drain(everything) == std::vector<Announcement>{active("lobby/chat"), active("room/alice/video"), live});

  bob.create_track(track_at("audio"));
  alice.remove_track(Path::parse("video"));
  pair.run();
  CHECK(drain(room) == std::vector<Announcement>{active("bob/audio"), ended("alice/video")});

  moq::TrackProducer solo(track_at("room/solo"));
  pair.server->publish(solo.consume());
  pair.run();
  CHECK(drain(room) == std::vector<Announcement>{active("solo")});
  solo.finish();
  pair.run();
  CHECK(drain(room) == std::vector<Announcement>{ended("solo")});
}

TEST_CASE("the announce stream ends when the last consumer is gone, and with the session") {
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer peer(connection.server);
  auto client = moq::Session::connect(connection.client);
  network.run();
  peer.bi.at(0).write("c0000000ff0bad0200");
  std::optional<moq::AnnouncedConsumer> announced = client.announced(Path::parse("a"));
  auto kept = client.announced(Path::parse("b"));
  network.run();
  REQUIRE(peer.bi.size() == 3);
  CHECK(peer.bi[1].received->hex == "01010161");
  announced.reset();
  network.run();
  CHECK(peer.bi[1].received->fin);
  CHECK_FALSE(peer.bi[2].received->fin);

  client.close(moq::code::app_base + 9, "done");
  network.run();
  uint64_t code = 0;
  try {
    kept.next();
  } catch (const moq::Error& error) {
    code = error.code();
  }
  CHECK(code == moq::code::app_base + 9);
}
