// Private: fixed failpoints for crash tests. PARASEARCH_FAILPOINT=NAME makes the process kill itself
// with SIGKILL when it reaches the step NAME (see the list in failpoint.cpp and docs/ARCHITECTURE.md).
#pragma once

#include <string_view>

namespace parasearch::detail {

/// Kills this process with SIGKILL if the environment variable PARASEARCH_FAILPOINT equals `name`.
/// The variable is read once; when it is unset this is one comparison of an empty string.
void failpoint(std::string_view name);

} // namespace parasearch::detail
