// parasearch-query: rank the passages of a paragraph index against a keyword query.
#include "common/cli.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/searcher.hpp"
#include "parasearch/text.hpp"

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace {

constexpr const char *kTool = "parasearch-query";

// Converts byte offsets in `text` to character (code point) offsets.
std::size_t char_offset(const std::string &text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

const char *kQueryHelp =
    "Query language (details in docs/QUERY.md):\n"
    "  preventive diplomacy        passages with any of the words, best first (BM25; passages where\n"
    "                              the words stand together rank higher); --default-op and: all words\n"
    "  \"preventive diplomacy\"      the exact phrase (an unclosed quote runs to the end of the query);\n"
    "                              \u00AB \u00BB, \u201E \u201C, \u201C \u201D, \u2039 \u203A, \u300C \u300D and "
    "\u300E \u300F are quotes too\n"
    "  preventive NEAR/3 diplomacy both words, at most 3 words apart, in any order\n"
    "  nuclear AND disarmament     both; also OR, NOT, XOR and (brackets); write operators in capitals\n"
    "  +nuclear -energy            must have / must not have\n"
    "  diplom*                     words starting with 'diplom' (refused if over 5000 words match)\n"
    "  title:terrorism             a word in the document's title\n"
    "Words are stemmed in the index's language, so 'diplomats' also finds 'diplomat'; very common\n"
    "English words (the, of, ...) are ignored outside phrases and skipped inside them. A compound\n"
    "finds its other spellings: peace-keeping, \"peace keeping\" and peacekeeping (hyphenated text\n"
    "is indexed joined too). Queries over 4096 bytes are refused.\n"
    "A synonyms file has one group per line: 'UN = United Nations' (# starts a comment).\n\n";

int run(int argc, char **argv) {
  cxxopts::Options opts(kTool, "Search a paragraph index and print the best-matching passages.\n");
  opts.custom_help("[OPTION...]");
  opts.positional_help("QUERY...");
  const parasearch::RankingOptions ranking;
  // clang-format off
  opts.add_options()
    ("db", "Index directory (default: $PARASEARCH_DB, else ./parasearch-db)", cxxopts::value<std::string>(), "DIR")
    ("n,limit", "Number of passages to show", cxxopts::value<std::size_t>()->default_value("10"), "N")
    ("offset", "Skip this many passages first (paging)", cxxopts::value<std::size_t>()->default_value("0"), "N")
    ("default-op", "How bare words combine: 'or' (any word, best first) or 'and' (every word)",
     cxxopts::value<std::string>()->default_value("or"), "OP")
    ("and", "Same as --default-op and")
    ("per-doc", "Show only the best passage of each document, with the number of its other matches")
    ("context", "Also print K paragraphs before and after each passage", cxxopts::value<std::size_t>()->default_value("0"), "K")
    ("explain", "Show how each passage's score was made")
    ("spelling", "Suggest a correction when a query word is not in the index")
    ("synonyms", "Expand the query with the synonym groups in FILE", cxxopts::value<std::string>(), "FILE")
    ("exact-count", "Count matching passages more exactly (slower)")
    ("json", "Print JSON Lines: one object per passage")
    ("html", "Print an HTML fragment (text escaped, quotes included; matches in <mark>)")
    ("color", "Highlight with bold: auto, always or never", cxxopts::value<std::string>()->default_value("auto"), "WHEN")
    ("mark-start", "Text put before each highlighted word (default: bold on a terminal, else '**')",
     cxxopts::value<std::string>(), "TEXT")
    ("mark-end", "Text put after each highlighted word", cxxopts::value<std::string>(), "TEXT")
    ("snippet-chars", "Longest snippet, in characters", cxxopts::value<std::size_t>()->default_value("240"), "N")
    ("bm25-k1", "BM25 k1 (term frequency saturation)", cxxopts::value<double>()->default_value(std::to_string(ranking.k1)), "X")
    ("bm25-b", "BM25 b (length normalisation)", cxxopts::value<double>()->default_value(std::to_string(ranking.b)), "X")
    ("proximity", "Weight of the bonus for query words standing together (0 = off)",
     cxxopts::value<double>()->default_value(std::to_string(ranking.proximity)), "X")
    ("rerank-depth", "How many top BM25 passages the proximity bonus re-ranks (0 = none)",
     cxxopts::value<std::size_t>()->default_value(std::to_string(ranking.rerank_depth)), "N")
    ("threads", "Threads one search may use (0 = one per core)", cxxopts::value<unsigned>()->default_value("0"), "N")
    ("h,help", "Show this help")
    ("query", "The query", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  opts.parse_positional({"query"});
  const auto args = opts.parse(argc, argv);
  if (args.count("help")) {
    std::cout << opts.help() << "\n" << kQueryHelp << parasearch::cli::exit_codes_help("no passage matched");
    return 0;
  }
  if (!args.count("query")) throw parasearch::UsageError("no query given");
  std::string query;
  for (const auto &w : args["query"].as<std::vector<std::string>>())
    query += (query.empty() ? "" : " ") + w;

  const std::string color = args["color"].as<std::string>();
  if (color != "auto" && color != "always" && color != "never")
    throw parasearch::UsageError("--color must be auto, always or never, not '" + color + "'");
  const std::string op = args["default-op"].as<std::string>();
  if (op != "or" && op != "and" && op != "OR" && op != "AND")
    throw parasearch::UsageError("--default-op must be 'and' or 'or', not '" + op + "'");
  const bool json = args.count("json") > 0;
  const bool html = args.count("html") > 0;
  if (json && html) throw parasearch::UsageError("--json and --html cannot be used together");
  const bool bold = !json && !html && (color == "always" || (color == "auto" && parasearch::cli::is_terminal(1)));

  parasearch::SearchOptions options;
  options.limit = args["limit"].as<std::size_t>();
  options.offset = args["offset"].as<std::size_t>();
  options.default_and = args.count("and") > 0 || op == "and" || op == "AND";
  options.snippet_chars = args["snippet-chars"].as<std::size_t>();
  options.per_doc = args.count("per-doc") > 0;
  options.context = args["context"].as<std::size_t>();
  options.explain = args.count("explain") > 0;
  options.spelling = args.count("spelling") > 0;
  options.exact_count = args.count("exact-count") > 0;
  options.html = html;
  options.ranking.k1 = args["bm25-k1"].as<double>();
  options.ranking.b = args["bm25-b"].as<double>();
  options.ranking.proximity = args["proximity"].as<double>();
  options.ranking.rerank_depth = args["rerank-depth"].as<std::size_t>();
  if (bold) options.mark_start = "\x1b[1m", options.mark_end = "\x1b[0m";
  if (html) options.mark_start = "<mark>", options.mark_end = "</mark>";
  if (args.count("mark-start")) options.mark_start = args["mark-start"].as<std::string>();
  if (args.count("mark-end")) options.mark_end = args["mark-end"].as<std::string>();

  const std::filesystem::path db =
      args.count("db") ? std::filesystem::path(args["db"].as<std::string>()) : parasearch::cli::default_db_path();
  parasearch::Searcher searcher(db, args["threads"].as<unsigned>());
  if (args.count("synonyms")) searcher.load_synonyms(args["synonyms"].as<std::string>());
  const parasearch::SearchResults results = searcher.search(query, options);

  if (json) {
    if (!results.suggestion.empty()) std::cerr << "Did you mean: " << results.suggestion << "\n";
    for (const parasearch::Hit &h : results.hits) {
      nlohmann::json highlights = nlohmann::json::array();
      for (const auto &[b, e] : h.highlights)
        highlights.push_back({char_offset(h.text, b), char_offset(h.text, e)});
      nlohmann::json j = {{"rank", h.rank},   {"score", h.score}, {"path", h.path},       {"paragraph", h.paragraph},
                          {"title", h.title}, {"text", h.text},   {"snippet", h.snippet}, {"highlights", highlights}};
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
        if (parasearch::is_numeric_field_value(value))
          j[name] = std::stoll(value);
        else
          j[name] = value;
      }
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
  } else if (html) {
    std::cout << "<div class=\"parasearch-results\" data-query=\"" << parasearch::html_escape(query) << "\">\n";
    if (!results.suggestion.empty())
      std::cout << "<p class=\"suggestion\">Did you mean: " << parasearch::html_escape(results.suggestion) << "</p>\n";
    for (const parasearch::Hit &h : results.hits) {
      std::cout << "<div class=\"hit\"><p class=\"where\">" << h.rank << ". " << parasearch::html_escape(h.path)
                << " \xC2\xB6" << h.paragraph << "</p>";
      if (!h.title.empty()) std::cout << "<p class=\"title\">" << parasearch::html_escape(h.title) << "</p>";
      std::cout << "<p class=\"snippet\">" << h.snippet << "</p></div>\n";
    }
    std::cout << "</div>\n";
  } else {
    if (!results.suggestion.empty()) std::cout << "Did you mean: " << results.suggestion << "\n";
    if (results.hits.empty()) {
      std::cout << "No passages match '" << parasearch::cli::printable(query) << "'";
      if (options.offset > 0) std::cout << " beyond the first " << options.offset;
      std::cout << ".\n";
    } else {
      std::cout << "About " << parasearch::cli::count(results.estimated_total, "passage")
                << (results.estimated_total == 1 ? " matches '" : " match '") << parasearch::cli::printable(query)
                << "'; showing " << results.hits.front().rank << "-" << results.hits.back().rank << ".\n";
      if (results.expanded_query != query)
        std::cout << "With synonyms: " << parasearch::cli::printable(results.expanded_query) << "\n";
    }
    for (const parasearch::Hit &h : results.hits) {
      char score[32];
      std::snprintf(score, sizeof score, "%.3f", h.score);
      std::cout << "\n"
                << h.rank << ". " << parasearch::cli::printable(h.path) << "  \xC2\xB6" << h.paragraph << "  (score "
                << score << ")";
      if (options.per_doc && h.others > 0)
        std::cout << "  +" << h.others << " more matching passage" << (h.others == 1 ? "" : "s") << " in it";
      std::cout << "\n";
      if (!h.title.empty()) std::cout << "   " << h.title << "\n";
      if (!h.fields.empty()) {
        std::cout << "  ";
        for (const auto &[name, value] : h.fields)
          std::cout << " " << name << ":" << parasearch::cli::printable(value);
        std::cout << "\n";
      }
      for (const auto &c : h.before)
        std::cout << "   \xC2\xB6" << c.paragraph << " " << c.text << "\n";
      std::cout << "   " << (options.context > 0 ? "> " : "") << h.snippet << "\n";
      for (const auto &c : h.after)
        std::cout << "   \xC2\xB6" << c.paragraph << " " << c.text << "\n";
      if (options.explain) {
        std::cout << "   score:\n";
        std::string line;
        for (std::size_t i = 0; i < h.explanation.size(); ++i)
          if (h.explanation[i] == '\n') {
            std::cout << "   " << line << "\n";
            line.clear();
          } else {
            line += h.explanation[i];
          }
      }
    }
  }
  std::cout.flush();
  return results.hits.empty() ? static_cast<int>(parasearch::ExitCode::kPartial) : 0;
}

} // namespace

int main(int argc, char **argv) {
  return parasearch::cli::run(kTool, [&] { return run(argc, argv); });
}
