#pragma once
// A track path: a sequence of strings (["room","alice","video"]), not a slash-joined string.
// Prefix tests and stripping work part-wise. Tools show and parse it with '/'.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace moq {

class Path {
 public:
  Path() = default;
  explicit Path(std::vector<std::string> parts) : parts_(std::move(parts)) {}
  // "a/b/c" -> ["a","b","c"]; "" -> []; empty parts from repeated or edge slashes are dropped.
  static Path parse(std::string_view text);

  const std::vector<std::string>& parts() const noexcept { return parts_; }
  size_t size() const noexcept { return parts_.size(); }
  bool empty() const noexcept { return parts_.empty(); }
  // Parts joined with '/'.
  std::string to_string() const;

  bool has_prefix(const Path& prefix) const noexcept;
  // This path without the given prefix; requires has_prefix(prefix).
  Path strip_prefix(const Path& prefix) const;
  Path join(const Path& suffix) const;

  friend bool operator==(const Path&, const Path&) = default;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted comparison.
  friend auto operator<=>(const Path&, const Path&) = default;

 private:
  std::vector<std::string> parts_;
};

}  // namespace moq

template <>
struct std::hash<moq::Path> {
  size_t operator()(const moq::Path& path) const noexcept;
};
