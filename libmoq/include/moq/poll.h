#pragma once
// The result of a non-blocking read: an item, nothing yet (pending), or no more (end).
// Failures are not a state of Poll: they are thrown as moq::Error.

#include <cassert>
#include <optional>
#include <utility>

namespace moq {

template <class T>
class Poll {
 public:
  static Poll ready(T value) { return Poll(std::move(value), false); }
  static Poll pending() { return Poll(std::nullopt, false); }
  static Poll end() { return Poll(std::nullopt, true); }

  bool is_ready() const noexcept { return value_.has_value(); }
  bool is_pending() const noexcept { return !value_ && !end_; }
  bool is_end() const noexcept { return end_; }

  // The item; only for a ready result.
  T& value() & {
    assert(is_ready());
    return *value_;
  }
  const T& value() const& {
    assert(is_ready());
    return *value_;
  }
  T&& value() && {
    assert(is_ready());
    return std::move(*value_);
  }

 private:
  Poll(std::optional<T> value, bool end) : value_(std::move(value)), end_(end) {}

  std::optional<T> value_;
  bool end_;
};

}  // namespace moq
