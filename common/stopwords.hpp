// Private: the stop words that are not indexed (English: Lucene's 33 plus pronouns and auxiliaries,
// see stopwords.cpp); other languages index every word.
#pragma once

#include <xapian.h>

#include <memory>
#include <set>
#include <string>

namespace parasearch::detail {

/// The stopper for `language`, or nullptr if every word is indexed. The object lives forever.
const Xapian::Stopper *stopper_for(const std::string &language);

} // namespace parasearch::detail
