#pragma once
// A raw QUIC peer of the relay that speaks bytes, not moq: it opens streams, writes crafted
// messages and records what came back on each stream and how the connection ended.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moq/event_loop.h"
#include "moq/quic.h"

namespace hardening {

// What one stream of the raw peer saw.
struct StreamRecord {
  std::vector<uint8_t> data;
  bool fin = false;
  std::optional<uint64_t> reset;    // the relay reset its sending side
  std::optional<uint64_t> stopped;  // the relay asked us to stop sending
};

struct RawStream {
  std::shared_ptr<moq::SendStream> send;  // null for a stream the relay opened one-way
  std::shared_ptr<moq::RecvStream> recv;  // null for our own unidirectional streams
  std::shared_ptr<StreamRecord> record = std::make_shared<StreamRecord>();
  void write_hex(std::string_view hex) const;
};

class RawClient {
 public:
  RawClient(moq::EventLoop& loop, const std::string& url, const std::string& fingerprint);
  // The connection's close is reported on a later loop turn: its callbacks must not reach us.
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // Runs the loop until connected; false on failure or timeout.
  bool wait_connected();
  RawStream open_bi();
  RawStream open_uni();
  // Streams the relay opened, in order.
  const std::vector<RawStream>& peer_streams() const { return peer_streams_; }
  const std::optional<moq::Error>& closed() const { return closed_; }
  moq::Connection& connection() { return *connection_; }

 private:
  RawStream track(moq::BiStream stream);

  moq::EventLoop& loop_;
  moq::QuicClient client_;
  std::shared_ptr<moq::QuicConnection> connection_;
  std::optional<moq::Error> closed_;
  std::vector<RawStream> peer_streams_;
};

std::vector<uint8_t> bytes_of_hex(std::string_view hex);

}  // namespace hardening
