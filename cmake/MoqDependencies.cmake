# Finds the Debian packages the project needs; a missing one stops configuration with the name
# of the package to install (scripts/setup installs them all).
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config' (or run scripts/setup)")
endif()

function(moq_require_pkg target module debian_package)
  pkg_check_modules(${target} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${target}_FOUND)
    message(FATAL_ERROR "${module} not found: install the Debian package '${debian_package}' (or run scripts/setup)")
  endif()
endfunction()

moq_require_pkg(NGTCP2 "libngtcp2>=0.12.1" libngtcp2-dev)
moq_require_pkg(NGTCP2_CRYPTO "libngtcp2_crypto_gnutls>=0.12.1" libngtcp2-crypto-gnutls-dev)
moq_require_pkg(NGHTTP3 "libnghttp3>=0.8" libnghttp3-dev)
moq_require_pkg(GNUTLS gnutls libgnutls28-dev)

find_package(CLI11 CONFIG QUIET)
if(NOT CLI11_FOUND)
  message(FATAL_ERROR "CLI11 not found: install the Debian package 'libcli11-dev' (or run scripts/setup)")
endif()

if(MOQ_BUILD_TESTS)
  find_package(doctest CONFIG QUIET)
  if(NOT doctest_FOUND)
    message(FATAL_ERROR "doctest not found: install the Debian package 'doctest-dev' (or run scripts/setup)")
  endif()
endif()
