// Relay tokens from untrusted clients: base64url decoding and token checking. Decoding must
// accept exactly the canonical encodings (decode then encode gives the input back), encoding
// must always decode back, and a token check must fail with moq::Error(1) and nothing else
// (random input never carries a valid signature).

#include <string_view>

#include "fuzz_check.h"
#include "moq/auth.h"
#include "moq/error.h"

namespace {

const moq::auth::Key& fuzz_key() {
  static const moq::auth::Key key = moq::auth::Key::from_jwk(R"({"kty":"oct","k":"MDEyMzQ1Njc4OWFiY2RlZg"})");
  return key;
}

void require_token_refusal(const moq::Error& error) {
  moq_fuzz::require(error.code() == moq::code::required_extension, "token check failed with a code other than 1");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::span<const uint8_t> data(bytes, size);
  std::string_view text(reinterpret_cast<const char*>(bytes), size);

  if (auto decoded = moq::auth::base64url_decode(text)) {
    moq_fuzz::require(moq::auth::base64url_encode(*decoded) == text, "a non-canonical encoding was accepted");
  }
  auto again = moq::auth::base64url_decode(moq::auth::base64url_encode(data));
  moq_fuzz::require(again && std::equal(again->begin(), again->end(), data.begin(), data.end()),
                    "encoding does not decode back");

  try {
    moq::auth::verify(fuzz_key(), text);
    moq_fuzz::require(false, "a random token verified");
  } catch (const moq::Error& error) {
    require_token_refusal(error);
  }
  try {
    moq::auth::decode_unverified(text);
  } catch (const moq::Error& error) {
    require_token_refusal(error);
  }
  return 0;
}
