// A group stream through RecvBuffer, the way a session reads it: fed in chunks (sizes taken from
// the first input byte), payload taken as it arrives. What comes out must not depend on the
// chunking: it is compared with the same stream appended in one piece.

#include <algorithm>
#include <string>

#include "fuzz_check.h"
#include "moq/wire/recv_buffer.h"

using namespace moq::wire;

namespace {

// Reads a group stream and records what it found: headers re-encoded, payload bytes as taken,
// and the error code if the stream turned out malformed.
class GroupStreamReader {
 public:
  void feed(std::span<const uint8_t> chunk) {
    if (failed_) return;
    try {
      buffer_.append(chunk);
      drain();
    } catch (const moq::Error& error) {
      moq_fuzz::require_decode_code(error);
      failed_ = true;
      log_ += "error " + std::to_string(error.code());
    }
  }
  const std::string& log() const { return log_; }

 private:
  void drain() {
    while (true) {
      if (payload_left_ > 0) {
        if (buffer_.empty()) return;
        moq::Bytes payload = buffer_.take(payload_left_);
        moq_fuzz::require(!payload.empty() && payload.size() <= payload_left_, "take size");
        payload_left_ -= payload.size();
        log_.append(payload.view());
      } else if (!type_seen_) {
        if (!buffer_.try_decode<DataType>()) return;
        type_seen_ = true;
      } else if (!group_seen_) {
        std::optional<Group> group = buffer_.try_decode<Group>();
        if (!group) return;
        group_seen_ = true;
        record(*group);
      } else {
        std::optional<FrameHeader> frame = buffer_.try_decode<FrameHeader>();
        if (!frame) return;
        payload_left_ = frame->size;
        record(*frame);
      }
    }
  }

  template <class T>
  void record(const T& value) {
    Writer writer;
    encode(writer, value);
    log_ += '[';
    log_.append(writer.finish().view());
    log_ += ']';
  }

  RecvBuffer buffer_;
  bool type_seen_ = false;
  bool group_seen_ = false;
  uint64_t payload_left_ = 0;
  bool failed_ = false;
  std::string log_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  size_t chunk_size = 1 + bytes[0] % 16;
  std::span<const uint8_t> stream(bytes + 1, size - 1);

  GroupStreamReader chunked;
  for (size_t offset = 0; offset < stream.size(); offset += chunk_size) {
    chunked.feed(stream.subspan(offset, std::min(chunk_size, stream.size() - offset)));
  }
  GroupStreamReader whole;
  whole.feed(stream);
  moq_fuzz::require(chunked.log() == whole.log(), "result depends on how the stream was chunked");
  return 0;
}
