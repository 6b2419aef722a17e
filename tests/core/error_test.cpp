#include "moq/error.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

TEST_CASE("stream codes map to the wire as in the reference's error-codes vector") {
  std::ifstream file(MOQ_SHARED_DIR "/vectors/error-codes.tsv");
  REQUIRE(file);
  std::string line;
  int rows = 0;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("error\t", 0) == 0) continue;
    std::istringstream fields(line);
    std::string name, code, wire;
    std::getline(fields, name, '\t');
    std::getline(fields, code, '\t');
    std::getline(fields, wire, '\t');
    if (code == "-") continue;
    uint32_t c = static_cast<uint32_t>(std::stoul(code));
    CAPTURE(name);
    CHECK(moq::stream_code_to_wire(c) == std::stoull(wire, nullptr, 16));
    CHECK(moq::stream_code_from_wire(std::stoull(wire, nullptr, 16)) == c);
    ++rows;
  }
  CHECK(rows == 13);
}

TEST_CASE("stream code mapping round-trips and rejects reserved and foreign values") {
  for (uint32_t c : {0u, 1u, 29u, 30u, 31u, 61u, 62u, 1000u, 0xffffffffu}) {
    CHECK(moq::stream_code_from_wire(moq::stream_code_to_wire(c)) == c);
  }
  CHECK(moq::stream_code_to_wire(0xffffffffu) == moq::stream_code_last);
  CHECK_FALSE(moq::stream_code_from_wire(0).has_value());
  CHECK_FALSE(moq::stream_code_from_wire(moq::stream_code_first - 1).has_value());
  CHECK_FALSE(moq::stream_code_from_wire(moq::stream_code_last + 1).has_value());
  // The first reserved value inside the range: 0x52e4a40fa8db + 30 -> (w - 0x21) % 0x1f == 0.
  CHECK_FALSE(moq::stream_code_from_wire(0x52e4a40fa8f9).has_value());
}

TEST_CASE("Error carries the code and message") {
  moq::Error e(moq::code::not_found, "track a/b not found");
  CHECK(e.code() == 13);
  CHECK(std::string(e.what()) == "track a/b not found");
  CHECK(moq::code_name(13) == "not found");
  CHECK(moq::code_name(66) == "application error 2");
}
