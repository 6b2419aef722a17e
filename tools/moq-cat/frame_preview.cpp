#include "frame_preview.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "hex.h"
#include "printable_text.h"

namespace moq::cat {

std::string clock_time(std::chrono::system_clock::time_point when) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d.%03d", parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<int>(millis % 1000));
  return text;
}

std::string preview(const Bytes& payload, uint64_t limit) {
  auto shown = payload.span().subspan(0, std::min<size_t>(payload.size(), limit));
  std::string more = payload.size() > shown.size() ? "..." : "";
  if (is_printable_text(shown)) {
    std::string text(reinterpret_cast<const char*>(shown.data()), shown.size());
    for (char& c : text) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return "text \"" + text + "\"" + more;
  }
  return "hex " + tool::to_hex(shown) + more;
}

}  // namespace moq::cat
