# Python bindings (pytest) and the Dask scale-out test, against the built shared library.
# Included by tests/CMakeLists.txt, which sets KH_PYTHON (Debian's /usr/bin/python3: it has
# python3-pytest, python3-dask, python3-distributed). Labelled no_asan: an ASan-built
# libkhparse.so cannot be dlopen'ed into an uninstrumented interpreter.
if(NOT KH_PYTHON)
  message(WARNING "python3 not found: Python binding tests not registered")
  return()
endif()
execute_process(COMMAND ${KH_PYTHON} -c "import pytest" RESULT_VARIABLE KH_NO_PYTEST OUTPUT_QUIET ERROR_QUIET)
if(KH_NO_PYTEST)
  message(WARNING "${KH_PYTHON} has no pytest (apt-get install python3-pytest): Python tests not registered")
  return()
endif()
execute_process(COMMAND ${KH_PYTHON} -c "import dask.distributed" RESULT_VARIABLE KH_NO_DASK OUTPUT_QUIET ERROR_QUIET)

set(KH_PY_ENV
  KHPARSE_LIB=$<TARGET_FILE:khparse>
  KHPARSE_CLI=$<TARGET_FILE:khparse_cli>
  PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python
  PYTHONDONTWRITEBYTECODE=1
  OMP_THREAD_LIMIT=1)
set(KH_PYTEST ${KH_PYTHON} -m pytest -q -p no:cacheprovider)

add_test(NAME python_bindings
  COMMAND ${KH_PYTEST} ${PROJECT_SOURCE_DIR}/bindings/python/tests
          --ignore=${PROJECT_SOURCE_DIR}/bindings/python/tests/test_dask.py
  WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
set_tests_properties(python_bindings PROPERTIES ENVIRONMENT "${KH_PY_ENV}" LABELS "python;no_asan" TIMEOUT 300)

if(KH_NO_DASK)
  message(WARNING "${KH_PYTHON} has no dask.distributed (apt-get install python3-distributed): Dask test not registered")
else()
  # A real scheduler + two worker processes on 127.0.0.1; compared with `khparse batch`.
  add_test(NAME python_dask
    COMMAND ${KH_PYTEST} ${PROJECT_SOURCE_DIR}/bindings/python/tests/test_dask.py
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
  set_tests_properties(python_dask PROPERTIES ENVIRONMENT "${KH_PY_ENV}" LABELS "python;dask;no_asan"
    TIMEOUT 300 RUN_SERIAL TRUE)
endif()
