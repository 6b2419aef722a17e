// Every row of the reference test vectors: the named value encodes to exactly those bytes and
// decodes back from them. Rows of kind '-' are reference encoder quirks that must not decode as
// the value they name.

#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "moq/wire/recv_buffer.h"
#include "wire_test_util.h"

using namespace wire_test;
using namespace std::chrono_literals;
using moq::Bytes;
using moq::Path;

namespace {

struct Row {
  std::string name;
  std::string kind;
  std::vector<uint8_t> bytes;
};

std::vector<Row> load_rows() {
  std::ifstream file(MOQ_SHARED_DIR "/vectors/transfork-02.tsv");
  REQUIRE(file.is_open());
  std::vector<Row> rows;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Row row;
    std::string hex;
    REQUIRE(std::getline(fields, row.name, '\t'));
    REQUIRE(std::getline(fields, row.kind, '\t'));
    REQUIRE(std::getline(fields, hex, '\t'));
    row.bytes = from_hex(hex);
    rows.push_back(std::move(row));
  }
  return rows;
}

using Check = std::function<void(std::span<const uint8_t> bytes)>;

struct Expected {
  std::string kind;
  Check check;
};

// One value: encodes to the bytes, and the bytes decode to it, consuming all of them.
template <class T>
Expected value(std::string kind, T expected) {
  return {std::move(kind), [expected](std::span<const uint8_t> bytes) {
            CHECK(to_hex(encoded(expected)) == to_hex(bytes));
            size_t consumed = 0;
            std::optional<T> decoded = decode<T>(bytes, consumed);
            REQUIRE(decoded);
            CHECK(*decoded == expected);
            CHECK(consumed == bytes.size());
          }};
}

// A part of a whole stream: a message, or raw frame payload.
struct Piece {
  std::function<void(Writer&)> write;
  std::function<void(RecvBuffer&)> read;
};

template <class T>
Piece message(T expected) {
  return {[expected](Writer& writer) { encode(writer, expected); },
          [expected](RecvBuffer& buffer) {
            std::optional<T> decoded = buffer.try_decode<T>();
            REQUIRE(decoded);
            CHECK(*decoded == expected);
          }};
}

Piece payload(std::string text) {
  return {[text](Writer& writer) { writer.raw(Bytes::copy(text).span()); },
          [text](RecvBuffer& buffer) { CHECK(buffer.take(text.size()).view() == text); }};
}

// A whole stream from its type varint on: the pieces in order, nothing left over.
Expected stream(std::string kind, std::vector<Piece> pieces) {
  return {std::move(kind), [pieces](std::span<const uint8_t> bytes) {
            Writer writer;
            for (const Piece& piece : pieces) piece.write(writer);
            CHECK(to_hex(writer.view()) == to_hex(bytes));
            RecvBuffer buffer;
            buffer.append(bytes);
            for (const Piece& piece : pieces) piece.read(buffer);
            CHECK(buffer.empty());
          }};
}

Expected quirk(SubscribeUpdate named) {
  return {"-", [named](std::span<const uint8_t> bytes) {
            size_t consumed = 0;
            std::optional<SubscribeUpdate> decoded;
            try {
              decoded = decode<SubscribeUpdate>(bytes, consumed);
            } catch (const moq::Error&) {
              return;
            }
            CHECK_FALSE((decoded && *decoded == named && consumed == bytes.size()));
          }};
}

Bytes hex_bytes(std::string_view hex) { return Bytes(from_hex(hex)); }

Path path(std::vector<std::string> parts) { return Path(std::move(parts)); }

const std::map<std::string, Expected>& expectations() {
  static const std::map<std::string, Expected> table = [] {
    std::map<std::string, Expected> t;
    for (uint64_t n : {0ull, 1ull, 37ull, 63ull, 64ull, 15293ull, 16383ull, 16384ull, 494878333ull,
                       1073741823ull, 1073741824ull, 151288809941952652ull,
                       4611686018427387903ull}) {
      t.emplace("VarInt/" + std::to_string(n), value<uint64_t>("varint", n));
    }
    for (int p : {-128, -1, 0, 127}) {
      t.emplace("i8/" + std::to_string(p), value("priority", static_cast<int8_t>(p)));
    }
    t.emplace("Duration/0ms", value("duration", 0ms));
    t.emplace("Duration/1500ms", value("duration", 1500ms));
    t.emplace("Path/empty", value("path", Path()));
    t.emplace("Path/a/b", value("path", path({"a", "b"})));
    t.emplace("Path/room/alice/video", value("path", path({"room", "alice", "video"})));
    t.emplace("String/empty", value("string", std::string()));
    t.emplace("String/hello", value("string", std::string("hello")));
    t.emplace("ControlType/Session", value("control-type", ControlType::session));
    t.emplace("ControlType/Announce", value("control-type", ControlType::announce));
    t.emplace("ControlType/Subscribe", value("control-type", ControlType::subscribe));
    t.emplace("ControlType/Fetch", value("control-type", ControlType::fetch));
    t.emplace("ControlType/Info", value("control-type", ControlType::info));
    t.emplace("DataType/Group", value("data-type", DataType::group));
    t.emplace("Version/FORK_02", value("version", version_fork_02));
    t.emplace("Versions/[FORK_02]", value("versions", Versions{version_fork_02}));

    t.emplace("ClientSetup/versions=[0xff0bad02],ext=none",
              value("client-setup", ClientSetup{{version_fork_02}, {}}));
    t.emplace("ClientSetup/versions=[0xff0bad00,0xff0bad01,0xff0bad02],ext=none",
              value("client-setup",
                    ClientSetup{{version_fork_00, version_fork_01, version_fork_02}, {}}));
    t.emplace("ClientSetup/versions=[0xff0bad02],ext={1:varint(5)}",
              value("client-setup", ClientSetup{{version_fork_02}, {{1, hex_bytes("05")}}}));
    t.emplace("ClientSetup/versions=[0xff0bad02],ext={0x2a:dead}",
              value("client-setup", ClientSetup{{version_fork_02}, {{0x2a, hex_bytes("dead")}}}));
    t.emplace("ServerSetup/version=0xff0bad02,ext=none",
              value("server-setup", ServerSetup{version_fork_02, {}}));
    t.emplace("ServerSetup/version=0xff0bad02,ext={1:varint(5)}",
              value("server-setup", ServerSetup{version_fork_02, {{1, hex_bytes("05")}}}));
    t.emplace("SessionInfo/bitrate=None", value("session-info", SessionInfo{}));
    t.emplace("SessionInfo/bitrate=5000000", value("session-info", SessionInfo{5000000}));

    t.emplace("AnnouncePlease/prefix=[a,b]",
              value("announce-please", AnnouncePlease{path({"a", "b"})}));
    t.emplace("AnnouncePlease/prefix=[]", value("announce-please", AnnouncePlease{}));
    t.emplace("Announce/Active,suffix=[c,d]",
              value("announce", Announce{AnnounceStatus::active, path({"c", "d"})}));
    t.emplace("Announce/Ended,suffix=[c,d]",
              value("announce", Announce{AnnounceStatus::ended, path({"c", "d"})}));
    t.emplace("Announce/Live", value("announce", Announce{AnnounceStatus::live, {}}));

    t.emplace(
        "Subscribe/id=7,path=[room,alice,video],priority=-1,order=Desc,expires=1500ms,min=None,"
        "max=Some(10)",
        value("subscribe", Subscribe{7, path({"room", "alice", "video"}), -1,
                                     GroupOrder::descending, 1500ms, std::nullopt, 10}));
    t.emplace("Subscribe/id=0,path=[a,b],priority=0,order=Desc,expires=0ms,min=None,max=None",
              value("subscribe", Subscribe{0, path({"a", "b"}), 0, GroupOrder::descending, 0ms,
                                           std::nullopt, std::nullopt}));
    t.emplace("Subscribe/id=1,path=[a],priority=127,order=Asc,expires=0ms,min=Some(0),max=None",
              value("subscribe", Subscribe{1, path({"a"}), 127, GroupOrder::ascending, 0ms, 0,
                                           std::nullopt}));
    t.emplace(
        "SubscribeUpdate/priority=3,order=Asc,expires=1500ms(NOT ENCODED),min=Some(2),max=None",
        quirk(SubscribeUpdate{3, GroupOrder::ascending, 1500ms, 2, std::nullopt}));
    t.emplace(
        "SubscribeUpdate/priority=0,order=Desc,expires=0ms(NOT ENCODED),min=None,max=Some(10)",
        quirk(SubscribeUpdate{0, GroupOrder::descending, 0ms, std::nullopt, 10}));

    t.emplace("Info/priority=-1,order=Desc,expires=1500ms,latest=300",
              value("info", Info{-1, GroupOrder::descending, 1500ms, 300}));
    t.emplace("Info/priority=0,order=Desc,expires=0ms,latest=0",
              value("info", Info{0, GroupOrder::descending, 0ms, 0}));
    t.emplace("InfoRequest/path=[room,alice,video]",
              value("info-request", InfoRequest{path({"room", "alice", "video"})}));
    t.emplace("Fetch/path=[room,alice,video],priority=-1,group=300,offset=5",
              value("fetch", Fetch{path({"room", "alice", "video"}), -1, 300, 5}));
    t.emplace("Group/subscribe=7,sequence=300", value("group", Group{7, 300}));
    t.emplace("Group/subscribe=0,sequence=0", value("group", Group{0, 0}));
    t.emplace("GroupDrop/sequence=300,count=0,code=4", value("group-drop", GroupDrop{300, 0, 4}));
    t.emplace("GroupDrop/sequence=7,count=2,code=13", value("group-drop", GroupDrop{7, 2, 13}));
    for (uint64_t size : {0ull, 1ull, 5ull, 63ull, 64ull, 16383ull, 16384ull, 1073741823ull,
                          1073741824ull}) {
      t.emplace("Frame/size=" + std::to_string(size), value("frame", FrameHeader{size}));
    }
    t.emplace("GroupOrder/Asc", value("group-order", GroupOrder::ascending));
    t.emplace("GroupOrder/Desc", value("group-order", GroupOrder::descending));

    t.emplace("stream/client-session-open",
              stream("stream:bidi", {message(ControlType::session),
                                     message(ClientSetup{{version_fork_02}, {}})}));
    t.emplace("stream/server-session-reply",
              value("server-setup", ServerSetup{version_fork_02, {}}));
    t.emplace("stream/subscribe-open(path=a/b,id=0)",
              stream("stream:bidi",
                     {message(ControlType::subscribe),
                      message(Subscribe{0, path({"a", "b"}), 0, GroupOrder::descending, 0ms,
                                        std::nullopt, std::nullopt})}));
    t.emplace("stream/subscribe-reply(no groups yet)",
              value("info", Info{0, GroupOrder::descending, 0ms, 0}));
    t.emplace("stream/announce-open(prefix=[])",
              stream("stream:bidi", {message(ControlType::announce), message(AnnouncePlease{})}));
    t.emplace("stream/announce-reply(a/b)",
              value("announce", Announce{AnnounceStatus::active, path({"a", "b"})}));
    t.emplace("stream/group(sub=0,seq=0,frames=[hello,''])",
              stream("stream:uni", {message(DataType::group), message(Group{0, 0}),
                                    message(FrameHeader{5}), payload("hello"),
                                    message(FrameHeader{0})}));
    return t;
  }();
  return table;
}

}  // namespace

TEST_CASE("every test vector row encodes to its bytes and decodes back") {
  std::vector<Row> rows = load_rows();
  CHECK(rows.size() == expectations().size());
  std::set<std::string> seen;
  for (const Row& row : rows) {
    INFO("row ", row.name, " (", row.kind, ")");
    auto found = expectations().find(row.name);
    REQUIRE_MESSAGE(found != expectations().end(), "row not covered by the test table");
    CHECK(found->second.kind == row.kind);
    found->second.check(row.bytes);
    seen.insert(row.name);
  }
  for (const auto& entry : expectations()) {
    CHECK_MESSAGE(seen.count(entry.first) == 1, "table entry without a vector row: ", entry.first);
  }
}
