#include "common/units.hpp"

#include <cstdio>

namespace parasearch::detail {

std::string human_bytes(double bytes) {
  const char *units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4)
    bytes /= 1000, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

} // namespace parasearch::detail
