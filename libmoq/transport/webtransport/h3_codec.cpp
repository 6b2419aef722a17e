#include "transport/webtransport/h3_codec.h"

#include <algorithm>
#include <string>

#include "moq/error.h"
#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::h3 {

Settings webtransport_settings() {
  return {{setting::enable_connect_protocol, 1},
          {setting::h3_datagram, 1},
          {setting::h3_datagram_draft04, 1},
          {setting::enable_webtransport, 1},
          {setting::webtransport_max_sessions, 1}};
}

std::optional<uint64_t> setting_value(const Settings& settings, uint64_t id) {
  for (const auto& [key, value] : settings)
    if (key == id) return value;
  return std::nullopt;
}

Bytes encode_tlv(uint64_t type, std::span<const uint8_t> payload) {
  wire::Writer writer;
  writer.varint(type);
  writer.varint(payload.size());
  writer.raw(payload);
  return writer.finish();
}

Bytes encode_settings_payload(const Settings& settings) {
  wire::Writer writer;
  for (const auto& [id, value] : settings) {
    writer.varint(id);
    writer.varint(value);
  }
  return writer.finish();
}

Settings decode_settings_payload(std::span<const uint8_t> payload) {
  wire::Reader reader(payload);
  Settings settings;
  while (reader.position() < payload.size()) {
    uint64_t id = reader.varint();
    uint64_t value = reader.varint();
    if (reader.short_input()) throw Error(code::decode, "HTTP/3 SETTINGS frame is truncated");
    if (setting_value(settings, id))
      throw Error(code::decode, "HTTP/3 SETTINGS repeats setting " + std::to_string(id));
    settings.emplace_back(id, value);
  }
  return settings;
}

Bytes encode_close_session(uint32_t code, std::string_view reason) {
  wire::Writer payload;
  for (int shift = 24; shift >= 0; shift -= 8) payload.u8(static_cast<uint8_t>(code >> shift));
  payload.raw({reinterpret_cast<const uint8_t*>(reason.data()), reason.size()});
  Bytes capsule_bytes = encode_tlv(capsule::close_webtransport_session, payload.view());
  return encode_tlv(frame::data, capsule_bytes.span());
}

CloseSession decode_close_session(std::span<const uint8_t> payload) {
  if (payload.size() < 4) throw Error(code::decode, "CLOSE_WEBTRANSPORT_SESSION capsule is too short");
  CloseSession close;
  for (size_t i = 0; i < 4; ++i) close.code = (close.code << 8) | payload[i];
  close.reason.assign(reinterpret_cast<const char*>(payload.data() + 4), payload.size() - 4);
  return close;
}

std::optional<Tlv> TlvParser::next() {
  wire::Reader reader(buffer_);
  uint64_t type = reader.varint();
  uint64_t length = reader.varint();
  if (reader.short_input()) return std::nullopt;
  if (length > max_payload_) {
    throw Error(code::bounds_exceeded, "HTTP/3 frame or capsule of " + std::to_string(length) +
                                           " bytes exceeds the limit of " + std::to_string(max_payload_));
  }
  size_t header = reader.position();
  if (buffer_.size() - header < length) return std::nullopt;
  Tlv tlv{type, std::vector<uint8_t>(buffer_.begin() + static_cast<ptrdiff_t>(header),
                                     buffer_.begin() + static_cast<ptrdiff_t>(header + length))};
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<ptrdiff_t>(header + length));
  return tlv;
}

std::optional<VarintAt> peek_varint(std::span<const uint8_t> data, size_t offset) {
  if (offset > data.size()) return std::nullopt;
  wire::Reader reader(data.subspan(offset));
  uint64_t value = reader.varint();
  if (reader.short_input()) return std::nullopt;
  return VarintAt{value, offset + reader.position()};
}

}  // namespace moq::h3
