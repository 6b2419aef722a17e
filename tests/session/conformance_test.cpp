// Byte-level conformance: a scripted peer made of the reference's bytes
// (/work/shared/vectors/transfork-02.tsv) drives our session, and every byte our side writes
// is checked.

#include "moq/wire/decode.h"
#include "session_test_util.h"

using namespace session_test;
using moq::Path;

namespace {

const std::string client_session_open = "0001c0000000ff0bad0200";  // stream/client-session-open
const std::string server_session_reply = "c0000000ff0bad0200";     // stream/server-session-reply
const std::string our_server_reply = "c0000000ff0bad0201c00000006c6d00010107";
// ClientSetup as one of ours sends it: with capabilities live|subscribe_update|track_end.
const std::string capable_client_open = "0001c0000000ff0bad0201c00000006c6d00010107";

// A scripted client against our server publishing a/b.
struct ScriptedClient {
  explicit ScriptedClient(const std::string& session_open = client_session_open)
      : connection(memory::connect(network)),
        peer(connection.client),
        server(moq::Session::accept(connection.server)),
        session(peer.open_bi(session_open)) {
    server.publish(track.consume());
    network.run();
  }
  memory::Network network;
  memory::ConnectionPair connection;
  RawPeer peer;
  moq::Session server;
  RawPeer::Stream session;
  moq::TrackProducer track{track_at("a/b")};
};

// Our client against a scripted 0.8.0 server.
struct ScriptedServer {
  explicit ScriptedServer(uint64_t capabilities, const std::string& reply = server_session_reply)
      : connection(memory::connect(network)),
        peer(connection.server),
        client(moq::Session::connect(connection.client, options([&](auto& o) { o.capabilities = capabilities; }))) {
    network.run();
    REQUIRE(peer.bi.size() == 1);
    peer.bi[0].write(reply);
    network.run();
    REQUIRE(client.ready());
  }
  memory::Network network;
  memory::ConnectionPair connection;
  RawPeer peer;
  moq::Session client;
};

}  // namespace

TEST_CASE("a scripted 0.8.0 client subscribes and receives exactly the reference's bytes") {
  ScriptedClient scripted;
  CHECK(scripted.session.received->hex == our_server_reply);
  auto subscribe = scripted.peer.open_bi("020002016101628001000000");  // stream/subscribe-open(a/b, id 0)
  scripted.network.run();
  CHECK(subscribe.received->hex == "80010000");  // stream/subscribe-reply(no groups yet)

  append_group(scripted.track, {"hello", ""});
  scripted.network.run();
  REQUIRE(scripted.peer.uni.size() == 1);
  CHECK(scripted.peer.uni[0]->hex == "0000000568656c6c6f00");  // stream/group(sub=0,seq=0,frames=[hello,''])
  CHECK(scripted.peer.uni[0]->fin);

  scripted.track.finish();
  scripted.network.run();
  CHECK(subscribe.received->hex == "80010000");
  CHECK(subscribe.received->fin);
  CHECK_FALSE(subscribe.received->reset);
  CHECK_FALSE(scripted.peer.closed);
}

TEST_CASE("a reference-style client gets no Live; one of ours does") {
  SUBCASE("0.8.0 client") {
    ScriptedClient scripted;
    auto announce = scripted.peer.open_bi("0100");  // stream/announce-open(prefix=[])
    scripted.network.run();
    CHECK(announce.received->hex == "010201610162");  // stream/announce-reply(a/b)
  }
  SUBCASE("client advertising capabilities") {
    ScriptedClient scripted(capable_client_open);
    auto announce = scripted.peer.open_bi("0100");
    scripted.network.run();
    CHECK(announce.received->hex == "01020161016202");
  }
}

TEST_CASE("an info request is answered with Info and FIN") {
  ScriptedClient scripted;
  auto info = scripted.peer.open_bi("040201610162");
  scripted.network.run();
  CHECK(info.received->hex == "80010000");
  CHECK(info.received->fin);
}

TEST_CASE("our client against a scripted 0.8.0 server") {
  ScriptedServer scripted(0);
  CHECK(scripted.peer.bi[0].received->hex == client_session_open);
  auto consumer = scripted.client.subscribe(track_at("a/b"));
  scripted.network.run();
  REQUIRE(scripted.peer.bi.size() == 2);
  auto& subscribe = scripted.peer.bi[1];
  CHECK(subscribe.received->hex == "020002016101628001000000");
  subscribe.write("80010000");
  scripted.peer.open_uni("0000000568656c6c6f00")->finish();
  scripted.network.run();
  auto reading = read_track(consumer);
  CHECK(reading.sequences == std::vector<uint64_t>{0});
  CHECK(reading.frames == std::vector<std::vector<std::string>>{{"hello", ""}});

  SUBCASE("no SubscribeUpdate goes to a peer that did not advertise it") {
    moq::SubscriptionUpdate update;
    update.priority = 3;
    CHECK_FALSE(scripted.client.update(Path::parse("a/b"), update));
    scripted.network.run();
    CHECK(subscribe.received->hex == "020002016101628001000000");
  }
  SUBCASE("GroupDrop reaches the consumer; at FIN the gap before it is reported and the track ends") {
    subscribe.write("07020d");  // GroupDrop/sequence=7,count=2,code=13
    subscribe.finish();
    scripted.network.run();
    auto rest = read_track(consumer);
    CHECK(rest.items == std::vector<std::string>{"drop 1+6 code 0", "drop 7+3 code 13"});
    CHECK(rest.ended);
    CHECK_FALSE(rest.error);
  }
  SUBCASE("a reset fails the track with its code") {
    subscribe.stream.send->reset(moq::code::not_found);
    scripted.network.run();
    CHECK(read_track(consumer).error == moq::code::not_found);
  }
}

TEST_CASE("our client sends SubscribeUpdate in the decoder's format to a capable server") {
  ScriptedServer scripted(moq::capability::all, our_server_reply);
  auto consumer = scripted.client.subscribe(track_at("a/b"));
  scripted.network.run();
  auto& subscribe = scripted.peer.bi.at(1);
  moq::SubscriptionUpdate update;
  update.priority = 3;
  update.group_order = moq::GroupOrder::ascending;
  update.group_expires = std::chrono::milliseconds(1500);
  update.range.min = 2;
  CHECK(scripted.client.update(Path::parse("a/b"), update));
  scripted.network.run();
  // Subscribe, then priority varint 131, order 0, expires 1500 ms, min Some(2), max None.
  CHECK(subscribe.received->hex == "020002016101628001000000" "4083" "00" "45dc" "03" "00");
}

TEST_CASE("our client asks for announcements and info the reference's way") {
  ScriptedServer scripted(0);
  auto announced = scripted.client.announced(Path());
  std::optional<moq::TrackInfo> info;
  scripted.client.info(Path::parse("a/b"), [&](const moq::TrackInfo& i) { info = i; }, [](const moq::Error&) {});
  scripted.network.run();
  REQUIRE(scripted.peer.bi.size() == 3);
  CHECK(scripted.peer.bi[1].received->hex == "0100");
  CHECK(scripted.peer.bi[2].received->hex == "040201610162");
  CHECK(scripted.peer.bi[2].received->fin);
  scripted.peer.bi[1].write("010201610162");
  scripted.peer.bi[2].write("7f0145dc412c");  // Info/priority=-1,order=Desc,expires=1500ms,latest=300
  scripted.peer.bi[2].finish();
  scripted.network.run();
  auto next = announced.next();
  REQUIRE(next.is_ready());
  CHECK(next.value() == moq::Announcement{moq::Announcement::Kind::active, Path::parse("a/b")});
  CHECK(announced.next().is_pending());
  REQUIRE(info);
  CHECK(info->track.priority == -1);
  CHECK(info->latest_group == 300);
}

TEST_CASE("a group stream ending inside a frame fails the group with 14; a reset with its code") {
  ScriptedServer scripted(0);
  auto consumer = scripted.client.subscribe(track_at("a/b"));
  scripted.network.run();
  scripted.peer.bi.at(1).write("80010000");
  scripted.peer.open_uni("000000056865")->finish();         // group 0: 2 of 5 bytes, FIN
  auto reset = scripted.peer.open_uni("000001056865");      // group 1: 2 of 5 bytes, then reset
  scripted.network.run();
  reset->reset(moq::code::app_base + 2);
  scripted.network.run();
  std::vector<std::optional<uint64_t>> errors;
  for (;;) {
    auto item = consumer.next_group();
    if (!item.is_ready()) break;
    auto& group = std::get<moq::GroupConsumer>(item.value());
    std::optional<uint64_t> error;
    read_group(group, &error);
    errors.push_back(error);
  }
  CHECK(errors == std::vector<std::optional<uint64_t>>{moq::code::wrong_size, moq::code::app_base + 2});
}

TEST_CASE("frames read the same whether they come split across packets, whole, or several to a packet") {
  ScriptedServer scripted(0);
  auto consumer = scripted.client.subscribe(track_at("a/b"));
  scripted.network.run();
  scripted.peer.bi.at(1).write("80010000");
  auto stream = scripted.peer.open_uni("000000" "0568656c");  // group 0: "hel" of a 5-byte frame
  scripted.network.run();
  auto item = consumer.next_group();
  REQUIRE(item.is_ready());
  auto group = std::get<moq::GroupConsumer>(item.value());
  auto split = group.next_frame();
  REQUIRE(split.is_ready());  // started before the rest is there
  CHECK(split.value().read().value().view() == "hel");
  CHECK(split.value().read().is_pending());
  // The split frame's rest, then "b", "" and "abc" whole in one packet.
  stream->write(from_hex("6c6f" "0162" "00" "03616263"));
  stream->finish();
  scripted.network.run();
  CHECK(split.value().read().value().view() == "lo");
  CHECK(split.value().read().is_end());
  bool ended = false;
  CHECK(read_group(group, nullptr, &ended) == std::vector<std::string>{"b", "", "abc"});
  CHECK(ended);
}

TEST_CASE("a group that came whole while its track was not wanted is kept when the publisher's session closes") {
  // A relay holds a publisher's groups back while its subscribers are behind; the publisher,
  // having seen them acknowledged, may finish and close at once.
  ScriptedServer scripted(0);
  auto consumer = scripted.client.subscribe(track_at("a/b"));
  scripted.network.run();
  consumer.set_busy(true);
  scripted.peer.bi.at(1).write("80010000");
  scripted.peer.open_uni("000000" "0568656c6c6f")->finish();  // group 0: "hello", whole
  scripted.network.run();
  scripted.peer.bi.at(1).finish();
  scripted.network.run();
  scripted.peer.connection->close(0, "done");
  scripted.network.run();
  consumer.set_busy(false);
  auto reading = read_track(consumer);
  CHECK(reading.sequences == std::vector<uint64_t>{0});
  CHECK(reading.frames == std::vector<std::vector<std::string>>{{"hello"}});
  CHECK_FALSE(reading.error);
}

TEST_CASE("group streams that overtake Info wait for it, then come in order from its latest") {
  ScriptedServer scripted(0);
  auto consumer = scripted.client.subscribe(track_at("a/b"));
  scripted.network.run();
  auto& subscribe = scripted.peer.bi.at(1);
  // Groups 3, 2 and 0, each with the frame "a", before anything on the subscribe stream.
  for (std::string sequence : {"03", "02", "00"}) scripted.peer.open_uni("0000" + sequence + "0161")->finish();
  scripted.network.run();
  CHECK(read_track(consumer).items.empty());
  subscribe.write("80010001");  // Info/latest=1: the subscription starts at group 1
  scripted.network.run();
  CHECK(read_track(consumer).items.empty());  // group 1 is still on its way
  scripted.peer.open_uni("0000010161")->finish();
  scripted.network.run();
  auto reading = read_track(consumer);
  CHECK(reading.items == std::vector<std::string>{"g1", "g2", "g3"});
  CHECK(reading.frames == std::vector<std::vector<std::string>>{{"a"}, {"a"}, {"a"}});
}

TEST_CASE("a received GroupDrop reaches the consumer in sequence position") {
  ScriptedServer scripted(0);
  auto consumer = scripted.client.subscribe(track_at("a/b"));
  scripted.network.run();
  auto& subscribe = scripted.peer.bi.at(1);
  subscribe.write("80010000");
  scripted.peer.open_uni("0000030161")->finish();
  scripted.peer.open_uni("0000000161")->finish();
  scripted.network.run();
  CHECK(read_track(consumer).items == std::vector<std::string>{"g0"});
  subscribe.write("01010d");  // GroupDrop/sequence=1,count=1 (groups 1 and 2),code=13
  scripted.network.run();
  CHECK(read_track(consumer).items == std::vector<std::string>{"drop 1+2 code 13", "g3"});
}

TEST_CASE("the subscribe stream's FIN ends the track only after a held group stream's header is read") {
  ScriptedServer scripted(0);
  auto consumer = scripted.client.subscribe(track_at("a/b"));
  scripted.network.run();
  auto& subscribe = scripted.peer.bi.at(1);
  subscribe.write("80010000");                                     // Info/latest=0
  scripted.peer.open_uni("0000010162")->finish();                  // group 1 "b", whole
  auto held = scripted.peer.open_uni("00");                        // group 0: only the data type so far
  scripted.network.run();
  subscribe.finish();
  scripted.network.run();
  auto before = read_track(consumer);
  CHECK(before.items.empty());  // group 0 is still awaited: nothing skipped, no end
  CHECK_FALSE(before.ended);
  held->write(from_hex("00000161"));  // the rest of group 0's header, frame "a"
  held->finish();
  scripted.network.run();
  auto after = read_track(consumer);
  CHECK(after.items == std::vector<std::string>{"g0", "g1"});
  CHECK(after.frames == std::vector<std::vector<std::string>>{{"a"}, {"b"}});
  CHECK(after.ended);
  CHECK_FALSE(after.error);
}
