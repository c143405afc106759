#include "query/query_builder.hpp"

#include "common/fold.hpp"
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "index/document.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "query/cjk_phrases.hpp"
#include "query/compounds.hpp"
#include "query/query_text.hpp"
#include "query/query_tree.hpp"
#include "query/query_walk.hpp"
#include "query/rewrites.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace parasearch::detail {
namespace {

// `name:value` for a path field: the value is matched case-insensitively, as the indexer lowercases it.
class FieldFilter : public Xapian::FieldProcessor {
public:
  explicit FieldFilter(std::string name) : name_(std::move(name)) {}
  Xapian::Query operator()(const std::string &value) override {
    const std::string term = DocumentBuilder::field_term(name_, value);
    return term.empty() ? Xapian::Query::MatchNothing : Xapian::Query(term);
  }

private:
  std::string name_;
};

// `lang:fr`: paragraphs in a language, by ISO 639-1 code; case and a region ("fr-CA", "pt_BR") are ignored.
class LanguageFilter : public Xapian::FieldProcessor {
public:
  Xapian::Query operator()(const std::string &value) override {
    std::string code;
    for (char c : value) {
      if (c == '-' || c == '_') break;
      code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (code.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(std::string(schema::kPrefixLanguage) + code);
  }
};

} // namespace

QueryBuilder::QueryBuilder(const std::string &language, const std::string &path_fields)
    : stem_(make_stem(language)), stopper_(stopper_for(language)) {
  parser_.set_stemmer(stem_);
  parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  if (stopper_ != nullptr) parser_.set_stopper(stopper_);
  parser_.add_prefix(std::string(schema::kFieldTitle), std::string(schema::kPrefixTitle));
  parser_.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_ERROR);
  // Path fields: `name:value` filters, and `name:lo..hi` ranges over numeric values.
  const PathPattern pattern = PathPattern::parse(path_fields);
  const auto &names = pattern.names();
  if (std::find(names.begin(), names.end(), schema::kFieldLanguage) == names.end()) // a path field may take it
    parser_.add_boolean_prefix(std::string(schema::kFieldLanguage), (new LanguageFilter)->release());
  for (std::size_t i = 0; i < pattern.names().size(); ++i) {
    const std::string &name = pattern.names()[i];
    parser_.add_boolean_prefix(name, (new FieldFilter(name))->release());
    ranges_.push_back(
        std::make_unique<Xapian::NumberRangeProcessor>(schema::kSlotFirstField + static_cast<unsigned>(i), name + ":"));
    parser_.add_rangeprocessor(ranges_.back().get());
  }
}

QueryBuilder::~QueryBuilder() = default;

void QueryBuilder::set_database(const Xapian::Database &db) {
  db_ = db;
  splits_ = std::make_unique<CompoundSplits>(db);
  parser_.set_database(db);
}

std::vector<std::string> QueryBuilder::unstem(const std::string &term) const {
  return {parser_.unstem_begin(term), parser_.unstem_end(term)};
}

ParsedQuery QueryBuilder::parse(const std::string &typed_text, const SearchOptions &options) {
  // « », „ “, 「 」… are phrase quotes too; fullwidth letters and digits are read as the indexer reads them
  const std::string text = normalise_quotes(fold_width(typed_text));
  parser_.set_default_op(options.default_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
  unsigned flags = Xapian::QueryParser::FLAG_CJK_NGRAM;
  if (!options.plain)
    flags |=
        Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;
  if (!options.plain) refuse_loose_windows(text, typed_text);
  Xapian::Query parsed;
  TypedWords typed; // the words as typed, by query position (before the real parse: see the header)
  try {
    typed = typed_words(parser_, text, flags);
    parsed = parser_.parse_query(text, flags);
  } catch (const Xapian::QueryParserError &e) {
    throw QueryError(describe_syntax_error(typed_text, e.get_msg()));
  }
  ParsedQuery q =
      record_wildcards(parsed, text, {{std::string(schema::kFieldTitle), std::string(schema::kPrefixTitle)}});
  fold_wildcards(q);              // "côt*" finds what "cot*" finds, as words do
  widen_wildcards(q, stem_);      // "nations*" finds what "nations" finds, and more
  q.query = replace_xor(q.query); // Xapian 1.4.22 can crash on XOR over several bucket databases
  if (stopper_ != nullptr) {
    if (!options.plain) refuse_stop_words_only(q.query, typed_text, typed); // plain words: a batch query, no error
    q.query = drop_stopwords_in_phrases(q.query, text, *stopper_, typed);
  }
  if (q.query.empty()) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw QueryError("the query is empty");
    throw QueryError("query '" + typed_text + "' has no words to search for");
  }
  q.query = expand_compounds(q.query, typed, stem_, db_, text);     // peace-keeping, "peace keeping" find peacekeeping
  if (splits_) q.query = split_compounds(q.query, typed, *splits_); // and peacekeeping finds "peace keeping"
  q.query = cjk_phrases(q.query, text);    // quoted CJK: the unigrams and bigrams where the indexer puts them
  q.query = boost_cjk_runs(q.query, text); // unquoted CJK: passages holding a run in sequence first
  return q;
}

void QueryBuilder::refuse_loose_windows(const std::string &text, const std::string &typed_text) {
  // Xapian's parser joins only two plain words with NEAR or ADJ. Beside anything else it reads the
  // operator as the word "near" (or "adj", and NEAR/3 as the phrase "near 3") and ORs the rest, with no
  // sign of it: "nations* NEAR/3 united" found 2,806 passages on session 50, more than the 2,223 of
  // "nations NEAR/3 united"; `"human rights" NEAR/3 development` matched any of its words.
  struct Token {
    std::string text;
    bool quoted = false; // a whole "phrase", where NEAR is a word
  };
  std::vector<Token> tokens;
  std::istringstream in(text);
  bool open_quote = false;
  for (std::string t; in >> t;) {
    if (open_quote)
      tokens.back().text += " " + t;
    else
      tokens.push_back({t, t.find('"') != std::string::npos});
    open_quote = open_quote != (std::count(t.begin(), t.end(), '"') % 2 == 1);
  }
  auto is_window = [](const Token &t) {
    if (t.quoted) return false;
    for (const std::string op : {"NEAR", "ADJ"}) {
      if (!t.text.starts_with(op)) continue;
      const std::string rest = t.text.substr(op.size());
      if (rest.empty() ||
          (rest.size() > 1 && rest[0] == '/' && rest.find_first_not_of("0123456789", 1) == std::string::npos))
        return true;
    }
    return false;
  };
  // A word the parser can join: no wildcard, quote or inner bracket, not excluded, not hyphenated (a
  // hyphenated word is a phrase to the parser). "+word", "field:word", and the brackets of a group
  // around the pair ("(a NEAR b)": `left` tells which side of the operator `t` stands) are fine.
  auto is_plain_word = [&](const Token &t, bool left) {
    if (t.quoted || is_window(t)) return false;
    std::string_view w = t.text;
    while (left && !w.empty() && w.front() == '(')
      w.remove_prefix(1);
    while (!left && !w.empty() && w.back() == ')')
      w.remove_suffix(1);
    if (!w.empty() && w.front() == '+') w.remove_prefix(1);
    return !w.empty() && w.find_first_of("*()\"-") == std::string_view::npos;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!is_window(tokens[i])) continue;
    const std::string &op = tokens[i].text;
    for (const bool left : {true, false}) {
      const bool missing = left ? i == 0 : i + 1 == tokens.size();
      if (missing)
        throw QueryError("query '" + typed_text + "': " + op + " has no word on its " + (left ? "left" : "right") +
                         "; put a word on each side of it, or write it in lowercase to search for the word");
      const Token &next = tokens[left ? i - 1 : i + 1];
      if (is_plain_word(next, left)) continue;
      throw QueryError("query '" + typed_text + "': " + op + " joins two plain words, and '" + next.text +
                       "' is not one (NEAR and ADJ cannot take a wildcard, a \"phrase\", a (group), or a "
                       "hyphenated or -excluded word); put a word on each side of it, or leave it out");
    }
  }
}

void QueryBuilder::refuse_stop_words_only(const Xapian::Query &q, const std::string &text,
                                          const TypedWords &typed) const {
  // Stop words are not indexed, so a query of them alone matches nothing. Xapian's parser keeps them
  // when there is nothing else, or drops them, depending on how they are written: one message for all.
  bool stop_words_only = true;
  bool stopped = parser_.stoplist_begin() != parser_.stoplist_end();
  visit(q, Descend::kAll, [&](const Xapian::Query &node) {
    const auto op = node.get_type();
    if (is_combiner(op) || op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) return true;
    if (op == Xapian::Query::LEAF_TERM && is_stopped_leaf(node, *stopper_, typed))
      stopped = true;
    else
      stop_words_only = false;
    return false;
  });
  if (stop_words_only && stopped)
    throw QueryError("query '" + text +
                     "' has only stop words (such as 'the', 'of', 'to'), which are not indexed; add a word "
                     "that says what to look for");
}

void QueryBuilder::check_wildcards(const ParsedQuery &q, const Xapian::Database &db, const std::string &text) {
  visit(q.query, Descend::kAll, [&](const Xapian::Query &node) {
    if (node.get_type() != Xapian::Query::OP_WILDCARD) return true;
    const std::string prefix = q.pattern_of(node);
    if (prefix.empty()) return false; // not known: Xapian's own limit per bucket still holds
    Xapian::termcount n = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
      if (++n > kMaxWildcardTerms)
        throw QueryError("the wildcard '" + prefix + "*' in '" + text + "' matches too many words (over " +
                         std::to_string(kMaxWildcardTerms) + "); make it longer or more specific");
    return false;
  });
}

} // namespace parasearch::detail
