// moq-relay --auth-key end to end: tokens in the setup extension, checked by the real binary.

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "moq/announced.h"
#include "moq/auth.h"
#include "moq/event_loop.h"
#include "moq/track.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"

using namespace std::chrono_literals;
using namespace moq::test;
using moq::Path;
namespace auth = moq::auth;

namespace {

// A relay with a fresh key in a temporary file, and tokens signed with it.
class AuthRelay {
 public:
  AuthRelay() : key_(auth::Key::generate()), key_file_(write_key(key_)), relay_({"--auth-key", key_file_}) {}
  ~AuthRelay() { unlink(key_file_.c_str()); }

  RelayProcess& process() { return relay_; }
  const auth::Key& key() const { return key_; }
  std::string token(std::optional<std::string> publish, std::optional<std::string> subscribe,
                    std::chrono::seconds lifetime = 60s) const {
    auth::Claims claims;
    if (publish) claims.publish = Path::parse(*publish);
    if (subscribe) claims.subscribe = Path::parse(*subscribe);
    claims.expires = std::chrono::time_point_cast<std::chrono::seconds>(auth::Clock::now()) + lifetime;
    return auth::sign(key_, claims);
  }

 private:
  static std::string write_key(const auth::Key& key) {
    char path[] = "/tmp/moq-relay-key-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    std::ofstream(path) << key.to_jwk();
    return path;
  }

  auth::Key key_;
  std::string key_file_;
  RelayProcess relay_;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }


}  // namespace

TEST_CASE("with a valid token a publisher and a subscriber meet through the relay") {
  AuthRelay relay;
  moq::EventLoop loop;
  RelayClient publisher(loop, relay.process(), relay.token("room/alice", std::nullopt));
  RelayClient subscriber(loop, relay.process(), relay.token(std::nullopt, "room"));
  REQUIRE(loop.run_until([&] { return publisher.ready() && subscriber.ready(); }, 5s));
  moq::TrackProducer producer(track_at("room/alice/video"));
  publisher.session().publish(producer.consume());
  REQUIRE(wait_for_metric(loop, relay.process(), "moq_relay_tracks", 1));
  Recorder recorder(subscriber.session().subscribe(track_at("room/alice/video")));
  REQUIRE(wait_for_metric(loop, relay.process(), "moq_relay_upstream_subscriptions", 1));
  write_group(producer, 3);
  // A group is recorded as it starts: wait for its three frames.
  REQUIRE(loop.run_until(
      [&] { return (recorder.group_count() == 1 && recorder.contents()[0].second.size() == 3) || recorder.error(); },
      5s));
  REQUIRE_FALSE(recorder.error());
  CHECK(recorder.contents().at(0).second ==
        std::vector<std::string>{frame_payload(0, 0), frame_payload(0, 1), frame_payload(0, 2)});
  CHECK(contains(relay.process().log(), "authorized to publish under room/alice/, subscribe under (nothing)"));
  CHECK_FALSE(publisher.ended());
  CHECK_FALSE(subscriber.ended());
}

TEST_CASE("a subscription outside the token's subscribe prefix is reset with 1, the session lives on") {
  AuthRelay relay;
  moq::EventLoop loop;
  RelayClient publisher(loop, relay.process(), relay.token("", std::nullopt));
  RelayClient subscriber(loop, relay.process(), relay.token(std::nullopt, "room/bob"));
  REQUIRE(loop.run_until([&] { return publisher.ready() && subscriber.ready(); }, 5s));
  moq::TrackProducer alice(track_at("room/alice/video"));
  moq::TrackProducer bob(track_at("room/bob/video"));
  publisher.session().publish(alice.consume());
  publisher.session().publish(bob.consume());
  REQUIRE(wait_for_metric(loop, relay.process(), "moq_relay_tracks", 2));

  // Announcements of a wider prefix show only what the token covers.
  auto announced = subscriber.session().announced(Path::parse("room"));
  std::vector<moq::Announcement> seen;
  announced.on_change([&] {
    for (auto next = announced.next(); next.is_ready(); next = announced.next()) seen.push_back(next.value());
  });

  Recorder refused(subscriber.session().subscribe(track_at("room/alice/video")));
  REQUIRE(loop.run_until([&] { return refused.error() || refused.ended(); }, 5s));
  REQUIRE(refused.error());
  CHECK(refused.error()->code() == moq::code::required_extension);
  CHECK(contains(relay.process().log(),
                 "refused subscription to room/alice/video: token allows subscribing under \"room/bob\" only"));

  Recorder allowed(subscriber.session().subscribe(track_at("room/bob/video")));
  REQUIRE(wait_for_metric(loop, relay.process(), "moq_relay_upstream_subscriptions", 1));
  write_group(bob, 1);
  REQUIRE(loop.run_until([&] { return allowed.group_count() == 1 || allowed.error(); }, 5s));
  CHECK_FALSE(allowed.error());
  REQUIRE(loop.run_until([&] { return seen.size() >= 2; }, 5s));
  CHECK(seen.at(0) == moq::Announcement{moq::Announcement::Kind::active, Path::parse("bob/video")});
  CHECK(seen.at(1).kind == moq::Announcement::Kind::live);
  CHECK_FALSE(subscriber.ended());
}

TEST_CASE("announcing outside the token's publish prefix closes the session with 1") {
  AuthRelay relay;
  moq::EventLoop loop;
  RelayClient publisher(loop, relay.process(), relay.token("room/bob", "room"));
  REQUIRE(loop.run_until([&] { return publisher.ready(); }, 5s));
  moq::TrackProducer producer(track_at("room/alice/video"));
  publisher.session().publish(producer.consume());
  REQUIRE(loop.run_until([&] { return publisher.ended().has_value(); }, 5s));
  CHECK(publisher.ended()->code() == moq::code::required_extension);
  CHECK(contains(relay.process().log(), "refused: token does not allow publishing room/alice/video"));
  CHECK(wait_for_metric(loop, relay.process(), "moq_relay_tracks", 0));
}

TEST_CASE("no token, an expired, a forged or a malformed token: the session is closed with 1") {
  AuthRelay relay;
  moq::EventLoop loop;
  auth::Claims expired_claims;
  expired_claims.subscribe = Path{};
  expired_claims.expires = std::chrono::time_point_cast<std::chrono::seconds>(auth::Clock::now()) - 5s;
  struct Case {
    std::string token;
    std::string logged;
  };
  std::vector<Case> cases = {
      {"", "unauthorized: no token"},
      {auth::sign(relay.key(), expired_claims), "unauthorized: token expired"},
      {auth::sign(auth::Key::generate(), expired_claims), "unauthorized: token signature does not match the key"},
      {"not-a-token", "unauthorized: malformed token: not three dot-separated parts"},
  };
  for (const Case& each : cases) {
    CAPTURE(each.logged);
    RelayClient client(loop, relay.process(), each.token);
    REQUIRE(loop.run_until([&] { return client.ended().has_value(); }, 5s));
    CHECK(client.ended()->code() == moq::code::required_extension);
    CHECK(contains(relay.process().log(), each.logged));
  }
}
