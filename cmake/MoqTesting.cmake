include(/usr/lib/cmake/doctest/doctest.cmake)

add_library(moq_test_main OBJECT ${PROJECT_SOURCE_DIR}/tests/test_main.cpp)
target_link_libraries(moq_test_main PUBLIC doctest::doctest)

# moq_add_test(NAME SOURCES... LAYERS layer...) builds one doctest executable from the sources
# and the named libmoq layers (object libraries: core, coding, loop, transport, model, session)
# and registers each test case with CTest. Set MOQ_TEST_LABELS / MOQ_TEST_TIMEOUT before calling
# to label the cases or bound them.
function(moq_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LAYERS")
  add_executable(${name} ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE moq_test_main doctest::doctest)
  foreach(layer IN LISTS arg_LAYERS)
    target_link_libraries(${name} PRIVATE moq_${layer})
  endforeach()
  target_compile_definitions(${name} PRIVATE
    MOQ_SOURCE_DIR="${PROJECT_SOURCE_DIR}" MOQ_BINARY_DIR="${PROJECT_BINARY_DIR}"
    MOQ_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  moq_warnings(${name})
  set(props TIMEOUT 300)
  if(MOQ_TEST_TIMEOUT)
    set(props TIMEOUT ${MOQ_TEST_TIMEOUT})
  endif()
  if(MOQ_TEST_LABELS)
    list(APPEND props LABELS "${MOQ_TEST_LABELS}")
  endif()
  doctest_discover_tests(${name} PROPERTIES ${props})
endfunction()
