#include "moq/poll.h"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("Poll holds exactly one of ready, pending, end") {
  auto ready = moq::Poll<std::string>::ready("x");
  CHECK(ready.is_ready());
  CHECK_FALSE(ready.is_pending());
  CHECK_FALSE(ready.is_end());
  CHECK(ready.value() == "x");
  CHECK(std::move(ready).value() == "x");

  auto pending = moq::Poll<std::string>::pending();
  CHECK(pending.is_pending());
  CHECK_FALSE(pending.is_ready());
  CHECK_FALSE(pending.is_end());

  auto end = moq::Poll<std::string>::end();
  CHECK(end.is_end());
  CHECK_FALSE(end.is_ready());
  CHECK_FALSE(end.is_pending());
}
