# parasearch::warnings: the project's warning flags, as an INTERFACE target.
# PARASEARCH_SANITIZERS adds AddressSanitizer + UndefinedBehaviorSanitizer to everything built here,
# PARASEARCH_TSAN adds ThreadSanitizer instead (searches and indexing run on several threads);
# PARASEARCH_FUZZ adds them plus libFuzzer's coverage instrumentation (the fuzz_* programs link libFuzzer).
add_library(parasearch_warnings INTERFACE)
add_library(parasearch::warnings ALIAS parasearch_warnings)
target_compile_options(parasearch_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion)

if(PARASEARCH_SANITIZERS)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC's -Wmaybe-uninitialized gives false positives under -fsanitize (documented), here inside
    # libstdc++'s <regex> as used by cxxopts.
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()

if(PARASEARCH_TSAN)
  if(PARASEARCH_SANITIZERS)
    message(FATAL_ERROR "PARASEARCH_TSAN and PARASEARCH_SANITIZERS cannot be combined")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized -Wno-tsan) # as above; -Wtsan flags std::atomic_thread_fence
  endif()
endif()

if(PARASEARCH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PARASEARCH_FUZZ needs clang (libFuzzer): configure a fresh build dir with "
                        "-DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz does this)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
