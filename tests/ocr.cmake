# OCR front-end tests (tests/test_ocr.c is registered by tests/CMakeLists.txt as unit_test_ocr).
# It runs the real engine on corpus/scans/* (about 30-40 s on one core), so it gets a
# longer timeout and the label "ocr" (ctest -L ocr / -LE ocr). Tesseract runs with
# OMP_THREAD_LIMIT=1 (its OpenMP threads make it ~3x slower on small shared machines).
if(TARGET test_ocr)
  if(KH_HAVE_OCR)
    target_compile_definitions(test_ocr PRIVATE KH_HAVE_OCR=1)
  endif()
  if(KH_HAVE_PDF)
    target_compile_definitions(test_ocr PRIVATE KH_HAVE_PDF=1)
  endif()
  set_tests_properties(unit_test_ocr PROPERTIES TIMEOUT 600 LABELS "ocr"
    ENVIRONMENT "OMP_THREAD_LIMIT=1")
  # Bad inputs only (no corpus OCR): quick enough for every run.
  add_test(NAME ocr_bad_inputs COMMAND test_ocr WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(ocr_bad_inputs PROPERTIES TIMEOUT 120
    ENVIRONMENT "KH_TEST_OCR_QUICK=1;OMP_THREAD_LIMIT=1")
endif()
