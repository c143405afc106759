// How many segment databases one merge may open (indexer/bucket.hpp: merge_fan_in), against the
// open-file limit of this process, lowered for the test and put back.
#include "indexer/bucket.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <sys/resource.h>

using parasearch::detail::merge_fan_in;

namespace {

// Sets the soft open-file limit to `files` for its lifetime (the hard limit is left alone).
struct SoftFileLimit {
  rlimit saved{};
  explicit SoftFileLimit(rlim_t files) {
    REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
    rlimit lowered = saved;
    lowered.rlim_cur = std::min(files, saved.rlim_max);
    REQUIRE(setrlimit(RLIMIT_NOFILE, &lowered) == 0);
  }
  ~SoftFileLimit() { setrlimit(RLIMIT_NOFILE, &saved); }
  SoftFileLimit(const SoftFileLimit &) = delete;
  SoftFileLimit &operator=(const SoftFileLimit &) = delete;
};

} // namespace

TEST_CASE("merge fan-in: a requested fan-in is kept, at least 2", "[merge]") {
  CHECK(merge_fan_in(3, 2) == 3);
  CHECK(merge_fan_in(1, 2) == 2);
  CHECK(merge_fan_in(1000, 1) == 1000);
}

TEST_CASE("merge fan-in: the writers' merges fit in the open-file limit", "[merge]") {
  for (const rlim_t files : {rlim_t{1024}, rlim_t{4096}, rlim_t{256}}) {
    SoftFileLimit limit(files);
    rlimit now{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &now) == 0);
    for (const unsigned writers : {1u, 2u, 8u}) {
      INFO(now.rlim_cur << " files, " << writers << " writers");
      const std::size_t fan_in = merge_fan_in(0, writers);
      CHECK(fan_in >= 2);
      CHECK(fan_in <= 256);
      // Each merging writer also holds its open segment and its old bucket: six files a database.
      if (now.rlim_cur >= 1024) CHECK(writers * (fan_in + 2) * 6 <= now.rlim_cur);
    }
    CHECK(merge_fan_in(0, 1) >= merge_fan_in(0, 2)); // more writers, smaller merges
  }
  SoftFileLimit limit(1024); // the common default: two writers merge 78 segments at once
  rlimit now{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &now) == 0);
  if (now.rlim_cur == 1024) CHECK(merge_fan_in(0, 2) == 78);
}
