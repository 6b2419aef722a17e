#pragma once
// A publishing server session and a subscribing client session over real QUIC on 127.0.0.1,
// optionally through a rate-limited link.

#include <memory>
#include <optional>
#include <string_view>

#include "moq/event_loop.h"
#include "moq/origin.h"
#include "moq/quic.h"
#include "moq/session.h"
#include "rate_limited_link.h"
#include "test_track.h"

namespace moq::test {

struct LinkLimit {
  uint64_t bytes_per_second = 0;
  size_t queue_bytes = 0;
};

class QuicSessions {
 public:
  // Connects and waits for setup; throws moq::Error if that fails within 5 s.
  explicit QuicSessions(std::optional<LinkLimit> limit = std::nullopt);

  EventLoop loop;
  std::shared_ptr<LocalOrigin> origin = std::make_shared<LocalOrigin>();
  std::unique_ptr<QuicServer> server;
  std::unique_ptr<RateLimitedLink> link;
  std::unique_ptr<QuicClient> client;
  std::optional<Session> server_session;
  std::optional<Session> client_session;
};


}  // namespace moq::test
