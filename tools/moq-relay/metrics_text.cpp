#include "metrics_text.h"

#include <cstdint>
#include <sstream>

namespace moq::relay_tool {

namespace {

void metric(std::ostringstream& out, const char* name, const char* type, const char* help, uint64_t value) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n'
      << name << ' ' << value << '\n';
}

}  // namespace

std::string metrics_text(const RelayStats& stats) {
  std::ostringstream out;
  metric(out, "moq_relay_sessions", "gauge", "Sessions open.", stats.sessions);
  metric(out, "moq_relay_tracks", "gauge", "Track paths announced by publishers.", stats.tracks);
  metric(out, "moq_relay_subscribers", "gauge", "Downstream subscriptions served from relayed tracks.",
         stats.subscribers);
  metric(out, "moq_relay_upstream_subscriptions", "gauge", "Subscriptions the relay holds on publishers.",
         stats.upstream_subscriptions);
  metric(out, "moq_relay_waiting_subscriptions", "gauge", "Tracks subscribed to before anyone announced them.",
         stats.waiting_subscriptions);
  metric(out, "moq_relay_upstream_subscriptions_total", "counter", "Subscriptions the relay made on publishers.",
         stats.upstream_subscribed);
  metric(out, "moq_relay_groups_in_total", "counter", "Groups received from publishers.", stats.groups_in);
  metric(out, "moq_relay_bytes_in_total", "counter", "Payload bytes received from publishers.", stats.bytes_in);
  metric(out, "moq_relay_groups_dropped_in_total", "counter", "Groups publishers reported as dropped.",
         stats.groups_dropped_in);
  metric(out, "moq_relay_groups_out_total", "counter", "Group streams opened to subscribers.", stats.groups_out);
  metric(out, "moq_relay_bytes_out_total", "counter", "Bytes queued on group streams to subscribers.",
         stats.bytes_out);
  metric(out, "moq_relay_groups_reset_out_total", "counter",
         "Group streams to subscribers reset unfinished (slow subscriber, or it left).", stats.groups_reset_out);
  metric(out, "moq_relay_sessions_refused_total", "counter", "Connections closed because of --max-sessions.",
         stats.sessions_refused);
  metric(out, "moq_relay_duplicates_refused_total", "counter",
         "Publishers closed for announcing a path another publisher holds.", stats.duplicates_refused);
  return out.str();
}

}  // namespace moq::relay_tool
