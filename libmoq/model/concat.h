#pragma once
// Joining the chunks of a frame into one buffer: the one place the model copies payload.

#include <span>

#include "moq/bytes.h"

namespace moq::detail {

// One chunk is returned as is (shared, no copy); several are copied into one new buffer.
Bytes concat(std::span<const Bytes> chunks);

}  // namespace moq::detail
