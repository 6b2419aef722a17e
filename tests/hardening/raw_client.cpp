#include "raw_client.h"

#include <chrono>
#include <stdexcept>

namespace hardening {

std::vector<uint8_t> bytes_of_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) throw std::invalid_argument("odd hex length");
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < hex.size(); i += 2) {
    bytes.push_back(static_cast<uint8_t>(std::stoul(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

void RawStream::write_hex(std::string_view hex) const {
  std::vector<uint8_t> bytes = bytes_of_hex(hex);
  send->write(moq::Bytes::copy(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())));
}

namespace {

moq::QuicClientOptions pinned(const std::string& fingerprint) {
  moq::QuicClientOptions options;
  options.tls.fingerprint = fingerprint;
  return options;
}

}  // namespace

RawClient::RawClient(moq::EventLoop& loop, const std::string& url, const std::string& fingerprint)
    : loop_(loop), client_(loop, pinned(fingerprint)) {
  client_.connect(
      url,
      [this](std::shared_ptr<moq::QuicConnection> connection) {
        connection_ = std::move(connection);
        connection_->on_closed([this](const moq::Error& error) { closed_ = error; });
        connection_->on_bi([this](moq::BiStream stream) { peer_streams_.push_back(track(std::move(stream))); });
        connection_->on_uni([this](std::shared_ptr<moq::RecvStream> stream) {
          peer_streams_.push_back(track({nullptr, std::move(stream)}));
        });
      },
      [this](const moq::Error& error) { closed_ = error; });
}

RawClient::~RawClient() {
  if (!connection_) return;
  connection_->on_closed([](const moq::Error&) {});
  connection_->on_bi([](moq::BiStream) {});
  connection_->on_uni([](std::shared_ptr<moq::RecvStream>) {});
}

bool RawClient::wait_connected() {
  return loop_.run_until([this] { return connection_ || closed_; }, std::chrono::seconds(10)) && connection_;
}

RawStream RawClient::track(moq::BiStream stream) {
  RawStream raw{std::move(stream.send), std::move(stream.recv)};
  auto record = raw.record;
  if (raw.recv) {
    raw.recv->on_data([record](std::span<const uint8_t> data, bool fin) {
      record->data.insert(record->data.end(), data.begin(), data.end());
      record->fin = record->fin || fin;
    });
    raw.recv->on_reset([record](uint64_t code) { record->reset = code; });
  }
  if (raw.send) raw.send->on_stopped([record](uint64_t code) { record->stopped = code; });
  return raw;
}

RawStream RawClient::open_bi() { return track(connection_->open_bi()); }

RawStream RawClient::open_uni() { return track({connection_->open_uni(), nullptr}); }

}  // namespace hardening
