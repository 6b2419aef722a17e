#pragma once
// A qlog trace file for one connection (ngtcp2 writes JSON-SEQ records through its callback).

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>

namespace moq::quic {

class QlogFile {
 public:
  // Opens dir/<name>.sqlog; an empty dir leaves qlog off. Throws moq::Error if it cannot open.
  void open(const std::string& dir, const std::string& name);
  bool enabled() const { return file_ != nullptr; }
  void write(const void* data, size_t size);

 private:
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Closer> file_;
};

}  // namespace moq::quic
