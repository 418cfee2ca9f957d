# The installed package works for a consumer: tests/consume/check.cmake installs this
# build into a scratch prefix and builds tests/consume/ against it with pkg-config and
# with find_package(khparse), shared and static. Included by tests/CMakeLists.txt.
# Not registered in sanitizer builds (a consumer would need the sanitizer runtime).
if(KH_SANITIZE OR KH_TSAN OR KH_BUILD_FUZZERS)
  return()
endif()
find_program(KH_PKG_CONFIG NAMES pkg-config pkgconf)
find_program(KH_READELF readelf)
if(NOT KH_PKG_CONFIG OR NOT KH_READELF)
  message(WARNING "pkg-config or readelf missing: install_consume not registered")
  return()
endif()
add_test(NAME install_consume
  COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DWORK=${PROJECT_BINARY_DIR}/install-test -DCC=${CMAKE_C_COMPILER} -DPKG_CONFIG=${KH_PKG_CONFIG}
          -DVERSION=${PROJECT_VERSION} -DDOC=${PROJECT_SOURCE_DIR}/corpus/seed000/input.txt
          -P ${CMAKE_CURRENT_SOURCE_DIR}/consume/check.cmake)
set_tests_properties(install_consume PROPERTIES LABELS "install" TIMEOUT 300)
