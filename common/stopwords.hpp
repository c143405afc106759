// Private: the stop words that are not indexed. English: Lucene's 33 plus pronouns and auxiliaries
// (see stopwords.cpp); other Snowball languages: the Snowball project's lists (data/stopwords/,
// embedded at build time); languages without a list index every word.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace parasearch::detail {

/// One embedded stop-word list: Snowball language name and the file's text (`|` starts a comment).
struct StopList {
  std::string_view language; ///< e.g. "french".
  std::string_view text;     ///< data/stopwords/<language>.txt as it is.
};

/// The lists of data/stopwords/, embedded by the build (generated stopword_lists.cpp).
const std::vector<StopList> &embedded_stop_lists();

/// The words of a stop-word list's text: every whitespace-separated token before a `|` on each line.
std::vector<std::string> parse_stop_list(std::string_view text);

/// The stopper for `language` (a canonical Snowball name), or nullptr if every word is indexed. The
/// object lives forever and may be used by any thread (it is only read).
const Xapian::Stopper *stopper_for(const std::string &language);

} // namespace parasearch::detail
