#pragma once
// QPACK header compression through nghttp3's standalone encoder and decoder, with a dynamic
// table of capacity 0: field sections use the static table and literals only, so no encoder or
// decoder stream instructions are ever needed.

#include <nghttp3/nghttp3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "moq/bytes.h"

namespace moq::h3 {

using HeaderList = std::vector<std::pair<std::string, std::string>>;
// The value of the first field with this name, if any.
std::optional<std::string_view> header_value(const HeaderList& headers, std::string_view name);

class QpackEncoder {
 public:
  QpackEncoder();
  // The encoded field section (prefix and fields) for a HEADERS frame on stream_id.
  Bytes encode(int64_t stream_id, const HeaderList& headers);

 private:
  struct Delete {
    void operator()(nghttp3_qpack_encoder* encoder) const { nghttp3_qpack_encoder_del(encoder); }
  };
  std::unique_ptr<nghttp3_qpack_encoder, Delete> encoder_;
};

class QpackDecoder {
 public:
  QpackDecoder();
  // Decodes one complete field section. Throws moq::Error(code::decode) if it is malformed or
  // refers to the dynamic table.
  HeaderList decode(int64_t stream_id, std::span<const uint8_t> section);

 private:
  struct Delete {
    void operator()(nghttp3_qpack_decoder* decoder) const { nghttp3_qpack_decoder_del(decoder); }
  };
  std::unique_ptr<nghttp3_qpack_decoder, Delete> decoder_;
};

}  // namespace moq::h3
