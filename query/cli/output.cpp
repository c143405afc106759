#include "query/cli/output.hpp"

#include "common/cli.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/text.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace parasearch::cli {

std::size_t char_offset(const std::string &text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

// "¶12", or "¶12, p. 3" for a paragraph of a paged document (the printed page label where there is one).
std::string place(const Hit &h) {
  std::string s = "\xC2\xB6" + std::to_string(h.paragraph);
  if (h.page != 0) s += ", p. " + (h.page_label.empty() ? std::to_string(h.page) : printable(h.page_label));
  return s;
}

} // namespace

void print_json(std::ostream &out, std::ostream &err, const SearchResults &results, const SearchOptions &options) {
  if (!results.suggestion.empty()) err << "Did you mean: " << results.suggestion << "\n";
  for (const Hit &h : results.hits) {
    nlohmann::json highlights = nlohmann::json::array();
    for (const auto &[b, e] : h.highlights)
      highlights.push_back({char_offset(h.text, b), char_offset(h.text, e)});
    nlohmann::json j = {{"rank", h.rank},   {"score", h.score}, {"path", h.path},       {"paragraph", h.paragraph},
                        {"title", h.title}, {"text", h.text},   {"snippet", h.snippet}, {"highlights", highlights}};
    if (h.page != 0) j["page"] = h.page;
    if (!h.page_label.empty()) j["page_label"] = h.page_label;
    if (!h.language.empty()) j["language"] = h.language;
    if (options.per_doc) j["others"] = h.others;
    if (options.context > 0) {
      for (const auto *side : {&h.before, &h.after}) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &c : *side)
          list.push_back({{"paragraph", c.paragraph}, {"text", c.text}});
        j[side == &h.before ? "before" : "after"] = std::move(list);
      }
    }
    if (options.explain) j["explanation"] = h.explanation;
    for (const auto &[name, value] : h.fields) {
      if (j.contains(name)) continue; // a field never hides a standard key
      if (is_numeric_field_value(value))
        j[name] = std::stoll(value);
      else
        j[name] = value;
    }
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
}

void print_html(std::ostream &out, const std::string &query, const SearchResults &results) {
  out << "<div class=\"parasearch-results\" data-query=\"" << html_escape(query) << "\">\n";
  if (!results.suggestion.empty())
    out << "<p class=\"suggestion\">Did you mean: " << html_escape(results.suggestion) << "</p>\n";
  for (const Hit &h : results.hits) {
    out << "<div class=\"hit\"><p class=\"where\">" << h.rank << ". " << html_escape(h.path) << " "
        << html_escape(place(h)) << "</p>";
    if (!h.title.empty()) out << "<p class=\"title\">" << html_escape(h.title) << "</p>";
    out << "<p class=\"snippet\">" << h.snippet << "</p></div>\n";
  }
  out << "</div>\n";
}

void print_text(std::ostream &out, const std::string &query, const SearchResults &results,
                const SearchOptions &options) {
  if (!results.suggestion.empty()) out << "Did you mean: " << results.suggestion << "\n";
  if (results.hits.empty()) {
    out << "No passages match '" << printable(query) << "'";
    if (options.offset > 0) out << " beyond the first " << options.offset;
    out << ".\n";
  } else {
    out << "About " << count(results.estimated_total, "passage")
        << (results.estimated_total == 1 ? " matches '" : " match '") << printable(query) << "'; showing "
        << results.hits.front().rank << "-" << results.hits.back().rank << ".\n";
    if (results.expanded_query != query) out << "With synonyms: " << printable(results.expanded_query) << "\n";
  }
  for (const Hit &h : results.hits) {
    char score[32];
    std::snprintf(score, sizeof score, "%.3f", h.score);
    out << "\n" << h.rank << ". " << printable(h.path) << "  " << place(h) << "  (score " << score << ")";
    if (options.per_doc && h.others > 0)
      out << "  +" << h.others << " more matching passage" << (h.others == 1 ? "" : "s") << " in it";
    out << "\n";
    if (!h.title.empty()) out << "   " << h.title << "\n";
    if (!h.fields.empty() || !h.language.empty()) {
      out << "  ";
      for (const auto &[name, value] : h.fields)
        out << " " << name << ":" << printable(value);
      if (!h.language.empty()) out << " lang:" << printable(h.language);
      out << "\n";
    }
    for (const auto &c : h.before)
      out << "   \xC2\xB6" << c.paragraph << " " << c.text << "\n";
    out << "   " << (options.context > 0 ? "> " : "") << h.snippet << "\n";
    for (const auto &c : h.after)
      out << "   \xC2\xB6" << c.paragraph << " " << c.text << "\n";
    if (options.explain) {
      out << "   score:\n";
      std::string line;
      for (const char c : h.explanation)
        if (c == '\n') {
          out << "   " << line << "\n";
          line.clear();
        } else {
          line += c;
        }
    }
  }
}

} // namespace parasearch::cli
