# `khparse batch` end-to-end tests (tests/test_batch.sh). Included by tests/CMakeLists.txt.
if(NOT KH_PYTHON)
  message(WARNING "python3 not found: batch tests not registered")
  return()
endif()
add_test(NAME batch_cli
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_batch.sh $<TARGET_FILE:khparse_cli> ${KH_PYTHON} ${PROJECT_SOURCE_DIR}
  WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
set_tests_properties(batch_cli PROPERTIES LABELS "batch" TIMEOUT 300)
