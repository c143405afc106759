// Private: every error that leaves the library is a parasearch::Error. Xapian's own exceptions are
// not even std::exceptions, so an escaped one ends a tool in std::terminate.
#pragma once

#include <filesystem>
#include <string>

namespace parasearch::detail {

/// Rethrows the exception being handled (call it only inside a catch block) as a parasearch::Error
/// about the index at `index`, `doing` saying what failed ("search", "open"): parasearch errors as
/// they are; a document the index lists but cannot read (Xapian's DocNotFoundError) or a corrupt
/// block as a DatabaseError saying the index is damaged and to run parasearch-index --check; other
/// Xapian errors as a DatabaseError with Xapian's message; anything else as an internal error.
[[noreturn]] void rethrow_as_error(const std::filesystem::path &index, const std::string &doing);

} // namespace parasearch::detail
