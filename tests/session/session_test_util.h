#pragma once
// Helpers for session tests: a session pair over the in-memory connection, a raw peer that
// speaks hex, and readers for tracks.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "memory_connection.h"
#include "moq/session.h"
#include "test_track.h"

namespace session_test {

std::string to_hex(std::span<const uint8_t> data);
moq::Bytes from_hex(std::string_view hex);
inline moq::Bytes text(std::string_view s) { return moq::Bytes::copy(s); }

using moq::test::track_at;

// prefix followed by n ("g" 3 -> "g3").
inline std::string label(std::string prefix, uint64_t n) {
  prefix += std::to_string(n);
  return prefix;
}

// Appends a finished group with these frames.
inline void append_group(moq::TrackProducer& track, const std::vector<std::string>& frames) {
  auto group = track.append_group();
  for (const auto& frame : frames) group.write_frame(moq::Bytes::copy(std::string_view(frame)));
  group.finish();
}

// Default session options with some changed by edit.
template <class Edit>
moq::SessionOptions options(Edit edit) {
  moq::SessionOptions result;
  edit(result);
  return result;
}

// A client and a server session over one in-memory connection.
struct SessionPair {
  explicit SessionPair(moq::SessionOptions client_options = {}, moq::SessionOptions server_options = {},
                       memory::ConnectionOptions connection_options = {});
  void run() { network.run(); }

  memory::Network network;
  memory::ConnectionPair connection;
  std::optional<moq::Session> server;
  std::optional<moq::Session> client;
};

// Everything one stream delivered to the raw peer.
struct Received {
  std::string hex;
  bool fin = false;
  std::optional<uint64_t> reset;    // the sender reset it
  std::optional<uint64_t> stopped;  // our sending side was asked to stop
  uint64_t id = 0;
};

// A peer made of raw bytes on one end of the memory connection: the test writes hex and reads
// what the session under test wrote back.
class RawPeer {
 public:
  explicit RawPeer(std::shared_ptr<memory::Endpoint> connection);

  struct Stream {
    moq::BiStream stream;
    std::shared_ptr<Received> received;
    void write(std::string_view hex) { stream.send->write(from_hex(hex)); }
    void finish() { stream.send->finish(); }
  };

  Stream open_bi(std::string_view hex = {});
  std::shared_ptr<moq::SendStream> open_uni(std::string_view hex);

  // Streams the session opened, in order.
  std::vector<Stream> bi;
  std::vector<std::shared_ptr<Received>> uni;
  std::vector<std::shared_ptr<moq::RecvStream>> uni_streams;
  bool pause_uni = false;  // pause group streams as they arrive (a slow subscriber)
  std::optional<moq::Error> closed;
  std::shared_ptr<memory::Endpoint> connection;
};

std::shared_ptr<Received> record(moq::RecvStream& stream);
void record_stopped(moq::SendStream& stream, const std::shared_ptr<Received>& received);

// A track's frames as strings, group by group, reading everything that is there now.
struct TrackReading {
  std::vector<uint64_t> sequences;
  std::vector<std::vector<std::string>> frames;
  std::vector<moq::GroupsDropped> dropped;
  // Both kinds of item in the order returned: "g<sequence>", "drop <first>+<count> code <code>".
  std::vector<std::string> items;
  bool ended = false;
  std::optional<uint64_t> error;
};
TrackReading read_track(moq::TrackConsumer& track);
// The frames of a group as strings; error code if it was aborted.
std::vector<std::string> read_group(moq::GroupConsumer& group, std::optional<uint64_t>* error = nullptr,
                                    bool* ended = nullptr);

// A clock tests move by hand.
struct ManualClock {
  std::shared_ptr<std::chrono::steady_clock::time_point> now =
      std::make_shared<std::chrono::steady_clock::time_point>();
  moq::SessionOptions::Clock function() const {
    return [now = now] { return *now; };
  }
  void advance(std::chrono::milliseconds by) { *now += by; }
};

}  // namespace session_test
