// Private: the stop words that are not indexed (English: Lucene's 33 plus pronouns and auxiliaries,
// see stopwords.cpp); other languages index every word.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <set>
#include <string>

namespace parasearch::detail {

/// The stopper for `language`, or nullptr if every word is indexed. The object lives forever.
const Xapian::Stopper *stopper_for(const std::string &language);

/// Returns `query` with stop words removed from phrases and NEAR groups (they are not indexed, and
/// positions skip them, so "question of Palestine" must look for question, Palestine adjacent). A leaf
/// is a stop word if the word typed at its query position (`typed_words`: position → lowercased word,
/// see query/query_tree.hpp) is one, never because its stem equals a stop word's ("Doe" stays).
Xapian::Query drop_stopwords_in_phrases(const Xapian::Query &query, const Xapian::Stopper &stopper,
                                        const std::map<Xapian::termpos, std::string> &typed_words);

} // namespace parasearch::detail
