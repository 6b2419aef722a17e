#pragma once
// Every bound the wire codec enforces. A decoder rejects a length or count above its bound with
// code 11 as soon as it reads it, before the bytes arrive and before allocating anything, and an
// encoder refuses what the decoder would reject.

#include <cstddef>
#include <cstdint>

namespace moq::wire::limits {

// Largest value a QUIC varint can carry is max_varint; 2^62 and above cannot be encoded.
inline constexpr uint64_t max_varint = (uint64_t{1} << 62) - 1;
inline constexpr size_t max_varint_size = 8;

// Parts in one path, and bytes in one string (a path part is a string).
inline constexpr size_t max_path_parts = 64;
inline constexpr size_t max_string_length = 1024;

// Setup extensions: entries per message and bytes per value.
inline constexpr size_t max_extensions = 64;
inline constexpr size_t max_extension_value_length = 4096;

// Versions offered in one ClientSetup.
inline constexpr size_t max_versions = 64;

// Bytes a RecvBuffer holds while waiting for a message to complete. Frame payload does not count
// as long as it is taken out as it arrives.
inline constexpr size_t max_buffered_message_bytes = size_t{1} << 20;

// The largest messages the bounds above allow must fit in the receive buffer.
inline constexpr size_t max_path_size =
    max_varint_size + max_path_parts * (max_varint_size + max_string_length);
inline constexpr size_t max_extensions_size =
    max_varint_size + max_extensions * (2 * max_varint_size + max_extension_value_length);
inline constexpr size_t max_client_setup_size =
    max_varint_size * (1 + max_versions) + max_extensions_size;
static_assert(max_client_setup_size <= max_buffered_message_bytes);
static_assert(max_path_size + 8 * max_varint_size <= max_buffered_message_bytes);

}  // namespace moq::wire::limits
