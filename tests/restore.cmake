# Restoration tests (issue 3): the unit test needs the trained model (target `model`).
if(TARGET test_restore)
  target_compile_definitions(test_restore PRIVATE KH_TEST_MODEL_DIR="${PROJECT_BINARY_DIR}/model")
  add_dependencies(test_restore model)
  set_tests_properties(unit_test_restore PROPERTIES LABELS "restore" TIMEOUT 300)
endif()
# CLI: `khparse restore --mode strip` on a stripped sentence, `--show-changes` lists it.
add_test(NAME restore_cli
  COMMAND sh -c "printf 'Ke hoach trien khai\\n' > restore_cli.txt && $<TARGET_FILE:khparse_cli> restore --mode strip restore_cli.txt | grep -q 'Kế hoạch triển khai' && $<TARGET_FILE:khparse_cli> restore --mode strip --show-changes restore_cli.txt | grep -q '^+Kế hoạch'"
  WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
set_tests_properties(restore_cli PROPERTIES LABELS "restore" TIMEOUT 60)
