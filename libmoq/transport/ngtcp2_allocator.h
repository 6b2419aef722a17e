#pragma once
// The allocator a connection gives ngtcp2 (ngtcp2_mem), chosen for resident memory.
//
// ngtcp2 0.12 keeps much of a connection's state in pools it allocates a block at a time and
// fills from the front: eight 31-node blocks of each key-sorted list (4 to 12 KB) and 64
// objects' worth of packets in flight, frames and streams (7 to 11 KB). An idle connection
// touches only the first page of most of them. Taken from the heap, such a block mostly lands
// on pages that earlier allocations (the handshake's) already made resident; mapped on its
// own, the pages ngtcp2 never touches stay out of RSS, and a freed block goes back to the
// system.

#include <ngtcp2/ngtcp2.h>

namespace moq::quic {

class Ngtcp2Allocator {
 public:
  Ngtcp2Allocator();
  Ngtcp2Allocator(const Ngtcp2Allocator&) = delete;
  Ngtcp2Allocator& operator=(const Ngtcp2Allocator&) = delete;

  // For ngtcp2_conn_client_new/server_new, which keep the pointer: the allocator must outlive
  // the ngtcp2_conn.
  const ngtcp2_mem* get() const { return &mem_; }

 private:
  ngtcp2_mem mem_;
};

}  // namespace moq::quic
