# The TLS part of the transport layer, included by libmoq/transport/CMakeLists.txt and by the
# TLS tests.
set(MOQ_TLS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/alpn.cpp
  ${CMAKE_CURRENT_LIST_DIR}/certificate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/client_context.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gnutls_handles.cpp
  ${CMAKE_CURRENT_LIST_DIR}/peer_verification.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pem_files.cpp
  ${CMAKE_CURRENT_LIST_DIR}/self_signed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server_context.cpp)
