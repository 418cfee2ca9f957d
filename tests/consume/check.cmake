# Install the built project into a scratch prefix and build tests/consume/consume.c
# against it four ways: pkg-config shared, pkg-config --static, find_package shared,
# find_package static. Each program must link the right library and run.
#   cmake -DBUILD_DIR=… -DSOURCE_DIR=… -DWORK=… -DCC=… -DPKG_CONFIG=… -DVERSION=…
#         -DDOC=… -P check.cmake
foreach(v BUILD_DIR SOURCE_DIR WORK CC PKG_CONFIG VERSION DOC)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check.cmake: -D${v}=… missing")
  endif()
endforeach()
set(prefix ${WORK}/prefix)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

# NEEDED entries of an ELF file.
function(needed file var)
  run(readelf -d ${file})
  string(REGEX MATCHALL "Shared library: \\[[^]]+\\]" libs "${out}")
  set(${var} "${libs}" PARENT_SCOPE)
endfunction()

# 1. install
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
file(GLOB_RECURSE pcs ${prefix}/*/khparse.pc)
list(LENGTH pcs npc)
if(NOT npc EQUAL 1)
  message(FATAL_ERROR "expected one installed khparse.pc, found: ${pcs}")
endif()
get_filename_component(pcdir ${pcs} DIRECTORY)
get_filename_component(libdir ${pcdir} DIRECTORY)
foreach(f ${prefix}/include/khparse.h ${libdir}/libkhparse.a ${libdir}/libkhparse.so)
  if(NOT EXISTS ${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
# The installed tree is self-contained: no path into the build or source tree.
file(GLOB_RECURSE meta ${pcdir}/*.pc ${libdir}/cmake/khparse/*.cmake)
foreach(f ${meta})
  file(READ ${f} text)
  foreach(bad ${BUILD_DIR} ${SOURCE_DIR})
    string(FIND "${text}" "${bad}/" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${f} refers to ${bad}")
    endif()
  endforeach()
endforeach()

# 2. pkg-config (only our prefix on the path, so a system-wide khparse cannot answer)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
set(ENV{PKG_CONFIG_LIBDIR} "${pcdir}:/usr/local/lib/pkgconfig:/usr/lib/x86_64-linux-gnu/pkgconfig:/usr/lib/pkgconfig:/usr/share/pkgconfig")
run(${PKG_CONFIG} --modversion khparse)
string(STRIP "${out}" v)
if(NOT v STREQUAL VERSION)
  message(FATAL_ERROR "pkg-config --modversion khparse: ${v}, want ${VERSION}")
endif()
run(${PKG_CONFIG} --cflags --libs khparse)
separate_arguments(shared_flags UNIX_COMMAND "${out}")
run(${PKG_CONFIG} --cflags --static --libs khparse)
string(STRIP "${out}" static_line)
foreach(lib utf8proc pcre2-8 cjson m)
  if(NOT static_line MATCHES "-l${lib}( |$)")
    message(FATAL_ERROR "pkg-config --static --libs khparse lacks -l${lib}: ${static_line}")
  endif()
endforeach()
# -lkhparse would pick libkhparse.so; -l:libkhparse.a forces the archive.
string(REGEX REPLACE "(^| )-lkhparse( |$)" "\\1-l:libkhparse.a\\2" static_line "${static_line}")
separate_arguments(static_flags UNIX_COMMAND "${static_line}")
# `--static` also expands the private dependencies of the dependencies (for a fully
# static link: lept -> -lgif -ltiff …, poppler-glib -> cairo, X11 …), whose archives
# Debian only has with more -dev packages. When that full link is impossible here, link
# libkhparse.a with the *shared* private dependencies: Requires.private modules' --libs.
execute_process(COMMAND ${CC} ${SOURCE_DIR}/tests/consume/consume.c -o ${WORK}/pc_static_full ${static_flags}
  RESULT_VARIABLE full_rc OUTPUT_QUIET ERROR_QUIET)
if(NOT full_rc EQUAL 0)
  run(${PKG_CONFIG} --print-requires-private khparse)
  string(REGEX REPLACE "[ \n]+" ";" mods "${out}")
  list(FILTER mods EXCLUDE REGEX "^$")
  run(${PKG_CONFIG} --libs ${mods})
  string(STRIP "${out}" deps)
  run(${PKG_CONFIG} --cflags khparse)
  string(STRIP "${out}" cflags)
  set(static_line "${cflags} -L${libdir} -l:libkhparse.a ${deps} -lm -pthread")
  separate_arguments(static_flags UNIX_COMMAND "${static_line}")
  message(STATUS "fully static dependency chain not linkable here; libkhparse.a + shared ${mods}")
else()
  message(STATUS "pkg-config --static: fully static dependency chain links")
endif()
message(STATUS "pkg-config shared: ${shared_flags}")
message(STATUS "pkg-config static: ${static_flags}")

run(${CC} -Wall -Wextra -Werror ${SOURCE_DIR}/tests/consume/consume.c -o ${WORK}/pc_shared ${shared_flags}
    -Wl,-rpath,${libdir})
run(${CC} -Wall -Wextra -Werror ${SOURCE_DIR}/tests/consume/consume.c -o ${WORK}/pc_static ${static_flags})

# 3. find_package
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consume -B ${WORK}/cmake-build -DCMAKE_C_COMPILER=${CC}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DKH_EXPECT_VERSION=${VERSION}
    -DCMAKE_BUILD_TYPE=Release)
string(REGEX MATCH "found khparse [^\n]*" found "${out}")
message(STATUS "${found}")
run(${CMAKE_COMMAND} --build ${WORK}/cmake-build)

# 4. run them; shared ones must need libkhparse.so.N, static ones must not
foreach(app pc_shared pc_static cmake-build/consume_shared cmake-build/consume_static)
  set(exe ${WORK}/${app})
  needed(${exe} libs)
  string(FIND "${libs}" "libkhparse.so" at)
  if(app MATCHES "shared$" AND at EQUAL -1)
    message(FATAL_ERROR "${app} does not link libkhparse.so: ${libs}")
  elseif(app MATCHES "static$" AND NOT at EQUAL -1)
    message(FATAL_ERROR "${app} links libkhparse.so instead of the archive: ${libs}")
  endif()
  run(${exe} ${DOC})
  string(STRIP "${out}" out)
  message(STATUS "${app}: ${out}")
endforeach()
message(STATUS "install + consume: pkg-config and find_package, shared and static: ok")
