# The standard headers that most of the project's files include, compiled once per build and
# reused by every target: parsing them is about half of a typical file's compile time, and the
# test budget is mostly compile time. GCC only (clang-tidy and the fuzz build use clang).
option(MOQ_PCH "Precompile the common standard headers (GCC)" ON)

set(MOQ_PCH_HEADERS
  <algorithm> <array> <chrono> <cstddef> <cstdint> <deque> <functional> <map> <memory>
  <optional> <set> <span> <string> <string_view> <utility> <variant> <vector>)

# A precompiled header only fits code compiled with the same position-independence, so there
# are two hosts: one for the library's objects (-fPIC), one for everything else (the default).
function(moq_add_pch_host name pic)
  set(source ${CMAKE_BINARY_DIR}/${name}.cpp)
  file(WRITE ${source} "")
  add_library(${name} OBJECT ${source})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ${pic})
  target_precompile_headers(${name} PRIVATE ${MOQ_PCH_HEADERS})
  # -Wpedantic changes predefined macros, which must match where the header is used.
  moq_warnings(${name})
endfunction()

function(moq_collect_targets directory out)
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    moq_collect_targets(${subdirectory} nested)
    list(APPEND targets ${nested})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# Gives every compiled target of the project the precompiled standard headers; call last.
function(moq_precompile_all_targets)
  if(NOT MOQ_PCH OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    return()
  endif()
  moq_collect_targets(${PROJECT_SOURCE_DIR} targets)
  moq_add_pch_host(moq_pch_pic ON)
  moq_add_pch_host(moq_pch_default OFF)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(EXECUTABLE|OBJECT_LIBRARY|STATIC_LIBRARY|SHARED_LIBRARY)$")
      continue()
    endif()
    get_target_property(pic ${target} POSITION_INDEPENDENT_CODE)
    if(pic OR type STREQUAL "SHARED_LIBRARY")
      target_precompile_headers(${target} REUSE_FROM moq_pch_pic)
    else()
      target_precompile_headers(${target} REUSE_FROM moq_pch_default)
    endif()
  endforeach()
endfunction()
