# WebTransport over HTTP/3 on top of the QUIC transport; part of the transport layer.
set(MOQ_WEBTRANSPORT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/h3_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/h3_connection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/qpack_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server_request.cpp
  ${CMAKE_CURRENT_LIST_DIR}/webtransport_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/webtransport_server.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wt_recv_stream.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wt_session.cpp)
