// Failpoints the indexer passes through (PARASEARCH_FAILPOINT=NAME):
//   after-compact     a bucket has been compacted into its new folder, not yet synced or installed
//   after-fsync       a rebuilt bucket is synced, not yet listed in the stub
//   after-stub-write  the new stub has been renamed into place, old buckets not yet deleted
//   during-full       --full: some new buckets are built, the old index is still the live one
//   during-create     first creation: some buckets are built, no stub written yet
//   during-update     a bucket updated in place has committed some files' changes, not all
//   after-update      a bucket updated in place has committed all its changes; the stub is not touched yet
#include "common/failpoint.hpp"

#include <csignal>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace parasearch::detail {

void failpoint(std::string_view name) {
  static const std::string armed = [] {
    const char *v = std::getenv("PARASEARCH_FAILPOINT");
    return std::string(v != nullptr ? v : "");
  }();
  if (!armed.empty() && armed == name) ::kill(::getpid(), SIGKILL);
}

} // namespace parasearch::detail
