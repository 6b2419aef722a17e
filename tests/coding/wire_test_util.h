#pragma once
// Helpers shared by the codec tests: hex, encoding a value into a vector, and random values of
// every wire type (seeded, so failures reproduce).

#include <chrono>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "moq/wire/decode.h"

namespace wire_test {

using namespace moq::wire;

inline std::vector<uint8_t> from_hex(std::string_view hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoul(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

inline std::string to_hex(std::span<const uint8_t> data) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : data) {
    out += digits[byte >> 4];
    out += digits[byte & 0xf];
  }
  return out;
}

template <class T>
std::vector<uint8_t> encoded(const T& value) {
  Writer writer;
  encode(writer, value);
  return {writer.view().begin(), writer.view().end()};
}

class Random {
 public:
  explicit Random(uint64_t seed) : rng_(seed) {}

  uint64_t below(uint64_t bound) { return std::uniform_int_distribution<uint64_t>(0, bound - 1)(rng_); }
  bool coin() { return below(2) == 1; }

  // A varint value, each encoded size equally likely.
  uint64_t varint() {
    static constexpr uint64_t firsts[] = {0, 1ull << 6, 1ull << 14, 1ull << 30, 1ull << 62};
    size_t size_class = below(4);
    return firsts[size_class] + below(firsts[size_class + 1] - firsts[size_class]);
  }
  int8_t priority() { return static_cast<int8_t>(static_cast<int>(below(256)) - 128); }
  std::chrono::milliseconds duration() {
    return std::chrono::milliseconds(static_cast<int64_t>(varint()));
  }
  std::optional<uint64_t> sequence() {
    if (coin()) return std::nullopt;
    uint64_t value = varint();
    return value == limits::max_varint ? 0 : value;
  }
  GroupOrder order() { return coin() ? GroupOrder::ascending : GroupOrder::descending; }

  // Valid UTF-8 with characters of every encoded length.
  std::string text() {
    std::string out;
    for (uint64_t n = below(8); n > 0; --n) append_utf8(out, code_point());
    return out;
  }
  moq::Path path() {
    std::vector<std::string> parts(below(5));
    for (std::string& part : parts) part = text();
    return moq::Path(std::move(parts));
  }
  moq::Bytes bytes() {
    std::vector<uint8_t> data(below(20));
    for (uint8_t& byte : data) byte = static_cast<uint8_t>(below(256));
    return moq::Bytes(std::move(data));
  }
  Extensions extensions() {
    Extensions out;
    for (uint64_t n = below(4); n > 0; --n) out[varint()] = bytes();
    return out;
  }
  Versions versions() {
    Versions out(below(5));
    for (uint64_t& version : out) version = coin() ? version_fork_02 : varint();
    return out;
  }

  void fill(uint64_t& value) { value = varint(); }
  void fill(int8_t& value) { value = priority(); }
  void fill(std::chrono::milliseconds& value) { value = duration(); }
  void fill(std::optional<uint64_t>& value) { value = sequence(); }
  void fill(std::string& value) { value = text(); }
  void fill(moq::Bytes& value) { value = bytes(); }
  void fill(moq::Path& value) { value = path(); }
  void fill(GroupOrder& value) { value = order(); }
  void fill(ControlType& value) { value = static_cast<ControlType>(below(5)); }
  void fill(DataType& value) { value = DataType::group; }
  void fill(Versions& value) { value = versions(); }
  void fill(Extensions& value) { value = extensions(); }
  void fill(ClientSetup& value) { value = {versions(), extensions()}; }
  void fill(ServerSetup& value) { value = {varint(), extensions()}; }
  void fill(SessionInfo& value) {
    value.bitrate = coin() ? std::nullopt : std::optional<uint64_t>(1 + below(limits::max_varint));
  }
  void fill(AnnouncePlease& value) { value.prefix = path(); }
  void fill(Announce& value) {
    value.status = static_cast<AnnounceStatus>(below(3));
    value.suffix = value.status == AnnounceStatus::live ? moq::Path() : path();
  }
  void fill(Subscribe& value) {
    value = {varint(), path(), priority(), order(), duration(), sequence(), sequence()};
  }
  void fill(SubscribeUpdate& value) {
    value = {priority(), order(), duration(), sequence(), sequence()};
  }
  void fill(GroupDrop& value) { value = {varint(), varint(), varint()}; }
  void fill(Info& value) { value = {priority(), order(), duration(), varint()}; }
  void fill(InfoRequest& value) { value.path = path(); }
  void fill(Fetch& value) { value = {path(), priority(), varint(), varint()}; }
  void fill(Group& value) { value = {varint(), varint()}; }
  void fill(FrameHeader& value) { value.size = varint(); }

  template <class T>
  T make() {
    T value{};
    fill(value);
    return value;
  }

 private:
  uint32_t code_point() {
    switch (below(4)) {
      case 0: return static_cast<uint32_t>(0x20 + below(0x5f));
      case 1: return static_cast<uint32_t>(0x80 + below(0x800 - 0x80));
      case 2: {
        uint32_t c = static_cast<uint32_t>(0x800 + below(0x10000 - 0x800));
        return c >= 0xd800 && c <= 0xdfff ? c - 0x800 : c;
      }
      default: return static_cast<uint32_t>(0x10000 + below(0x110000 - 0x10000));
    }
  }
  static void append_utf8(std::string& out, uint32_t c) {
    auto put = [&](uint32_t byte) { out += static_cast<char>(byte); };
    if (c < 0x80) {
      put(c);
    } else if (c < 0x800) {
      put(0xc0 | (c >> 6)), put(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      put(0xe0 | (c >> 12)), put(0x80 | ((c >> 6) & 0x3f)), put(0x80 | (c & 0x3f));
    } else {
      put(0xf0 | (c >> 18)), put(0x80 | ((c >> 12) & 0x3f)), put(0x80 | ((c >> 6) & 0x3f)),
          put(0x80 | (c & 0x3f));
    }
  }

  std::mt19937_64 rng_;
};

}  // namespace wire_test

// Every type with a wire encoding, for TEST_CASE_TEMPLATE.
#define WIRE_TEST_ALL_TYPES                                                                   \
  uint64_t, int8_t, std::chrono::milliseconds, std::optional<uint64_t>, std::string,          \
      moq::Bytes, moq::Path, GroupOrder, ControlType, DataType, Versions, Extensions,          \
      ClientSetup, ServerSetup, SessionInfo, AnnouncePlease, Announce, Subscribe,              \
      SubscribeUpdate, GroupDrop, Info, InfoRequest, Fetch, Group, FrameHeader
