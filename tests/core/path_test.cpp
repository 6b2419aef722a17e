#include "moq/path.h"

#include <doctest/doctest.h>

#include <unordered_set>

using moq::Path;

TEST_CASE("Path parses and prints slash-joined text part-wise") {
  CHECK(Path::parse("room/alice/video").parts() == std::vector<std::string>{"room", "alice", "video"});
  CHECK(Path::parse("").empty());
  CHECK(Path::parse("/a//b/").parts() == std::vector<std::string>{"a", "b"});
  CHECK(Path::parse("a/b").to_string() == "a/b");
}

TEST_CASE("Path prefixes are part-wise, not string-wise") {
  Path p = Path::parse("room/alice/video");
  CHECK(p.has_prefix(Path::parse("room")));
  CHECK(p.has_prefix(Path()));
  CHECK_FALSE(p.has_prefix(Path::parse("roo")));
  CHECK_FALSE(Path::parse("a").has_prefix(Path::parse("a/b")));
  CHECK(p.strip_prefix(Path::parse("room")) == Path::parse("alice/video"));
  CHECK(Path::parse("room").join(Path::parse("alice/video")) == p);
}

TEST_CASE("Path hashes and compares by parts") {
  std::unordered_set<Path> set{Path::parse("a/b"), Path::parse("a/b"), Path(std::vector<std::string>{"a/b"})};
  CHECK(set.size() == 2);
  CHECK(Path::parse("a") < Path::parse("b"));
}
