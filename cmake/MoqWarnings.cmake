# Warnings for the project's own targets (not for third-party headers, which are SYSTEM).
function(moq_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(MOQ_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
