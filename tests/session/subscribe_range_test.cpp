// Session::subscribe with a group range: where a subscription starts (Subscribe group_min), where
// it stops (group_max), and what the subscriber learns about groups the publisher no longer has.

#include "session_test_util.h"

using namespace session_test;
using moq::Path;

namespace {

// Serves one track straight from its producer: no other consumer of it keeps groups alive, so
// the cache bound alone decides what is still there.
struct CachedTrackOrigin : moq::Origin {
  CachedTrackOrigin(int count, size_t cache_groups) : producer(track_at("a"), cache(cache_groups)) {
    for (int i = 0; i < count; ++i) append_group(producer, {label("g", i)});
  }
  static moq::TrackOptions cache(size_t groups) {
    moq::TrackOptions options;
    options.cache_groups = groups;
    return options;
  }
  std::optional<moq::TrackConsumer> track(const Path& path, moq::GroupRange range) override {
    if (path != producer.track().path) return std::nullopt;
    return producer.consume(range);
  }
  moq::AnnouncedConsumer announced(const Path& prefix) override { return nothing.announced(prefix); }

  moq::TrackProducer producer;
  moq::LocalOrigin nothing;
};

// A session pair whose server serves groups 0..count-1 ("g0", ...) of track a, the newest
// cache_groups of them still cached.
struct CachedTrack {
  CachedTrack(int count, size_t cache_groups)
      : origin(std::make_shared<CachedTrackOrigin>(count, cache_groups)),
        pair({}, options([&](moq::SessionOptions& o) { o.origin = origin; })),
        producer(origin->producer) {}
  std::shared_ptr<CachedTrackOrigin> origin;
  SessionPair pair;
  moq::TrackProducer& producer;
};

// "a,b,c", so a failed check shows what was read.
std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace

TEST_CASE("a subscription with group_min starts at that cached group and follows") {
  CachedTrack published(5, 10);
  auto consumer = published.pair.client->subscribe(track_at("a"), {.min = 2, .max = std::nullopt});
  published.pair.run();
  append_group(published.producer, {"g5"});
  published.pair.run();
  auto reading = read_track(consumer);
  CHECK(joined(reading.items) == "g2,g3,g4,g5");
  CHECK(reading.frames == std::vector<std::vector<std::string>>{{"g2"}, {"g3"}, {"g4"}, {"g5"}});
}

TEST_CASE("group_min 0 gets the oldest cached group on; the evicted ones are reported dropped") {
  CachedTrack published(6, 3);
  auto consumer = published.pair.client->subscribe(track_at("a"), {.min = 0, .max = std::nullopt});
  published.pair.run();
  auto reading = read_track(consumer);
  CHECK(joined(reading.items) == "drop 0+3 code 0,g3,g4,g5");
  CHECK_FALSE(reading.ended);
}

TEST_CASE("a group_min in the future waits for that group") {
  CachedTrack published(2, 10);
  auto consumer = published.pair.client->subscribe(track_at("a"), {.min = 4, .max = std::nullopt});
  published.pair.run();
  CHECK(read_track(consumer).items.empty());
  for (int i = 2; i < 5; ++i) append_group(published.producer, {label("g", i)});
  published.pair.run();
  CHECK(joined(read_track(consumer).items) == "g4");
}

TEST_CASE("group_max ends the subscription after that group") {
  CachedTrack published(5, 10);
  auto consumer = published.pair.client->subscribe(track_at("a"), {.min = 1, .max = 3});
  published.pair.run();
  auto reading = read_track(consumer);
  CHECK(joined(reading.items) == "g1,g2,g3");
  CHECK(reading.ended);
  CHECK_FALSE(reading.error);
}

TEST_CASE("without a range the subscription starts at the latest group, as before") {
  CachedTrack published(5, 10);
  auto consumer = published.pair.client->subscribe(track_at("a"));
  published.pair.run();
  CHECK(joined(read_track(consumer).items) == "g4");
}
