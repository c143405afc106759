#include "formats/libxml.hpp"

#include <libxml/parser.h>

#include <mutex>

namespace parasearch::detail {

void ensure_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

} // namespace parasearch::detail
