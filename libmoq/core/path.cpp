#include "moq/path.h"

#include <cassert>

namespace moq {

Path Path::parse(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('/', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return Path(std::move(parts));
}

std::string Path::to_string() const {
  std::string out;
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (i) out += '/';
    out += parts_[i];
  }
  return out;
}

bool Path::has_prefix(const Path& prefix) const noexcept {
  if (prefix.parts_.size() > parts_.size()) return false;
  for (size_t i = 0; i < prefix.parts_.size(); ++i) {
    if (parts_[i] != prefix.parts_[i]) return false;
  }
  return true;
}

Path Path::strip_prefix(const Path& prefix) const {
  assert(has_prefix(prefix));
  return Path(std::vector<std::string>(parts_.begin() + static_cast<std::ptrdiff_t>(prefix.size()),
                                       parts_.end()));
}

Path Path::join(const Path& suffix) const {
  std::vector<std::string> parts = parts_;
  parts.insert(parts.end(), suffix.parts_.begin(), suffix.parts_.end());
  return Path(std::move(parts));
}

}  // namespace moq

size_t std::hash<moq::Path>::operator()(const moq::Path& path) const noexcept {
  size_t h = path.size();
  for (const auto& part : path.parts()) {
    h ^= std::hash<std::string>{}(part) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  }
  return h;
}
