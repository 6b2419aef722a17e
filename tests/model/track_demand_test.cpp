// Demand: consumers say they are busy (behind on what they took), and the producer learns
// whether anyone still wants more (wanted), so that a relay can hold back its upstream reads.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string_view>
#include <variant>

#include "moq/track.h"

namespace {

moq::TrackProducer producer() { return moq::TrackProducer(moq::Track{moq::Path::parse("t")}); }

}  // namespace

TEST_CASE("a track is wanted without consumers, and unwanted only while every consumer is busy") {
  auto track = producer();
  CHECK(track.wanted());
  auto first = track.consume();
  auto second = track.consume();
  CHECK(track.wanted());
  first.set_busy(true);
  CHECK(track.wanted());  // one consumer keeps up: it sets the pace
  second.set_busy(true);
  CHECK_FALSE(track.wanted());
  first.set_busy(false);
  CHECK(track.wanted());
}

TEST_CASE("on_wanted is called on each change of wanted, not on every set_busy") {
  auto track = producer();
  int calls = 0;
  track.on_wanted([&] { ++calls; });
  auto first = track.consume();
  auto second = track.consume();
  first.set_busy(true);
  first.set_busy(true);
  CHECK(calls == 0);
  second.set_busy(true);
  CHECK(calls == 1);
  second.set_busy(true);
  CHECK(calls == 1);
  second.set_busy(false);
  CHECK(calls == 2);
  CHECK(track.wanted());
}

TEST_CASE("consumers that come and go change wanted: a busy one that goes no longer counts") {
  auto track = producer();
  int calls = 0;
  track.on_wanted([&] { ++calls; });
  auto busy = std::make_optional(track.consume());
  busy->set_busy(true);
  CHECK(calls == 1);
  CHECK_FALSE(track.wanted());
  {
    // A new consumer, a copy of the busy one included, is not busy.
    auto joiner = busy->subscribe({});
    CHECK(calls == 2);
    CHECK(track.wanted());
    auto copy = *busy;
    CHECK(track.wanted());
  }
  // The two keeping up went: only the busy one is left.
  CHECK(calls == 3);
  CHECK_FALSE(track.wanted());
  busy.reset();
  CHECK(calls == 4);
  CHECK(track.wanted());
}

TEST_CASE("on_wanted is replaced by each call and ends with its producer handle") {
  auto track = producer();
  auto consumer = track.consume();
  int old_calls = 0;
  int new_calls = 0;
  int copy_calls = 0;
  track.on_wanted([&] { ++old_calls; });
  track.on_wanted([&] { ++new_calls; });
  auto copy = std::make_optional(track);
  copy->on_wanted([&] { ++copy_calls; });
  consumer.set_busy(true);
  CHECK(old_calls == 0);
  CHECK(new_calls == 1);
  CHECK(copy_calls == 1);
  CHECK_FALSE(copy->wanted());
  copy.reset();
  consumer.set_busy(false);
  CHECK(new_calls == 2);
  CHECK(copy_calls == 1);
}

TEST_CASE("an on_wanted callback may drop the consumer that made it run, or mark another busy") {
  auto track = producer();
  auto upstream = producer();
  auto relayed = std::make_unique<moq::TrackConsumer>(upstream.consume());
  auto consumer = std::make_unique<moq::TrackConsumer>(track.consume());
  // As a relay does: the upstream consumer is busy while its own track is not wanted.
  track.on_wanted([&] { relayed->set_busy(!track.wanted()); });
  int upstream_calls = 0;
  upstream.on_wanted([&] {
    ++upstream_calls;
    if (!upstream.wanted()) consumer.reset();
  });
  consumer->set_busy(true);
  CHECK(upstream_calls == 2);  // unwanted, then wanted again once the busy consumer was dropped
  CHECK(consumer == nullptr);
  CHECK(track.wanted());
  CHECK(upstream.wanted());
}

TEST_CASE("demand does not change what consumers read") {
  auto track = producer();
  auto consumer = track.consume();
  consumer.set_busy(true);
  auto group = track.append_group();
  group.write_frame(moq::Bytes::copy(std::string_view("x")));
  group.finish();
  track.finish();
  auto item = consumer.next_group();
  REQUIRE(item.is_ready());
  CHECK(std::holds_alternative<moq::GroupConsumer>(item.value()));
  CHECK(consumer.next_group().is_end());
}
