#pragma once
// How moq-sub writes each received frame (--frame, --format): the payload itself is queued by
// reference; only prefixes, separators and templates are new bytes.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "moq/bytes.h"
#include "output_writer.h"

namespace moq::sub {

struct ReceivedFrame {
  std::string_view track;
  uint64_t group = 0;
  uint64_t index = 0;  // within the group
  Bytes payload;
  std::chrono::system_clock::time_point received;
};

class FrameOutput {
 public:
  // mode: line, raw, len32, varint, json; a non-empty format template wins over it. Throws
  // ToolFailure(usage) for an unknown mode or template directive.
  FrameOutput(std::string_view mode, std::string format);

  void write(const ReceivedFrame& frame, tool::OutputWriter& out) const;

 private:
  enum class Mode { line, raw, len32, varint, json, format };
  void write_format(const ReceivedFrame& frame, tool::OutputWriter& out) const;
  Mode mode_;
  std::string format_;
};

}  // namespace moq::sub
