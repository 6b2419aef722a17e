#pragma once
// The varint that opens every stream: a control type on bidirectional streams, a data type on
// unidirectional ones. Unknown values are decode errors (code 5).

#include <cstdint>

#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::wire {

enum class ControlType : uint64_t { session = 0, announce = 1, subscribe = 2, fetch = 3, info = 4 };
enum class DataType : uint64_t { group = 0 };

void encode(Writer& writer, ControlType type);
void decode(Reader& reader, ControlType& type);
void encode(Writer& writer, DataType type);
void decode(Reader& reader, DataType& type);

}  // namespace moq::wire
