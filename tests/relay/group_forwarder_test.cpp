#include "relay/group_forwarder.h"

#include <doctest/doctest.h>

#include <vector>

#include "model/model_test_util.h"
#include "moq/error.h"
#include "moq/track.h"

using moq::test::text;

namespace {

// A publisher's track, the relay's copy of it, and a forwarder of their first group.
struct Forwarding {
  moq::TrackProducer publisher{moq::Track{moq::Path::parse("t")}};
  moq::TrackConsumer from_publisher = publisher.consume();
  moq::TrackProducer relayed{moq::Track{moq::Path::parse("t")}};
  moq::TrackConsumer subscriber = relayed.consume();
  moq::GroupProducer in = publisher.append_group();
  uint64_t bytes_in = 0;
  bool done = false;
  moq::relay::GroupForwarder forwarder{moq::test::next_group(from_publisher), relayed.append_group(),
                                       bytes_in, [this] { done = true; }};
};

}  // namespace

TEST_CASE("a frame that is here whole is forwarded whole: a subscriber told of it can read it all") {
  Forwarding f;
  auto out = moq::test::next_group(f.subscriber);
  auto payload = text("the whole frame");
  f.in.write_frame(payload);
  f.in.write_frame(moq::Bytes());
  int told = 0;
  bool whole_when_told = true;
  std::vector<moq::Bytes> received;
  out.on_change([&] {
    ++told;
    auto frame = out.next_frame();
    if (!frame.is_ready()) return;
    auto chunk = frame.value().read_all();
    whole_when_told = whole_when_told && chunk.is_ready();
    if (chunk.is_ready()) received.push_back(chunk.value());
  });
  f.forwarder.start();
  CHECK(told == 2);
  CHECK(whole_when_told);
  REQUIRE(received.size() == 2);
  CHECK(received[0].shares_storage_with(payload));
  CHECK(received[1].empty());
  CHECK(f.bytes_in == payload.size());
  f.in.finish();
  CHECK(f.done);
}

TEST_CASE("a frame that arrives in chunks is forwarded chunk by chunk, sharing the buffers") {
  Forwarding f;
  auto out = moq::test::next_group(f.subscriber);
  auto frame_in = f.in.create_frame(8);
  auto first = text("half");
  frame_in.write(first);
  f.forwarder.start();
  auto frame = out.next_frame();
  REQUIRE(frame.is_ready());
  auto chunk = frame.value().read();
  REQUIRE(chunk.is_ready());
  CHECK(chunk.value().shares_storage_with(first));
  CHECK(frame.value().read().is_pending());
  frame_in.write(text("more"));
  frame_in.finish();
  CHECK(frame.value().read().value().view() == "more");
  CHECK(frame.value().read().is_end());
  CHECK(f.bytes_in == 8);
  f.in.abort(moq::code::app_base + 1);
  CHECK(f.done);
  CHECK_THROWS_AS(out.next_frame(), moq::Error);
}
