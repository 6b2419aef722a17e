#pragma once
// The input of fuzz_session read as a script. First byte: flags (ScriptFlags). Then operations,
// one byte each (low 3 bits: the kind; high 5 bits: a stream selector or local action), some
// followed by arguments:
//   0 open bi          1 open uni           2 write: length byte, then that many bytes
//   3 finish           4 reset: code byte   5 stop: code byte
//   6 deliver (run the network)             7 local action (subscribe, announced, info, ...)
// Stream selectors index, modulo their count, the peer's streams in the order they appeared
// (opened by the peer or by the session under test).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace moq_fuzz {

struct ScriptFlags {
  bool session_is_server = false;
  bool valid_setup = false;  // the peer starts with a correct setup message
  bool publish = false;      // the session serves a track a/b with a group
};

struct Op {
  enum class Kind : uint8_t { open_bi, open_uni, write, finish, reset, stop, deliver, local };
  Kind kind = Kind::deliver;
  uint8_t stream = 0;  // selector, or the local action
  size_t length = 0;   // write: bytes that follow
  uint64_t code = 0;   // reset, stop
};

class Script {
 public:
  explicit Script(std::span<const uint8_t> data) : data_(data) {
    uint8_t bits = take_byte();
    flags_ = {.session_is_server = (bits & 1) != 0, .valid_setup = (bits & 2) != 0, .publish = (bits & 4) != 0};
  }

  ScriptFlags flags() const { return flags_; }

  std::optional<Op> next() {
    if (data_.empty()) return std::nullopt;
    uint8_t byte = take_byte();
    Op op;
    op.kind = static_cast<Op::Kind>(byte & 7);
    op.stream = static_cast<uint8_t>(byte >> 3);
    if (op.kind == Op::Kind::write) op.length = take_byte();
    // Codes: small moq codes mostly, sometimes an application code (64 + n).
    if (op.kind == Op::Kind::reset || op.kind == Op::Kind::stop) {
      uint8_t code = take_byte();
      op.code = code < 32 ? code : 64 + code;
    }
    return op;
  }

  // Up to length bytes of payload (fewer at the end of the input).
  std::span<const uint8_t> take(size_t length) {
    std::span<const uint8_t> taken = data_.first(std::min(length, data_.size()));
    data_ = data_.subspan(taken.size());
    return taken;
  }

 private:
  uint8_t take_byte() {
    if (data_.empty()) return 0;
    uint8_t byte = data_.front();
    data_ = data_.subspan(1);
    return byte;
  }

  std::span<const uint8_t> data_;
  ScriptFlags flags_;
};

}  // namespace moq_fuzz
