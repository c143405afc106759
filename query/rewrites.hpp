// Private: the rewrites of a parsed query before it runs, each with the reason it is needed.
#pragma once

#include "query/parsed_query.hpp"
#include "query/query_tree.hpp"

#include <xapian.h>

#include <string>

namespace parasearch::detail {

/// Folds the diacritics of every wildcard pattern of `q` ("côt*" → "cot*"), as the index's stems
/// are; each rebuilt wildcard expands to at most kMaxWildcardTerms words (else WildcardError).
/// (Not a Xapian bug: the query parser does not stem, so does not fold, wildcard patterns.)
void fold_wildcards(ParsedQuery &q);

/// Makes every wildcard of `q` also match the stem (by `stem`) of the word typed before its `*`
/// when that stem does not start with the word, so that a wildcard finds at least the passages
/// whose text its word finds (titles are not matched by wildcards): the index holds stems, and
/// `nations*` alone matched only stems starting "nations", not `nation` (the stem of nations).
/// The wildcard becomes OP_SYNONYM(wildcard, stem), weighed as one term; the stem is recorded in
/// `q.typed_stems`.
void widen_wildcards(ParsedQuery &q, const Xapian::Stem &stem);

/// `q` with every XOR replaced by its equivalent (A OR B) AND_NOT (A AND B), folded left for more
/// operands. Xapian 1.4.22's matcher reads freed memory (and crashes) on some XORs over several
/// databases, e.g. "(人 OR n*) XOR 权" when the wildcard expands in other buckets than the CJK words
/// (found by fuzz_query; tests/data/fuzz-regressions/query/crash-xor-wildcard-cjk).
Xapian::Query replace_xor(const Xapian::Query &q);

/// `q` (parsed from `text`) with stop words removed from phrases and NEAR groups: they are not
/// indexed, and positions skip them, so "question of Palestine" must look for question, Palestine
/// adjacent. A word is a stop word as typed (`typed`), never because its stem equals one's ("Doe").
/// A phrase whose window cannot be told (not one the parser made) is left as it is.
Xapian::Query drop_stopwords_in_phrases(const Xapian::Query &q, const std::string &text, const Xapian::Stopper &stopper,
                                        const TypedWords &typed);

} // namespace parasearch::detail
