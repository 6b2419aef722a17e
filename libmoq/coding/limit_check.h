#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "moq/error.h"

namespace moq::wire {

// A length or count read from the wire, or about to be written, must not exceed its limit
// (code 11). Decoders call this before reading or allocating anything for it.
inline void check_limit(uint64_t value, size_t limit, const char* what) {
  if (value > limit) {
    throw Error(code::bounds_exceeded, std::string(what) + " " + std::to_string(value) +
                                           " over the limit of " + std::to_string(limit));
  }
}

}  // namespace moq::wire
