#pragma once
// The malformed-input table of docs/errors.md, read by the test that walks it: one row per
// case, between the markers "<!-- table:malformed -->" and "<!-- end -->".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hardening {

struct ErrorCase {
  enum class Stream { setup, session, bi, uni, group };
  enum class Answer { close, stop, stop_reset, abort };

  std::string name;
  Stream stream = Stream::bi;
  std::string hex;                     // bytes sent; "ID" stands for the subscription id (group)
  bool fin = false;                    // FIN after the bytes
  Answer answer = Answer::stop_reset;  // what the relay does
  uint64_t code = 0;
  bool closes_session = false;
};

// Throws std::runtime_error naming the line on a row it cannot read.
std::vector<ErrorCase> read_error_table(const std::string& markdown_path);

}  // namespace hardening
