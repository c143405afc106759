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

/// Returns `query` with stop words removed from phrases and NEAR groups (they are not indexed, and
/// positions skip them, so "question of Palestine" must look for question, Palestine adjacent).
Xapian::Query drop_stopwords_in_phrases(const Xapian::Query &query, const Xapian::Stopper &stopper,
                                        const Xapian::Stem &stem);

} // namespace parasearch::detail
