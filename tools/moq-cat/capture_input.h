#pragma once
// Reads the captured bytes moq-cat decodes: a file or stdin, raw or written as hex text.

#include <cstdint>
#include <string>
#include <vector>

namespace moq::cat {

// Reads everything from path ("-" for stdin). With hex, the input is hex text and whitespace is
// ignored. Throws ToolFailure when the file cannot be read or the hex is invalid.
std::vector<uint8_t> read_capture(const std::string& path, bool hex);

}  // namespace moq::cat
