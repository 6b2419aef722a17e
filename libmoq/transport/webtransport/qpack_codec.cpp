#include "transport/webtransport/qpack_codec.h"

#include <string>

#include "moq/error.h"

namespace moq::h3 {
namespace {

// An nghttp3_buf released with the default allocator.
struct OwnedBuffer {
  nghttp3_buf buf;
  OwnedBuffer() { nghttp3_buf_init(&buf); }
  ~OwnedBuffer() { nghttp3_buf_free(&buf, nghttp3_mem_default()); }
  OwnedBuffer(const OwnedBuffer&) = delete;
  OwnedBuffer& operator=(const OwnedBuffer&) = delete;
  std::span<const uint8_t> view() const { return {buf.pos, nghttp3_buf_len(&buf)}; }
};

struct StreamContextDelete {
  void operator()(nghttp3_qpack_stream_context* context) const { nghttp3_qpack_stream_context_del(context); }
};

// A decoded field's name and value, released when done.
struct DecodedField {
  nghttp3_qpack_nv nv{};
  ~DecodedField() {
    if (nv.name != nullptr) nghttp3_rcbuf_decref(nv.name);
    if (nv.value != nullptr) nghttp3_rcbuf_decref(nv.value);
  }
  static std::string text(const nghttp3_rcbuf* buffer) {
    nghttp3_vec vec = nghttp3_rcbuf_get_buf(buffer);
    return {reinterpret_cast<const char*>(vec.base), vec.len};
  }
};

uint8_t* mutable_bytes(const std::string& text) {
  // nghttp3_nv is not const-correct; with the NO_COPY flags unset it only reads the bytes.
  return reinterpret_cast<uint8_t*>(const_cast<char*>(text.data()));
}

}  // namespace

std::optional<std::string_view> header_value(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return std::nullopt;
}

QpackEncoder::QpackEncoder() {
  nghttp3_qpack_encoder* encoder = nullptr;
  if (nghttp3_qpack_encoder_new(&encoder, 0, nghttp3_mem_default()) != 0)
    throw Error(code::transport, "cannot create a QPACK encoder");
  encoder_.reset(encoder);
}

Bytes QpackEncoder::encode(int64_t stream_id, const HeaderList& headers) {
  std::vector<nghttp3_nv> fields;
  fields.reserve(headers.size());
  for (const auto& [name, value] : headers)
    fields.push_back({mutable_bytes(name), mutable_bytes(value), name.size(), value.size(), NGHTTP3_NV_FLAG_NONE});
  OwnedBuffer prefix, fields_out, encoder_stream;
  int rv = nghttp3_qpack_encoder_encode(encoder_.get(), &prefix.buf, &fields_out.buf, &encoder_stream.buf,
                                        stream_id, fields.data(), fields.size());
  if (rv != 0) throw Error(code::transport, std::string("QPACK encoding failed: ") + nghttp3_strerror(rv));
  std::vector<uint8_t> section(prefix.view().begin(), prefix.view().end());
  section.insert(section.end(), fields_out.view().begin(), fields_out.view().end());
  return Bytes(std::move(section));
}

QpackDecoder::QpackDecoder() {
  nghttp3_qpack_decoder* decoder = nullptr;
  if (nghttp3_qpack_decoder_new(&decoder, 0, 0, nghttp3_mem_default()) != 0)
    throw Error(code::transport, "cannot create a QPACK decoder");
  decoder_.reset(decoder);
}

HeaderList QpackDecoder::decode(int64_t stream_id, std::span<const uint8_t> section) {
  nghttp3_qpack_stream_context* raw_context = nullptr;
  if (nghttp3_qpack_stream_context_new(&raw_context, stream_id, nghttp3_mem_default()) != 0)
    throw Error(code::transport, "cannot create a QPACK stream context");
  std::unique_ptr<nghttp3_qpack_stream_context, StreamContextDelete> context(raw_context);
  HeaderList headers;
  for (;;) {
    DecodedField field;
    uint8_t flags = NGHTTP3_QPACK_DECODE_FLAG_NONE;
    nghttp3_ssize read = nghttp3_qpack_decoder_read_request(decoder_.get(), context.get(), &field.nv, &flags,
                                                            section.data(), section.size(), 1);
    if (read < 0)
      throw Error(code::decode, std::string("QPACK decoding failed: ") + nghttp3_strerror(static_cast<int>(read)));
    section = section.subspan(static_cast<size_t>(read));
    if (flags & NGHTTP3_QPACK_DECODE_FLAG_BLOCKED)
      throw Error(code::decode, "QPACK field section refers to the dynamic table, which is disabled");
    if (flags & NGHTTP3_QPACK_DECODE_FLAG_EMIT)
      headers.emplace_back(DecodedField::text(field.nv.name), DecodedField::text(field.nv.value));
    if (flags & NGHTTP3_QPACK_DECODE_FLAG_FINAL) return headers;
    if (read == 0 && !(flags & NGHTTP3_QPACK_DECODE_FLAG_EMIT))
      throw Error(code::decode, "QPACK field section is truncated");
  }
}

}  // namespace moq::h3
