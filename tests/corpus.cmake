# Corpus regression tests: one ctest test per corpus/<case> (corpus_<case>) and a
# summary (corpus_summary). Included by tests/CMakeLists.txt, which sets KH_PYTHON.
# A case whose directory holds a REPORT_ONLY file is scored but not enforced.
set(KH_CORPUS_DIR ${PROJECT_SOURCE_DIR}/corpus)
set(KH_CORPUS_OUT ${PROJECT_BINARY_DIR}/corpus-out)
file(MAKE_DIRECTORY ${KH_CORPUS_OUT})
if(NOT KH_PYTHON)
  message(WARNING "python3 not found: corpus tests not registered")
  return()
endif()

file(GLOB KH_CORPUS_INPUTS CONFIGURE_DEPENDS ${KH_CORPUS_DIR}/*/input.txt)
foreach(input ${KH_CORPUS_INPUTS})
  get_filename_component(case_dir ${input} DIRECTORY)
  get_filename_component(case ${case_dir} NAME)
  add_test(NAME corpus_${case}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/run_corpus.sh case ${KH_PYTHON}
            $<TARGET_FILE:khparse_cli> ${KH_CORPUS_DIR} ${case} ${KH_CORPUS_OUT}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(corpus_${case} PROPERTIES LABELS "corpus" TIMEOUT 60)
endforeach()

add_test(NAME corpus_summary
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/run_corpus.sh summary ${KH_PYTHON}
          $<TARGET_FILE:khparse_cli> ${KH_CORPUS_DIR} ${KH_CORPUS_OUT}/summary
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(corpus_summary PROPERTIES LABELS "corpus" TIMEOUT 300)

# The scorer and validator check themselves against the gold: gold vs gold is 1.0
# everywhere, gold vs {} is 0 and does not crash.
add_test(NAME corpus_scorer_selftest
  COMMAND ${KH_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/score.py --selftest ${KH_CORPUS_DIR}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(corpus_scorer_selftest PROPERTIES LABELS "corpus" TIMEOUT 120)
