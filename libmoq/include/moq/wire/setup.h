#pragma once
// Session stream messages: version negotiation with setup extensions, and the reference's
// SessionInfo (which a 0.8.0 peer refuses on the session stream).

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "moq/bytes.h"
#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::wire {

inline constexpr uint64_t version_fork_00 = 0xff0bad00;
inline constexpr uint64_t version_fork_01 = 0xff0bad01;
inline constexpr uint64_t version_fork_02 = 0xff0bad02;
// The version this library speaks.
inline constexpr uint64_t version_current = version_fork_02;

// Varint count (at most limits::max_versions), then each version as a varint.
using Versions = std::vector<uint64_t>;
// Varint count (at most limits::max_extensions), then id varint and bytes value per entry;
// a repeated id is code 5. A map, so they are encoded in ascending id order.
using Extensions = std::map<uint64_t, Bytes>;

struct ClientSetup {
  Versions versions;
  Extensions extensions;
  friend bool operator==(const ClientSetup&, const ClientSetup&) = default;
};

struct ServerSetup {
  uint64_t version = 0;
  Extensions extensions;
  friend bool operator==(const ServerSetup&, const ServerSetup&) = default;
};

// Encoded as the raw varint, 0 meaning unknown; a bitrate of 0 cannot be encoded (code 11).
struct SessionInfo {
  std::optional<uint64_t> bitrate;
  friend bool operator==(const SessionInfo&, const SessionInfo&) = default;
};

void encode(Writer& writer, const Versions& versions);
void decode(Reader& reader, Versions& versions);
void encode(Writer& writer, const Extensions& extensions);
void decode(Reader& reader, Extensions& extensions);
void encode(Writer& writer, const ClientSetup& setup);
void decode(Reader& reader, ClientSetup& setup);
void encode(Writer& writer, const ServerSetup& setup);
void decode(Reader& reader, ServerSetup& setup);
void encode(Writer& writer, const SessionInfo& info);
void decode(Reader& reader, SessionInfo& info);

}  // namespace moq::wire
