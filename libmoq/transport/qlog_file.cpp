#include "transport/qlog_file.h"

#include <cerrno>
#include <cstring>

#include "moq/error.h"

namespace moq::quic {

void QlogFile::open(const std::string& dir, const std::string& name) {
  if (dir.empty()) return;
  auto path = dir + "/" + name + ".sqlog";
  file_.reset(std::fopen(path.c_str(), "w"));
  if (!file_) throw Error(code::transport, "cannot open qlog file " + path + ": " + std::strerror(errno));
}

void QlogFile::write(const void* data, size_t size) {
  if (file_) std::fwrite(data, 1, size, file_.get());
}

}  // namespace moq::quic
