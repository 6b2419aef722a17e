// Delivery of groups on their own streams: ordering at volume, the FIN after acknowledgement,
// expiry and slow-subscriber bounds reported with GroupDrop, stream priorities, and what a
// subscriber's FIN does.

#include "session_test_util.h"

using namespace session_test;
using moq::Path;

namespace {

// Our server publishing one track to a scripted subscriber (0.8.0 setup) subscribed to it.
struct ScriptedSubscriber {
  explicit ScriptedSubscriber(moq::Track track, moq::SessionOptions server_options = {},
                              std::string subscribe_hex = "020002016101628001000000")
      : connection(memory::connect(network)),
        peer(connection.client),
        server(moq::Session::accept(connection.server, std::move(server_options))),
        session(peer.open_bi("0001c0000000ff0bad0200")),
        producer(std::move(track)) {
    server.publish(producer.consume());
    network.run();
    subscribe = peer.open_bi(subscribe_hex);
    network.run();
  }
  memory::Network network;
  memory::ConnectionPair connection;
  RawPeer peer;
  moq::Session server;
  RawPeer::Stream session;
  moq::TrackProducer producer;
  RawPeer::Stream subscribe;
};

// Reads a track's items the moment it offers them (from its change callback).
struct Follower {
  explicit Follower(moq::TrackConsumer consumer) : track(std::move(consumer)) {
    track.on_change([this] {
      for (;;) {
        auto item = track.next_group();
        if (item.is_end()) ended = true;
        if (!item.is_ready()) return;
        if (auto* group = std::get_if<moq::GroupConsumer>(&item.value())) {
          items.push_back(label("g", group->sequence()));
          groups.push_back(*group);
        } else {
          items.push_back("drop");
        }
      }
    });
  }
  moq::TrackConsumer track;
  std::vector<std::string> items;
  std::vector<moq::GroupConsumer> groups;
  bool ended = false;
};

}  // namespace

TEST_CASE("10,000 groups arrive in order with nothing lost") {
  SessionPair pair;
  moq::TrackProducer producer(track_at("counter"));
  pair.server->publish(producer.consume());
  auto consumer = pair.client->subscribe(track_at("counter"));
  pair.run();
  std::vector<uint64_t> sequences;
  size_t wrong_payloads = 0;
  size_t dropped = 0;
  for (uint64_t i = 0; i < 10'000; ++i) {
    append_group(producer, {std::to_string(i)});
    pair.run();
    auto reading = read_track(consumer);
    REQUIRE_FALSE(reading.error);
    dropped += reading.dropped.size();
    for (size_t g = 0; g < reading.sequences.size(); ++g) {
      sequences.push_back(reading.sequences[g]);
      if (reading.frames[g] != std::vector<std::string>{std::to_string(reading.sequences[g])}) ++wrong_payloads;
    }
  }
  producer.finish();
  pair.run();
  CHECK(read_track(consumer).ended);
  REQUIRE(sequences.size() == 10'000);
  for (uint64_t i = 0; i < 10'000; ++i) REQUIRE(sequences[i] == i);
  CHECK(wrong_payloads == 0);
  CHECK(dropped == 0);
}

TEST_CASE("a burst sent newest first reaches a subscriber that joined before it in order, whole") {
  SessionPair pair;
  // As a QUIC scheduler would: with descending order the newest group's stream goes first.
  pair.network.deliver_by_priority(true);
  moq::TrackProducer producer(track_at("burst"));
  pair.server->publish(producer.consume());
  moq::Track request = track_at("burst");
  request.group_order = moq::GroupOrder::descending;
  // Readers that take each item as soon as the track offers it, as an application does. A second
  // local subscriber shares the network subscription and must read the same.
  Follower first(pair.client->subscribe(request));
  Follower second(pair.client->subscribe(request));
  pair.run();
  for (int round = 0; round < 3; ++round) {
    for (int g = 0; g < 10; ++g) append_group(producer, {label("f", 10 * round + g)});
    pair.run();
  }
  producer.finish();
  pair.run();
  std::vector<std::string> expected;
  for (uint64_t i = 0; i < 30; ++i) expected.push_back(label("g", i));
  for (auto* follower : {&first, &second}) {
    CHECK(follower->items == expected);
    CHECK(follower->ended);
    REQUIRE(follower->groups.size() == 30);
    for (uint64_t i = 0; i < 30; ++i) CHECK(read_group(follower->groups[i]) == std::vector<std::string>{label("f", i)});
  }
}

TEST_CASE("a publisher reports sequences it skips, so an ordered subscriber does not wait for them") {
  SUBCASE("on the wire: before the first group served, and between groups") {
    ScriptedSubscriber scripted(track_at("a/b"));
    scripted.producer.create_group(3).finish();
    scripted.producer.create_group(4).finish();
    scripted.producer.create_group(6).finish();
    scripted.network.run();
    // Info (latest 0: no group yet), GroupDrop{0, 2, 0} for 0..2, GroupDrop{5, 0, 0}.
    CHECK(scripted.subscribe.received->hex == "80010000" "000200" "050000");
  }
  SUBCASE("between two of our sessions: delivered at once, the gap reported") {
    SessionPair pair;
    moq::TrackProducer producer(track_at("gaps"));
    pair.server->publish(producer.consume());
    auto consumer = pair.client->subscribe(track_at("gaps"));
    pair.run();
    producer.create_group(0).finish();
    producer.create_group(2).finish();
    pair.run();
    CHECK(read_track(consumer).items == std::vector<std::string>{"g0", "drop 1+1 code 0", "g2"});
  }
}

TEST_CASE("at track end the subscribe stream is finished only after the group streams are acknowledged") {
  moq::Track track = track_at("a/b");
  ScriptedSubscriber scripted(track);
  scripted.peer.pause_uni = true;
  append_group(scripted.producer, {"hello"});
  scripted.producer.finish();
  scripted.network.run();
  REQUIRE(scripted.peer.uni_streams.size() == 1);
  CHECK(scripted.subscribe.received->hex == "80010000");
  CHECK_FALSE(scripted.subscribe.received->fin);

  scripted.peer.uni_streams[0]->resume();
  scripted.network.run();
  CHECK(scripted.peer.uni[0]->hex == "00000005" + to_hex(text("hello").span()));
  CHECK(scripted.peer.uni[0]->fin);
  CHECK(scripted.subscribe.received->fin);
}

TEST_CASE("a group past its expiry is reset with 0 and reported with GroupDrop") {
  ManualClock clock;
  moq::Track track = track_at("a/b");
  track.group_expires = std::chrono::milliseconds(100);
  ScriptedSubscriber scripted(track, options([&](auto& o) { o.clock = clock.function(); }));
  scripted.peer.pause_uni = true;  // nothing gets acknowledged
  append_group(scripted.producer, {"zero"});
  scripted.network.run();
  append_group(scripted.producer, {"one"});  // group 0 superseded now
  scripted.network.run();
  clock.advance(std::chrono::milliseconds(99));
  append_group(scripted.producer, {"two"});  // group 1 superseded now; group 0 not expired yet
  scripted.network.run();
  CHECK_FALSE(scripted.peer.uni.at(0)->reset);
  clock.advance(std::chrono::milliseconds(1));
  append_group(scripted.producer, {"three"});
  scripted.network.run();
  REQUIRE(scripted.peer.uni.size() == 4);
  CHECK(scripted.peer.uni[0]->reset == moq::code::cancel);
  CHECK_FALSE(scripted.peer.uni[1]->reset);
  // Info (priority 0, descending, expires 100 ms, latest 0), then GroupDrop{0, 0, 0}.
  CHECK(scripted.subscribe.received->hex == "8001406400" "000000");
}

TEST_CASE("a group that arrives after a newer one is superseded on arrival and expires from then") {
  ManualClock clock;
  moq::Track track = track_at("a/b");
  track.group_expires = std::chrono::milliseconds(100);
  ScriptedSubscriber scripted(track, options([&](auto& o) { o.clock = clock.function(); }));
  scripted.peer.pause_uni = true;  // nothing gets acknowledged
  append_group(scripted.producer, {"zero"});
  scripted.network.run();
  auto two = scripted.producer.create_group(2);
  two.write_frame(moq::Bytes(std::string("two")));
  two.finish();
  scripted.network.run();
  auto one = scripted.producer.create_group(1);  // late: group 2 is already out
  one.write_frame(moq::Bytes(std::string("one")));
  one.finish();
  scripted.network.run();
  REQUIRE(scripted.peer.uni.size() == 3);
  clock.advance(std::chrono::milliseconds(100));
  // Group 3 supersedes group 2 only now; the late group 1 has been superseded for 100 ms.
  append_group(scripted.producer, {"three"});
  scripted.network.run();
  REQUIRE(scripted.peer.uni.size() == 4);
  CHECK(scripted.peer.uni[0]->reset == moq::code::cancel);
  CHECK_FALSE(scripted.peer.uni[1]->reset);
  CHECK(scripted.peer.uni[2]->reset == moq::code::cancel);
  CHECK_FALSE(scripted.peer.uni[3]->reset);
}

TEST_CASE("a slow subscriber's backlog is bounded: the oldest group streams are reset and reported") {
  ScriptedSubscriber scripted(track_at("a/b"), options([](auto& o) { o.max_backlog_groups = 4; }));
  scripted.peer.pause_uni = true;
  for (int i = 0; i < 10; ++i) {
    append_group(scripted.producer, {"payload"});
    scripted.network.run();
  }
  REQUIRE(scripted.peer.uni.size() == 10);
  size_t reset = 0;
  for (size_t i = 0; i < 10; ++i) {
    CAPTURE(i);
    CHECK(scripted.peer.uni[i]->reset.has_value() == (i < 6));
    if (scripted.peer.uni[i]->reset) ++reset;
  }
  CHECK(reset == 6);
  // Info, then GroupDrop{n, 0, 0} for groups 0..5.
  CHECK(scripted.subscribe.received->hex == "80010000" "000000" "010000" "020000" "030000" "040000" "050000");

  for (auto& stream : scripted.peer.uni_streams) stream->resume();
  scripted.network.run();
  for (size_t i = 6; i < 10; ++i) CHECK(scripted.peer.uni[i]->fin);
}

TEST_CASE("a slow subscriber's byte backlog is bounded too") {
  ScriptedSubscriber scripted(track_at("a/b"), options([](auto& o) { o.max_backlog_bytes = 2500; }));
  scripted.peer.pause_uni = true;
  for (int i = 0; i < 5; ++i) {
    append_group(scripted.producer, {std::string(1000, 'x')});
    scripted.network.run();
  }
  // The bound is checked as each group starts: at groups 3 and 4, three groups of ~1 kB wait.
  std::vector<bool> reset;
  for (auto& received : scripted.peer.uni) reset.push_back(received->reset.has_value());
  CHECK(reset == std::vector<bool>{true, true, false, false, false});
}

TEST_CASE("group streams are prioritised by track priority, then group order") {
  ScriptedSubscriber descending(track_at("a/b"));
  descending.peer.pause_uni = true;
  append_group(descending.producer, {"0"});
  append_group(descending.producer, {"1"});
  descending.network.run();
  REQUIRE(descending.peer.uni.size() == 2);
  auto& server = *descending.connection.server;
  int64_t track = int64_t{128} << 54;  // subscribe priority 0, stored as 0 + 128
  CHECK(server.priority_of(descending.peer.uni[0]->id) == (track | 0));
  CHECK(server.priority_of(descending.peer.uni[1]->id) == (track | 1));

  // Subscribe a/b id 0 with priority 127, ascending: older groups first, above any priority 0.
  ScriptedSubscriber ascending(track_at("a/b"), {}, "02000201610162ff00000000");
  ascending.peer.pause_uni = true;
  append_group(ascending.producer, {"0"});
  append_group(ascending.producer, {"1"});
  ascending.network.run();
  REQUIRE(ascending.peer.uni.size() == 2);
  auto& other = *ascending.connection.server;
  int64_t top = int64_t{255} << 54;
  int64_t max_sequence = (int64_t{1} << 54) - 1;
  CHECK(other.priority_of(ascending.peer.uni[0]->id) == (top | max_sequence));
  CHECK(other.priority_of(ascending.peer.uni[1]->id) == (top | (max_sequence - 1)));
}

TEST_CASE("a subscriber's FIN stops the serving and resets open group streams with 0") {
  ScriptedSubscriber scripted(track_at("a/b"));
  auto group = scripted.producer.append_group();
  group.write_frame(text("partial"));
  scripted.network.run();
  REQUIRE(scripted.peer.uni.size() == 1);
  scripted.subscribe.finish();
  scripted.network.run();
  CHECK(scripted.peer.uni[0]->reset == moq::code::cancel);
  CHECK(scripted.subscribe.received->fin);
  group.finish();
  append_group(scripted.producer, {"later"});
  scripted.network.run();
  CHECK(scripted.peer.uni.size() == 1);
}

TEST_CASE("group_min and group_max of a subscription are honoured") {
  moq::TrackOptions cache;
  cache.cache_groups = 8;
  memory::Network network;
  auto connection = memory::connect(network);
  RawPeer peer(connection.client);
  auto server = moq::Session::accept(connection.server);
  auto session = peer.open_bi("0001c0000000ff0bad0200");
  moq::TrackProducer producer(track_at("a"), cache);
  server.publish(producer.consume());
  for (int i = 0; i < 5; ++i) append_group(producer, {std::to_string(i)});
  // Subscribe id 0 to a, priority 0, descending, expires 0, min Some(2), max Some(3).
  auto subscribe = peer.open_bi("0200010161800100" "03" "04");
  network.run();
  CHECK(subscribe.received->hex == "80010004");
  REQUIRE(peer.uni.size() == 2);
  CHECK(peer.uni[0]->hex == "000002" "0132");
  CHECK(peer.uni[1]->hex == "000003" "0133");
  // Nothing after group 3 is wanted: the subscription is over once they are acknowledged.
  CHECK(subscribe.received->fin);
}

TEST_CASE("a SubscribeUpdate changes priorities and the group range") {
  SessionPair pair;
  moq::TrackProducer producer(track_at("a"));
  pair.server->publish(producer.consume());
  auto consumer = pair.client->subscribe(track_at("a"));
  pair.run();
  append_group(producer, {"0"});
  pair.run();
  moq::SubscriptionUpdate update;
  update.priority = 5;
  update.range.max = 1;
  CHECK(pair.client->update(Path::parse("a"), update));
  pair.run();
  append_group(producer, {"1"});
  append_group(producer, {"2"});
  pair.run();
  auto reading = read_track(consumer);
  CHECK(reading.sequences == std::vector<uint64_t>{0, 1});
  CHECK(reading.ended);
}
