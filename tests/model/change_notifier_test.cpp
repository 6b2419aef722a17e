#include "moq/change_notifier.h"

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <vector>

TEST_CASE("a callback is called while its handle lives") {
  auto notifier = std::make_shared<moq::ChangeNotifier>();
  int calls = 0;
  {
    auto handle = moq::ChangeNotifier::listen(notifier, [&] { ++calls; });
    notifier->notify();
    notifier->notify();
    CHECK(calls == 2);
    CHECK(notifier->listener_count() == 1);
  }
  notifier->notify();
  CHECK(calls == 2);
  CHECK(notifier->listener_count() == 0);
}

TEST_CASE("a copied handle is empty, a moved one keeps the registration") {
  auto notifier = std::make_shared<moq::ChangeNotifier>();
  int calls = 0;
  auto handle = moq::ChangeNotifier::listen(notifier, [&] { ++calls; });
  moq::ChangeCallback copy = handle;
  CHECK(notifier->listener_count() == 1);
  moq::ChangeCallback moved = std::move(handle);
  notifier->notify();
  CHECK(calls == 1);
  moved.reset();
  notifier->notify();
  CHECK(calls == 1);
}

TEST_CASE("a callback may unregister itself and others during notify") {
  auto notifier = std::make_shared<moq::ChangeNotifier>();
  std::optional<moq::ChangeCallback> first;
  std::optional<moq::ChangeCallback> second;
  int first_calls = 0;
  int second_calls = 0;
  first = moq::ChangeNotifier::listen(notifier, [&] {
    ++first_calls;
    first.reset();
    second.reset();
  });
  second = moq::ChangeNotifier::listen(notifier, [&] { ++second_calls; });
  notifier->notify();
  CHECK(first_calls == 1);
  CHECK(second_calls == 0);
  CHECK(notifier->listener_count() == 0);
}

TEST_CASE("a callback may destroy the notifier, a handle may outlive it") {
  auto notifier = std::make_shared<moq::ChangeNotifier>();
  int later_calls = 0;
  auto killer = moq::ChangeNotifier::listen(notifier, [&] { notifier.reset(); });
  auto later = moq::ChangeNotifier::listen(notifier, [&] { ++later_calls; });
  auto keep = notifier.get();
  std::weak_ptr<moq::ChangeNotifier> watch = notifier;
  // notify through a raw pointer: the only owner is dropped inside the first callback.
  keep->notify();
  CHECK(watch.expired());
  CHECK(later_calls == 1);
  later.reset();
  killer.reset();
}

TEST_CASE("with many listeners each registered one is called once, in order, unless unregistered") {
  // Few listeners are notified from a snapshot on the stack, many from one on the heap.
  for (size_t count : {2, 4, 5, 9}) {
    CAPTURE(count);
    auto notifier = std::make_shared<moq::ChangeNotifier>();
    std::vector<size_t> calls;
    std::vector<std::optional<moq::ChangeCallback>> handles(count);
    std::optional<moq::ChangeCallback> added;
    for (size_t i = 0; i < count; ++i) {
      handles[i] = moq::ChangeNotifier::listen(notifier, [&, i] {
        calls.push_back(i);
        if (i == 0) {
          handles[count - 1].reset();  // the last is not called
          added = moq::ChangeNotifier::listen(notifier, [&] { calls.push_back(100); });  // nor this one
        }
      });
    }
    notifier->notify();
    std::vector<size_t> expected;
    for (size_t i = 0; i + 1 < count; ++i) expected.push_back(i);
    CHECK(calls == expected);
    CHECK(notifier->listener_count() == count);  // one unregistered, one added
  }
}

TEST_CASE("the room for many listeners is given back once the last one is gone") {
  // A relay's cached frame was waited on by every subscriber; it must not keep their slots.
  auto notifier = std::make_shared<moq::ChangeNotifier>();
  std::vector<moq::ChangeCallback> handles;
  for (int i = 0; i < 400; ++i) handles.push_back(moq::ChangeNotifier::listen(notifier, [] {}));
  CHECK(notifier->listener_capacity() >= 400);
  handles.resize(1);
  CHECK(notifier->listener_capacity() >= 400);  // still in use: kept
  handles.clear();
  CHECK(notifier->listener_count() == 0);
  CHECK(notifier->listener_capacity() == 0);
}
