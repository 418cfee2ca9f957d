# The public header stands alone: it compiles as the first and only include of a C
# translation unit with -std=c99 and -std=c11 -pedantic -Werror -Wall -Wextra, and as
# C++ (g++ -Werror) when a C++ compiler is around. Included by tests/CMakeLists.txt.
set(KH_HDR_DIR ${CMAKE_CURRENT_BINARY_DIR}/header_pedantic)
file(MAKE_DIRECTORY ${KH_HDR_DIR})
# Included twice (include guard), used from code so every declaration is seen in use.
set(KH_HDR_BODY "#include \"khparse.h\"\n#include \"khparse.h\"\n\
int kh_header_check(void);\n\
int kh_header_check(void)\n{\n\
    kh_parser *p = 0;\n    kh_options *o = 0;\n    kh_result *r = 0;\n\
    kh_allocator a = {0, 0, 0};\n    size_t n = 0;\n\
    kh_set_allocator(&a);\n\
    if (kh_options_new(&o) != KH_OK) return 1;\n\
    kh_options_set(o, KH_OPT_EXTRACT, KH_EXTRACT_ALL);\n\
    kh_options_set_str(o, KH_OPT_OCR_LANGUAGE, \"vie\");\n\
    kh_parser_new(&p, o);\n    kh_options_free(o);\n\
    if (kh_parse_buffer(p, \"x\", 1, \"-\", &r) == KH_OK) {\n\
        n = kh_result_task_count(r) + kh_result_diagnostic_count(r);\n\
        (void)kh_result_json(r, KH_JSON_PRETTY);\n        kh_result_free(r);\n    }\n\
    kh_parser_free(p);\n\
    return (n > 1000 ? 1 : 0) + (KH_VERSION_NUMBER >= 0x000100 ? 0 : 1) + KH_SCHEMA_VERSION - 1 + kh_version_number() * 0;\n}\n")
file(WRITE ${KH_HDR_DIR}/header_only.c "${KH_HDR_BODY}")
file(WRITE ${KH_HDR_DIR}/header_only.cpp "${KH_HDR_BODY}")

set(KH_HDR_WARN -pedantic -Werror -Wall -Wextra)
if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  foreach(std c99 c11)
    add_test(NAME header_pedantic_${std}
      COMMAND ${CMAKE_C_COMPILER} -std=${std} ${KH_HDR_WARN} -Wstrict-prototypes -Wmissing-prototypes
              -Wshadow -Wconversion -Wsign-conversion -Wundef -I${PROJECT_SOURCE_DIR}/include
              -fsyntax-only ${KH_HDR_DIR}/header_only.c)
    set_tests_properties(header_pedantic_${std} PROPERTIES LABELS "header" TIMEOUT 60)
  endforeach()
  find_program(KH_CXX NAMES g++ clang++ c++)
  if(KH_CXX)
    add_test(NAME header_pedantic_cxx
      COMMAND ${KH_CXX} -std=c++11 ${KH_HDR_WARN} -Wshadow -Wold-style-cast -I${PROJECT_SOURCE_DIR}/include
              -fsyntax-only ${KH_HDR_DIR}/header_only.cpp)
    set_tests_properties(header_pedantic_cxx PROPERTIES LABELS "header" TIMEOUT 60)
  else()
    message(STATUS "khparse: no C++ compiler, header_pedantic_cxx not registered")
  endif()
endif()

# tests/test_api.c compares the header's version macros with the CMake project version.
if(TARGET test_api)
  target_compile_definitions(test_api PRIVATE KH_CMAKE_VERSION="${PROJECT_VERSION}")
endif()
