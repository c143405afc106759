// Checking ranking parameters before a search, so every embedder gets the same messages as the tools.
#include "parasearch/errors.hpp"
#include "parasearch/searcher.hpp"

#include <cmath>
#include <sstream>

namespace parasearch {

namespace {

// Throws UsageError "WHAT (FLAG) must be RANGE, not VALUE" unless `ok`.
void require(bool ok, const char *what, const char *flag, const char *range, double value) {
  if (ok) return;
  std::ostringstream message;
  message << what << " (" << flag << ") must be " << range << ", not " << value;
  throw UsageError(message.str());
}

} // namespace

void validate_ranking(const RankingOptions &ranking) {
  require(std::isfinite(ranking.k1) && ranking.k1 >= 0, "BM25 k1", "--bm25-k1", "a number of at least 0", ranking.k1);
  require(std::isfinite(ranking.b) && ranking.b >= 0 && ranking.b <= 1, "BM25 b", "--bm25-b", "a number from 0 to 1",
          ranking.b);
  require(std::isfinite(ranking.proximity) && ranking.proximity >= 0, "the proximity weight", "--proximity",
          "a number of at least 0", ranking.proximity);
  require(std::isfinite(ranking.title_weight) && ranking.title_weight >= 0, "the title weight", "--title-weight",
          "a number of at least 0", ranking.title_weight);
  require(std::isfinite(ranking.length_floor) && ranking.length_floor >= 0, "the length floor", "--length-floor",
          "a number of at least 0", ranking.length_floor);
  require(std::isfinite(ranking.idf_blend) && ranking.idf_blend >= 0 && ranking.idf_blend <= 1, "the idf blend",
          "--idf", "lucene, xapian or a number from 0 (Lucene's) to 1 (Xapian's)", ranking.idf_blend);
  require(ranking.proximity_window >= 2, "the proximity window", "--window", "at least 2 words",
          ranking.proximity_window);
}

} // namespace parasearch
