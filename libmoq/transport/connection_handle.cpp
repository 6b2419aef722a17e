#include "transport/connection_handle.h"

namespace moq::quic {

ConnectionHandle::~ConnectionHandle() {
  if (!core_->closed()) core_->close(code::cancel, "");
}

}  // namespace moq::quic
