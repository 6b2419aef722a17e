// Change notification: callbacks run synchronously on the producer side, and may poll, drop
// their own consumer, create or drop others, or write to another producer.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model_test_util.h"
#include "moq/error.h"
#include "moq/track.h"

using moq::test::text;

TEST_CASE("consumers are notified of groups, frames, chunks and endings") {
  moq::TrackProducer track(moq::Track{moq::Path::parse("t")});
  auto consumer = track.consume();
  int track_calls = 0;
  consumer.on_change([&] { ++track_calls; });
  auto group = track.append_group();
  CHECK(track_calls == 1);
  auto reader = moq::test::next_group(consumer);
  int group_calls = 0;
  reader.on_change([&] { ++group_calls; });
  auto frame = group.create_frame(4);
  CHECK(group_calls == 1);
  auto chunks = reader.next_frame().value();
  int frame_calls = 0;
  chunks.on_change([&] { ++frame_calls; });
  frame.write(text("ab"));
  CHECK(frame_calls == 1);
  CHECK(group_calls == 1);
  frame.write(text("cd"));  // completes the frame: read_frame could now return it
  CHECK(frame_calls == 2);
  CHECK(group_calls == 2);
  group.finish();
  CHECK(group_calls == 3);
  track.finish();
  CHECK(track_calls == 2);
}

TEST_CASE("a group abort notifies the consumers of its incomplete frame") {
  moq::TrackProducer track(moq::Track{moq::Path::parse("t")});
  auto consumer = track.consume();
  auto group = track.append_group();
  auto frame = group.create_frame(4);
  auto chunks = moq::test::next_group(consumer).next_frame().value();
  int calls = 0;
  chunks.on_change([&] { ++calls; });
  group.abort(moq::code::app_base);
  CHECK(calls == 1);
  CHECK_THROWS_AS(chunks.read(), moq::Error);
}

TEST_CASE("a consumer may destroy itself in its own callback") {
  moq::TrackProducer track(moq::Track{moq::Path::parse("t")});
  auto consumer = std::make_unique<moq::TrackConsumer>(track.consume());
  int calls = 0;
  consumer->on_change([&] {
    ++calls;
    auto item = consumer->next_group();
    CHECK(item.is_ready());
    consumer.reset();
  });
  auto other = track.consume();
  int other_calls = 0;
  other.on_change([&] { ++other_calls; });
  track.append_group();
  track.append_group();
  CHECK(calls == 1);
  CHECK(other_calls == 2);
  CHECK_FALSE(consumer);
  CHECK(track.consumer_count() == 1);
}

TEST_CASE("a callback may destroy other consumers and create new ones") {
  moq::TrackProducer track(moq::Track{moq::Path::parse("t")});
  std::vector<std::optional<moq::TrackConsumer>> consumers;
  for (int i = 0; i < 4; ++i) {
    consumers.emplace_back(track.consume());
  }
  std::vector<moq::TrackConsumer> created;
  int calls = 0;
  for (auto& consumer : consumers) {
    consumer->on_change([&] {
      ++calls;
      for (auto& victim : consumers) {
        victim.reset();
      }
      created.push_back(track.consume());
    });
  }
  track.append_group();
  // The first callback dropped every consumer, so only it ran.
  CHECK(calls == 1);
  CHECK(created.size() == 1);
  CHECK(moq::test::next_group(created.front()).sequence() == 0);
}

TEST_CASE("a group consumer may be dropped in its own callback") {
  moq::TrackProducer track(moq::Track{moq::Path::parse("t")});
  auto consumer = track.consume();
  auto group = track.append_group();
  auto reader = std::make_unique<moq::GroupConsumer>(moq::test::next_group(consumer));
  std::vector<std::string> frames;
  reader->on_change([&] {
    auto frame = reader->read_frame();
    if (frame.is_ready()) {
      frames.emplace_back(frame.value().view());
      reader.reset();
    }
  });
  group.write_frame(text("first"));
  group.write_frame(text("second"));
  CHECK(frames == std::vector<std::string>{"first"});
}

TEST_CASE("a callback may pipe one track into another losslessly") {
  // A relay in miniature: each change on the source is copied (by reference) to the sink.
  moq::TrackProducer source(moq::Track{moq::Path::parse("src")});
  moq::TrackProducer sink(moq::Track{moq::Path::parse("dst")});
  auto output = sink.consume();
  auto input = source.consume();
  std::vector<std::pair<moq::GroupConsumer, moq::GroupProducer>> open;
  bool ended = false;
  input.on_change([&] {
    while (true) {
      auto item = input.next_group();
      if (item.is_end()) {
        ended = true;
        sink.finish();
      }
      if (!item.is_ready()) {
        break;
      }
      auto& group = std::get<moq::GroupConsumer>(item.value());
      auto copy = sink.create_group(group.sequence());
      open.emplace_back(group, copy);
      auto* pair = &open.back();
      // Frames are forwarded when the source group reports them.
      pair->first.on_change([pair] {
        while (true) {
          auto frame = pair->first.read_frame();
          if (frame.is_end()) {
            pair->second.finish();
          }
          if (!frame.is_ready()) {
            break;
          }
          pair->second.write_frame(frame.value());
        }
      });
    }
  });
  open.reserve(1000);
  for (uint64_t sequence = 0; sequence < 1000; ++sequence) {
    std::vector<moq::Bytes> sent;
    auto group = source.append_group();
    for (int f = 0; f < 2; ++f) {
      sent.push_back(text(std::to_string(sequence) + "." + std::to_string(f)));
      group.write_frame(sent.back());
    }
    group.finish();
    auto forwarded = moq::test::next_group(output);
    CHECK(forwarded.sequence() == sequence);
    for (const auto& payload : sent) {
      CHECK(moq::test::next_frame(forwarded).shares_storage_with(payload));
    }
    CHECK(forwarded.read_frame().is_end());
  }
  source.finish();
  CHECK(ended);
  CHECK(output.next_group().is_end());
}
