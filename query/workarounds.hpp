// Private: rewrites of parsed queries around bugs in Xapian 1.4.22, each with the input that shows it.
#pragma once

#include <xapian.h>

namespace parasearch::detail {

/// `q` with every XOR replaced by its equivalent (A OR B) AND_NOT (A AND B), folded left for more
/// operands. Xapian 1.4.22's matcher reads freed memory (and crashes) on some XORs over several
/// databases, e.g. "(人 OR n*) XOR 权" when the wildcard expands in other buckets than the CJK words
/// (found by fuzz_query; tests/data/fuzz-regressions/query/crash-xor-wildcard-cjk).
Xapian::Query replace_xor(const Xapian::Query &q);

/// `q` with the pattern of every wildcard diacritic-folded ("côt*" → "cot*"), as the stems in the
/// index are; each rebuilt wildcard expands to at most `max_expansion` words (else WildcardError).
/// (Not a Xapian bug: the query parser does not stem, so does not fold, wildcard patterns.)
Xapian::Query fold_wildcards(const Xapian::Query &q, Xapian::termcount max_expansion);

} // namespace parasearch::detail
