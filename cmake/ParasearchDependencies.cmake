# Imported targets for parasearch's Debian-packaged dependencies.
# Xapian 1.4's CMake config only sets variables, and libstemmer ships no config:
# both are wrapped here once so every target links a proper imported target.
include_guard(GLOBAL)

find_package(xapian 1.4 REQUIRED CONFIG)
if(NOT TARGET parasearch::xapian)
  add_library(parasearch::xapian INTERFACE IMPORTED)
  set_target_properties(parasearch::xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
if(NOT TARGET parasearch::stemmer)
  add_library(parasearch::stemmer UNKNOWN IMPORTED)
  set_target_properties(parasearch::stemmer PROPERTIES
    IMPORTED_LOCATION "${STEMMER_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${STEMMER_INCLUDE_DIR}")
endif()

# PDF reader (formats/pdf.cpp): poppler's C++ API (Debian libpoppler-cpp-dev), found with pkg-config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PARASEARCH_POPPLER REQUIRED IMPORTED_TARGET poppler-cpp)
if(NOT TARGET parasearch::poppler)
  add_library(parasearch::poppler INTERFACE IMPORTED)
  set_target_properties(parasearch::poppler PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::PARASEARCH_POPPLER)
endif()
find_package(LibXml2 2.9 REQUIRED) # LibXml2::LibXml2, the HTML reader's parser (Debian libxml2-dev)
# CLD2 (language identification): no CMake or pkg-config file either.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY cld2 REQUIRED)
if(NOT TARGET parasearch::cld2)
  add_library(parasearch::cld2 UNKNOWN IMPORTED)
  set_target_properties(parasearch::cld2 PROPERTIES
    IMPORTED_LOCATION "${CLD2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CLD2_INCLUDE_DIR}")
endif()

find_package(Threads REQUIRED)
# The DOCX and ODT readers' zip archives (Debian libzip-dev): PkgConfig::LIBZIP.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET GLOBAL libzip)
if(NOT PARASEARCH_DEPENDENCIES_LIBRARY_ONLY)
  find_package(cxxopts 3 REQUIRED CONFIG)
  find_package(nlohmann_json 3 REQUIRED CONFIG) # header-only, used inside the library and the tools
  # parasearch-serve's HTTP server (Debian libcpp-httplib-dev; its .pc sets the SSL/zlib defines the
  # compiled library was built with, which change its classes' layout).
  pkg_check_modules(PARASEARCH_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  if(NOT TARGET parasearch::httplib)
    add_library(parasearch::httplib INTERFACE IMPORTED)
    set_target_properties(parasearch::httplib PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::PARASEARCH_HTTPLIB)
  endif()
  # The tools' allocator (Debian libjemalloc-dev): the indexer's bucket writers allocate and free
  # Xapian's in-memory postings at a high rate, and glibc's malloc got slower as a long run's heap grew
  # (docs/PERFORMANCE.md §6). Only the executables link it; the library leaves the choice to its
  # users. parasearch::allocator is empty when PARASEARCH_JEMALLOC is off or a sanitizer build
  # brings its own allocator.
  if(NOT TARGET parasearch::allocator)
    add_library(parasearch::allocator INTERFACE IMPORTED)
    if(PARASEARCH_JEMALLOC AND NOT PARASEARCH_SANITIZERS AND NOT PARASEARCH_TSAN AND NOT PARASEARCH_FUZZ)
      pkg_check_modules(PARASEARCH_JEMALLOC_PC REQUIRED IMPORTED_TARGET jemalloc)
      set_target_properties(parasearch::allocator PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::PARASEARCH_JEMALLOC_PC)
    endif()
  endif()
endif()
