#include "session_test_util.h"

#include <variant>

namespace session_test {

std::string to_hex(std::span<const uint8_t> data) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : data) {
    out += digits[byte >> 4];
    out += digits[byte & 15];
  }
  return out;
}

moq::Bytes from_hex(std::string_view hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return moq::Bytes(std::move(out));
}

SessionPair::SessionPair(moq::SessionOptions client_options, moq::SessionOptions server_options,
                         memory::ConnectionOptions connection_options)
    : connection(memory::connect(network, connection_options)) {
  server.emplace(moq::Session::accept(connection.server, std::move(server_options)));
  client.emplace(moq::Session::connect(connection.client, std::move(client_options)));
  network.run();
}

std::shared_ptr<Received> record(moq::RecvStream& stream) {
  auto received = std::make_shared<Received>();
  received->id = stream.id();
  stream.on_data([received](std::span<const uint8_t> data, bool fin) {
    received->hex += to_hex(data);
    received->fin = received->fin || fin;
  });
  stream.on_reset([received](uint64_t code) { received->reset = code; });
  return received;
}

void record_stopped(moq::SendStream& stream, const std::shared_ptr<Received>& received) {
  stream.on_stopped([received](uint64_t code) { received->stopped = code; });
}

RawPeer::RawPeer(std::shared_ptr<memory::Endpoint> connection_) : connection(std::move(connection_)) {
  connection->on_bi([this](moq::BiStream stream) {
    auto received = record(*stream.recv);
    record_stopped(*stream.send, received);
    bi.push_back({std::move(stream), received});
  });
  connection->on_uni([this](std::shared_ptr<moq::RecvStream> stream) {
    if (pause_uni) stream->pause();
    uni.push_back(record(*stream));
    uni_streams.push_back(std::move(stream));
  });
  connection->on_closed([this](const moq::Error& error) { closed = error; });
}

RawPeer::Stream RawPeer::open_bi(std::string_view hex) {
  Stream stream{connection->open_bi(), nullptr};
  stream.received = record(*stream.stream.recv);
  record_stopped(*stream.stream.send, stream.received);
  if (!hex.empty()) stream.write(hex);
  return stream;
}

std::shared_ptr<moq::SendStream> RawPeer::open_uni(std::string_view hex) {
  auto stream = connection->open_uni();
  stream->write(from_hex(hex));
  return stream;
}

std::vector<std::string> read_group(moq::GroupConsumer& group, std::optional<uint64_t>* error, bool* ended) {
  std::vector<std::string> frames;
  try {
    for (;;) {
      auto frame = group.read_frame();
      if (!frame.is_ready()) {
        if (ended) *ended = frame.is_end();
        break;
      }
      frames.emplace_back(frame.value().view());
    }
  } catch (const moq::Error& e) {
    if (error) *error = e.code();
  }
  return frames;
}

TrackReading read_track(moq::TrackConsumer& track) {
  TrackReading reading;
  try {
    for (;;) {
      auto item = track.next_group();
      if (item.is_pending()) break;
      if (item.is_end()) {
        reading.ended = true;
        break;
      }
      if (auto* dropped = std::get_if<moq::GroupsDropped>(&item.value())) {
        reading.dropped.push_back(*dropped);
        reading.items.push_back("drop " + std::to_string(dropped->first) + "+" + std::to_string(dropped->count) +
                                " code " + std::to_string(dropped->code));
        continue;
      }
      auto& group = std::get<moq::GroupConsumer>(item.value());
      reading.sequences.push_back(group.sequence());
      reading.items.push_back(label("g", group.sequence()));
      reading.frames.push_back(read_group(group));
    }
  } catch (const moq::Error& e) {
    reading.error = e.code();
  }
  return reading;
}

}  // namespace session_test
