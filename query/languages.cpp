#include "query/languages.hpp"

#include "index/document.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/language.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"

#include <algorithm>
#include <cctype>
#include <exception>

namespace parasearch::detail {

QueryLanguages::QueryLanguages(const std::string &language, const std::string &path_fields)
    : auto_(language == schema::kLanguageAuto), language_(auto_ ? "english" : language), path_fields_(path_fields) {
  const PathPattern pattern = PathPattern::parse(path_fields);
  const auto &names = pattern.names();
  lang_field_ = std::find(names.begin(), names.end(), schema::kFieldLanguage) == names.end();
  builder(language_);
}

QueryBuilder &QueryLanguages::builder(const std::string &rules) {
  auto it = builders_.find(rules);
  if (it == builders_.end()) {
    it = builders_.emplace(rules, std::make_unique<QueryBuilder>(rules, path_fields_)).first;
    if (db_.size() != 0) it->second->set_database(db_);
  }
  return *it->second;
}

QueryBuilder &QueryLanguages::primary() {
  if (!auto_ || groups_.empty() || groups_.contains(language_)) return builder(language_);
  return builder(groups_.begin()->first);
}

void QueryLanguages::set_database(const Xapian::Database &db) {
  db_ = db;
  if (auto_) {
    // Which paragraphs each parse matches: those whose language is stemmed by its rules. Paragraphs
    // without a language, and those of languages without rules, are stemmed as English.
    std::map<std::string, std::vector<Xapian::Query>> codes; // XL terms, by Snowball language
    Xapian::doccount labelled = 0;
    const std::string prefix(schema::kPrefixLanguage);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      codes[DocumentBuilder::language_rules((*t).substr(prefix.size()))].emplace_back(*t);
      labelled += t.get_termfreq();
    }
    if (codes.empty() || db.get_doccount() > labelled) codes[language_]; // unlabelled: English
    groups_.clear();
    for (const auto &[rules, terms] : codes) {
      Xapian::Query group;
      if (codes.size() > 1 && rules != language_) {
        group = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
      } else if (codes.size() > 1) { // English: every paragraph of no other language
        std::vector<Xapian::Query> others;
        for (const auto &[r, t] : codes)
          if (r != language_) others.insert(others.end(), t.begin(), t.end());
        group = Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end());
      }
      groups_.emplace(rules, group);
      builder(rules);
    }
  }
  for (auto &[rules, b] : builders_)
    b->set_database(db);
}

std::string QueryLanguages::filtered_language(const std::string &text) const {
  if (!lang_field_) return {};
  const std::string field = std::string(schema::kFieldLanguage) + ":";
  std::string found;
  for (std::size_t at = text.find(field); at != std::string::npos; at = text.find(field, at + 1)) {
    const char before = at == 0 ? ' ' : text[at - 1];
    if (!std::isspace(static_cast<unsigned char>(before)) && before != '(' && before != '+') continue;
    std::size_t word = text.find_last_not_of(" \t", at == 0 ? 0 : at - 1);
    if (at > 0 && word != std::string::npos && word >= 2 && text.compare(word - 2, 3, "NOT") == 0)
      return {}; // NOT lang:fr: every other language may match
    std::size_t end = at + field.size();
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != ')')
      ++end;
    const std::string code = normalise_language_tag(text.substr(at + field.size(), end - at - field.size()));
    if (code.empty() ||
        (!found.empty() && DocumentBuilder::language_rules(code) != DocumentBuilder::language_rules(found)))
      return {};
    if (found.empty()) found = code;
  }
  return found;
}

ParsedQuery QueryLanguages::parse(const std::string &text, const SearchOptions &options) {
  const std::string only = !options.language.empty() ? normalise_language_tag(options.language) : std::string();
  if (!options.language.empty() && only.empty())
    throw UsageError("unknown language '" + options.language + "' (give an ISO 639-1 code such as fr)");
  const std::string in_text = only.empty() ? filtered_language(text) : std::string();
  const std::string one = !only.empty() ? only : in_text;
  if (!one.empty() || !auto_ || groups_.size() <= 1) { // one parse, as for a single-language index
    QueryBuilder &b = !auto_         ? builder(language_)
                      : !one.empty() ? builder(DocumentBuilder::language_rules(one))
                                     : builder(groups_.empty() ? language_ : groups_.begin()->first);
    ParsedQuery q = b.parse(text, options);
    if (!only.empty())
      q.query =
          Xapian::Query(Xapian::Query::OP_FILTER, q.query, Xapian::Query(std::string(schema::kPrefixLanguage) + only));
    return q;
  }
  ParsedQuery out;
  std::vector<Xapian::Query> parts;
  std::exception_ptr error;
  for (const auto &[rules, group] : groups_) {
    try {
      ParsedQuery q = builder(rules).parse(text, options);
      out.wildcards.insert(q.wildcards.begin(), q.wildcards.end());
      out.typed_stems.insert(q.typed_stems.begin(), q.typed_stems.end());
      const auto op = rules == language_ ? Xapian::Query::OP_AND_NOT : Xapian::Query::OP_FILTER;
      parts.emplace_back(op, q.query, group);
    } catch (const QueryError &) {
      if (!error || rules == language_) error = std::current_exception();
    }
  }
  if (parts.empty()) std::rethrow_exception(error);
  out.query = parts.size() == 1 ? parts.front() : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  return out;
}

} // namespace parasearch::detail
