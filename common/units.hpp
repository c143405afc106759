// Private: sizes as people read them, shared by the tools' summaries and the format readers' messages.
#pragma once

#include <string>

namespace parasearch::detail {

/// `bytes` in decimal units with one decimal ("512 B", "1.5 kB", "194.1 MB"; up to TB).
std::string human_bytes(double bytes);

} // namespace parasearch::detail
