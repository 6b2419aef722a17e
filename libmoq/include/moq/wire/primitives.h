#pragma once
// Encodings of the primitive field types (spec "Encoding primitives"). Each type has
// `void encode(Writer&, value)` and `void decode(Reader&, value&)`; encoders refuse, with the
// same code, any value the decoder would reject.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "moq/bytes.h"
#include "moq/path.h"
#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::wire {

enum class GroupOrder : uint8_t { ascending = 0, descending = 1 };

// QUIC varint.
void encode(Writer& writer, uint64_t value);
void decode(Reader& reader, uint64_t& value);

// Priority: one byte holding value + 128.
void encode(Writer& writer, int8_t priority);
void decode(Reader& reader, int8_t& priority);

// Duration: varint milliseconds; negative durations cannot be encoded (code 11).
void encode(Writer& writer, std::chrono::milliseconds duration);
void decode(Reader& reader, std::chrono::milliseconds& duration);

// Optional sequence: varint, 0 when absent, otherwise value + 1 (so 2^62 - 1 cannot be encoded).
void encode(Writer& writer, const std::optional<uint64_t>& sequence);
void decode(Reader& reader, std::optional<uint64_t>& sequence);

// String: varint length (at most limits::max_string_length) and UTF-8 bytes (else code 5).
void encode(Writer& writer, const std::string& text);
void decode(Reader& reader, std::string& text);

// Bytes: varint length and the bytes. The only bytes fields are extension values, so the
// length is bounded by limits::max_extension_value_length.
void encode(Writer& writer, const Bytes& data);
void decode(Reader& reader, Bytes& data);

// Path: varint count of parts (at most limits::max_path_parts), then each part as a string.
void encode(Writer& writer, const Path& path);
void decode(Reader& reader, Path& path);

// Group order: varint 0 or 1; anything else is code 5.
void encode(Writer& writer, GroupOrder order);
void decode(Reader& reader, GroupOrder& order);

}  // namespace moq::wire
