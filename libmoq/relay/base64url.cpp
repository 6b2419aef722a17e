#include <array>

#include "moq/auth.h"

namespace moq::auth {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr uint8_t invalid = 0xff;

constexpr std::array<uint8_t, 256> decoding_table() {
  std::array<uint8_t, 256> table{};
  table.fill(invalid);
  for (size_t i = 0; i < alphabet.size(); ++i) table[static_cast<uint8_t>(alphabet[i])] = static_cast<uint8_t>(i);
  return table;
}

constexpr std::array<uint8_t, 256> sextet = decoding_table();

}  // namespace

std::string base64url_encode(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t triple = uint32_t{bytes[i]} << 16 | uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
    out += alphabet[triple >> 18 & 63];
    out += alphabet[triple >> 12 & 63];
    out += alphabet[triple >> 6 & 63];
    out += alphabet[triple & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t triple = uint32_t{bytes[i]} << 16 | (rest == 2 ? uint32_t{bytes[i + 1]} << 8 : 0);
    out += alphabet[triple >> 18 & 63];
    out += alphabet[triple >> 12 & 63];
    if (rest == 2) out += alphabet[triple >> 6 & 63];
  }
  return out;
}

std::optional<std::vector<uint8_t>> base64url_decode(std::string_view text) {
  // 4n+1 characters cannot come from any byte string.
  if (text.size() % 4 == 1) return std::nullopt;
  std::vector<uint8_t> out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    uint8_t value = sextet[static_cast<uint8_t>(c)];
    if (value == invalid) return std::nullopt;
    bits = bits << 6 | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<uint8_t>(bits >> count));
      bits &= (1u << count) - 1;
    }
  }
  // The leftover bits of a final partial group must be zero, so each byte string has one
  // encoding (a token cannot be altered without changing its bytes).
  if (bits != 0) return std::nullopt;
  return out;
}

}  // namespace moq::auth
