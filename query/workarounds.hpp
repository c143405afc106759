// Private: rewrites of parsed queries around bugs in Xapian 1.4.22, each with the input that shows it.
#pragma once

#include <xapian.h>

namespace parasearch::detail {

/// `q` with every XOR replaced by its equivalent (A OR B) AND_NOT (A AND B), folded left for more
/// operands. Xapian 1.4.22's matcher reads freed memory (and crashes) on some XORs over several
/// databases, e.g. "(人 OR n*) XOR 权" when the wildcard expands in other buckets than the CJK words
/// (found by fuzz_query; tests/data/fuzz-regressions/query/crash-xor-wildcard-cjk).
Xapian::Query replace_xor(const Xapian::Query &q);

} // namespace parasearch::detail
