#pragma once
// How moq-pub cuts stdin into frames (--frame), incrementally: chunks go in as they are read,
// complete frames come out as slices of those chunks. A frame that spans chunks is joined once;
// nothing else is copied.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "moq/bytes.h"

namespace moq::pub {

struct Framing {
  enum class Kind { line, delimiter, size, len32, varint, all, chunk };
  Kind kind = Kind::line;
  uint8_t delimiter = '\n';
  uint64_t size = 0;
  bool keep_delimiter = false;
};

// "line", "delim:BYTE" (a character, \n \t \0 or 0xHH), "size:N", "len32", "varint", "all",
// "chunk". Throws ToolFailure(usage) for anything else.
Framing parse_framing(std::string_view text, bool keep_delimiter);

class Framer {
 public:
  using Emit = std::function<void(Bytes frame)>;
  explicit Framer(Framing framing) : framing_(framing) {}

  void push(const Bytes& chunk, const Emit& emit);
  // End of input: emits what is left as a last frame (a line without its newline, a short
  // size:N frame, everything for "all"). Throws ToolFailure if input ends inside a
  // length-prefixed frame.
  void finish(const Emit& emit);

 private:
  void push_delimited(const Bytes& chunk, const Emit& emit);
  void push_sized(const Bytes& chunk, const Emit& emit);
  // Reads a length prefix byte by byte; true once frame_size_ is known.
  bool read_prefix(uint8_t byte);
  void emit_pending(Bytes tail, const Emit& emit);

  Framing framing_;
  std::vector<Bytes> pending_;  // start of the current frame, from earlier chunks
  uint64_t pending_size_ = 0;
  std::string prefix_;  // length-prefix bytes read so far
  bool have_size_ = false;
  uint64_t frame_size_ = 0;
};

}  // namespace moq::pub
