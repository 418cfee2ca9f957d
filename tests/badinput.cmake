# Bad inputs through the CLI (tests/badinput.py): empty, binary, invalid UTF-8, NUL bytes,
# 50 MB of text, a 1 MB line, 200-deep numbering, UTF-16, mixed encodings, usage and I/O
# errors. Inputs are generated at test time into the build directory.
if(NOT KH_PYTHON)
  message(WARNING "python3 not found: bad-input tests not registered")
  return()
endif()
set(KH_BADINPUT_DIR ${PROJECT_BINARY_DIR}/badinput)
foreach(case usage empty binary invalid_utf8 nul_bytes big_50mb line_1mb deep_200 utf16 mixed_encodings)
  add_test(NAME badinput_${case}
    COMMAND ${KH_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/badinput.py $<TARGET_FILE:khparse_cli>
            ${KH_BADINPUT_DIR} ${case})
  set_tests_properties(badinput_${case} PROPERTIES LABELS "badinput" TIMEOUT 600)
endforeach()
