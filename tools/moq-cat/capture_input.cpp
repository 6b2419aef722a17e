#include "capture_input.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "hex.h"
#include "tool_failure.h"

namespace moq::cat {
namespace {

std::string read_all(std::istream& in, const std::string& name) {
  std::string data(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) throw tool::ToolFailure(tool::ExitCode::failure, "cannot read " + name + ": " + std::strerror(errno));
  return data;
}

}  // namespace

std::vector<uint8_t> read_capture(const std::string& path, bool hex) {
  std::string data;
  if (path == "-") {
    data = read_all(std::cin, "stdin");
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw tool::ToolFailure(tool::ExitCode::failure, "cannot open " + path + ": " + std::strerror(errno));
    data = read_all(file, path);
  }
  if (hex) return tool::parse_hex(data);
  return std::vector<uint8_t>(data.begin(), data.end());
}

}  // namespace moq::cat
