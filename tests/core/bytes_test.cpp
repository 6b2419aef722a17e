#include "moq/bytes.h"

#include <doctest/doctest.h>

TEST_CASE("Bytes copies and slices share storage") {
  moq::Bytes b = moq::Bytes::copy(std::string_view("hello world"));
  moq::Bytes c = b;
  moq::Bytes s = b.slice(6);
  CHECK(s.view() == "world");
  CHECK(s.shares_storage_with(b));
  CHECK(c.shares_storage_with(b));
  CHECK(c.data() == b.data());
  CHECK(b.slice(3, 2).view() == "lo");
  CHECK(b.slice(20).empty());
  CHECK_FALSE(moq::Bytes::copy(std::string_view("world")).shares_storage_with(s));
  CHECK(moq::Bytes::copy(std::string_view("world")) == s);
}

TEST_CASE("empty Bytes") {
  moq::Bytes e;
  CHECK(e.empty());
  CHECK(e.view().empty());
  CHECK(e.slice(0).empty());
}
