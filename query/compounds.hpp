// Private: a compound typed in any spelling ("peace-keeping", "peace keeping", "peacekeeping") finds
// the others. The indexer stores the joined form of each hyphenated compound beside its parts
// (common/compounds.hpp), so the joined word already finds both; this adds the joined form to queries
// that type the parts.
#pragma once

#include "query/query_tree.hpp"

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace parasearch::detail {

/// `q` with the joined form of each two neighbouring typed words added when it is a word of `db`. A
/// phrase of two words ("peace keeping", or peace-keeping, which the parser makes a phrase) becomes one
/// word however it is written, as split_compounds() makes "peacekeeping": the synonym group of the joined
/// term and (the phrase AND_NOT joined). A longer phrase becomes "this, or else a joined spelling":
/// phrase OR (the phrase with a pair joined, or wholly joined, AND_NOT phrase); two neighbouring words
/// of an OR or AND group become (a OP b) OR (joined AND_NOT (a OP b)). A hyphenated compound, indexed
/// both ways, is never counted twice, and passages with only the joined spelling are added. Words are joined as typed
/// (`typed`), then stemmed with `stem`; CJK, prefixed (field) and wildcard terms are left alone. `text` is the query as
/// parsed (for phrase windows).
Xapian::Query expand_compounds(const Xapian::Query &q, const TypedWords &typed, const Xapian::Stem &stem,
                               const Xapian::Database &db, const std::string &text);

/// The ways an index's compounds are written apart, learnt from its synonym table (the indexer writes the
/// parts of every hyphenated compound there) and remembered: for each joined term asked about, the
/// phrases of its parts that some passage holds without the joined term (most never occur, and a
/// phrase of common words is costly to look for in every query). Valid for one state of the index:
/// make a new one when the index is reopened.
class CompoundSplits {
public:
  /// Splits of the compounds of `db`.
  explicit CompoundSplits(Xapian::Database db) : db_(std::move(db)) {}
  /// The phrases (of part terms) that find `term` written apart where it is not also written joined;
  /// empty if there are none. Looks in the index once per term.
  const std::vector<Xapian::Query> &apart(const std::string &term);

private:
  Xapian::Database db_;
  std::unordered_map<std::string, std::vector<Xapian::Query>> known_;
};

/// `q` with each typed word whose term is a compound's joined form also matching its parts written apart
/// (`splits`): "peacekeeping" becomes the synonym group of peacekeep and (the phrase "peace keep" AND_NOT
/// peacekeep), so it finds "peace keeping", weighed as one word (the group's frequency), not by its
/// parts. Only words of an OR/AND group or a lone word are split, not phrase members.
Xapian::Query split_compounds(const Xapian::Query &q, const TypedWords &typed, CompoundSplits &splits);

/// `q` without the alternatives expand_compounds() and split_compounds() added (their joined terms carry a reserved
/// query position): the words as typed, whose neighbouring pairs earn the proximity bonus. A joined word is another
/// spelling of its pair, not a third word standing next to them.
Xapian::Query without_compounds(const Xapian::Query &q);

} // namespace parasearch::detail
