#include "client_session.h"

#include <chrono>
#include <utility>

#include "moq/url.h"

namespace moq::tool {

namespace {

using namespace std::chrono_literals;

// Longer than the transport's own handshake timeout, which reports the precise reason first.
constexpr auto connect_limit = 15s;

}  // namespace

ClientSession::ClientSession(EventLoop& loop, const std::string& url, const QuicClientOptions& transport,
                             SessionOptions options, const Wrap& wrap)
    : ClientSession(loop, url, std::make_shared<EndpointClient>(loop, transport), std::move(options), wrap) {}

ClientSession::ClientSession(EventLoop& loop, const std::string& url, std::shared_ptr<EndpointClient> client,
                             SessionOptions options, const Wrap& wrap)
    : client_(std::move(client)) {
  Url parsed = Url::parse(url);
  // Raw QUIC has no request to carry the URL's token, so it goes in the setup (docs/protocol.md);
  // over WebTransport it stays in the CONNECT path.
  if (auto token = query_parameter(parsed.path, "jwt"); token && parsed.scheme == "moqf") {
    options.extensions[extension::auth_token] = Bytes::copy(*token);
  }
  std::shared_ptr<Connection> connection;
  std::optional<Error> failure;
  client_->connect(
      url, [&connection](std::shared_ptr<Connection> established) { connection = std::move(established); },
      [&failure](const Error& error) { failure = error; });
  if (!loop.run_until([&] { return connection || failure; }, connect_limit)) {
    throw Error(code::transport, "cannot connect to " + url + ": no answer");
  }
  if (failure) throw Error(failure->code(), "cannot connect to " + url + ": " + failure->what());

  // The session's callbacks outlive this constructor: they share what they report into.
  auto setup = std::make_shared<std::optional<Error>>();
  auto ready = std::make_shared<bool>(false);
  auto on_ready = std::move(options.on_ready);
  auto on_closed = std::move(options.on_closed);
  options.on_ready = [ready, on_ready] {
    *ready = true;
    if (on_ready) on_ready();
  };
  options.on_closed = [setup, ready, on_closed](const Error& error) {
    if (!*ready) *setup = error;
    if (on_closed) on_closed(error);
  };
  std::shared_ptr<Connection> used = connection;
  if (wrap) used = wrap(connection);
  session_.emplace(Session::connect(std::move(used), std::move(options)));
  if (!loop.run_until([&] { return *ready || setup->has_value(); }, connect_limit)) {
    throw Error(code::transport, "no session setup from " + url);
  }
  if (*setup) {
    const Error& error = **setup;
    throw Error(error.code() == code::cancel ? code::transport : error.code(),
                "session with " + url + " refused: " +
                    (*error.what() != '\0' ? std::string(error.what()) : code_name(error.code())));
  }
}

void ClientSession::close(EventLoop& loop) {
  if (!session_->closed()) session_->close(code::cancel, "");
  loop.run_until([] { return false; }, 20ms);
}

}  // namespace moq::tool
