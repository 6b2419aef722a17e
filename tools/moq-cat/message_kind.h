#pragma once
// The name of each decodable wire type, as --type takes it and as the "type" field shows it.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "moq/wire/decode.h"

namespace moq::cat {

template <class T>
struct Kind;

template <> struct Kind<wire::ClientSetup> { static constexpr std::string_view name = "client-setup"; };
template <> struct Kind<wire::ServerSetup> { static constexpr std::string_view name = "server-setup"; };
template <> struct Kind<wire::SessionInfo> { static constexpr std::string_view name = "session-info"; };
template <> struct Kind<wire::AnnouncePlease> { static constexpr std::string_view name = "announce-please"; };
template <> struct Kind<wire::Announce> { static constexpr std::string_view name = "announce"; };
template <> struct Kind<wire::Subscribe> { static constexpr std::string_view name = "subscribe"; };
template <> struct Kind<wire::SubscribeUpdate> { static constexpr std::string_view name = "subscribe-update"; };
template <> struct Kind<wire::Info> { static constexpr std::string_view name = "info"; };
template <> struct Kind<wire::InfoRequest> { static constexpr std::string_view name = "info-request"; };
template <> struct Kind<wire::Fetch> { static constexpr std::string_view name = "fetch"; };
template <> struct Kind<wire::Group> { static constexpr std::string_view name = "group"; };
template <> struct Kind<wire::GroupDrop> { static constexpr std::string_view name = "group-drop"; };
template <> struct Kind<wire::FrameHeader> { static constexpr std::string_view name = "frame"; };
template <> struct Kind<wire::ControlType> { static constexpr std::string_view name = "control-type"; };
template <> struct Kind<wire::DataType> { static constexpr std::string_view name = "data-type"; };
template <> struct Kind<uint64_t> { static constexpr std::string_view name = "varint"; };
template <> struct Kind<int8_t> { static constexpr std::string_view name = "priority"; };
template <> struct Kind<std::chrono::milliseconds> { static constexpr std::string_view name = "duration"; };
template <> struct Kind<std::string> { static constexpr std::string_view name = "string"; };
template <> struct Kind<Path> { static constexpr std::string_view name = "path"; };
template <> struct Kind<wire::GroupOrder> { static constexpr std::string_view name = "group-order"; };
template <> struct Kind<wire::Versions> { static constexpr std::string_view name = "versions"; };

}  // namespace moq::cat
