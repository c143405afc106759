// parasearch-query: rank the passages of a paragraph index against a keyword query.
#include "common/cli.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/searcher.hpp"

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

int run(int argc, char **argv) {
  cxxopts::Options opts(kTool, "Search a paragraph index and print the best-matching passages.\n");
  opts.custom_help("[OPTION...]");
  opts.positional_help("QUERY...");
  // clang-format off
  opts.add_options()
    ("db", "Index directory (default: $PARASEARCH_DB, else ./parasearch-db)", cxxopts::value<std::string>(), "DIR")
    ("n,limit", "Number of passages to show", cxxopts::value<std::size_t>()->default_value("10"), "N")
    ("offset", "Skip this many passages first (paging)", cxxopts::value<std::size_t>()->default_value("0"), "N")
    ("and", "Require every word (default: any word, best first)")
    ("json", "Print JSON Lines: one object per passage")
    ("color", "Highlight with bold: auto, always or never", cxxopts::value<std::string>()->default_value("auto"), "WHEN")
    ("snippet-chars", "Longest snippet, in characters", cxxopts::value<std::size_t>()->default_value("240"), "N")
    ("h,help", "Show this help")
    ("query", "The query", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  opts.parse_positional({"query"});
  const auto args = opts.parse(argc, argv);
  if (args.count("help")) {
    std::cout << opts.help() << "\n"
              << "Query language:\n"
                 "  preventive diplomacy        passages with either word, best first (BM25)\n"
                 "  \"preventive diplomacy\"      the exact phrase\n"
                 "  nuclear AND disarmament     both words; also OR, NOT and (brackets)\n"
                 "  +nuclear -energy            must have / must not have\n"
                 "  diplom*                     words starting with 'diplom'\n"
                 "  title:terrorism             a word in the document's title\n"
                 "Words are stemmed in the index's language, so 'diplomats' also finds 'diplomat'.\n\n"
              << parasearch::cli::exit_codes_help("no passage matched");
    return 0;
  }
  if (!args.count("query")) throw parasearch::UsageError("no query given");
  std::string query;
  for (const auto &w : args["query"].as<std::vector<std::string>>())
    query += (query.empty() ? "" : " ") + w;

  const std::string color = args["color"].as<std::string>();
  if (color != "auto" && color != "always" && color != "never")
    throw parasearch::UsageError("--color must be auto, always or never, not '" + color + "'");
  const bool json = args.count("json") > 0;
  const bool bold = !json && (color == "always" || (color == "auto" && parasearch::cli::is_terminal(1)));

  parasearch::SearchOptions options;
  options.limit = args["limit"].as<std::size_t>();
  options.offset = args["offset"].as<std::size_t>();
  options.default_and = args.count("and") > 0;
  options.snippet_chars = args["snippet-chars"].as<std::size_t>();
  if (bold) options.mark_start = "\x1b[1m", options.mark_end = "\x1b[0m";

  const std::filesystem::path db =
      args.count("db") ? std::filesystem::path(args["db"].as<std::string>()) : parasearch::cli::default_db_path();
  parasearch::Searcher searcher(db);
  const parasearch::SearchResults results = searcher.search(query, options);

  if (json) {
    for (const parasearch::Hit &h : results.hits) {
      nlohmann::json highlights = nlohmann::json::array();
      for (const auto &[b, e] : h.highlights)
        highlights.push_back({char_offset(h.text, b), char_offset(h.text, e)});
      nlohmann::json j = {{"rank", h.rank},   {"score", h.score}, {"path", h.path},       {"paragraph", h.paragraph},
                          {"title", h.title}, {"text", h.text},   {"snippet", h.snippet}, {"highlights", highlights}};
      for (const auto &[name, value] : h.fields) {
        if (j.contains(name)) continue; // a field never hides a standard key
        if (parasearch::is_numeric_field_value(value))
          j[name] = std::stoll(value);
        else
          j[name] = value;
      }
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
  } else if (results.hits.empty()) {
    std::cout << "No passages match '" << query << "'";
    if (options.offset > 0) std::cout << " beyond the first " << options.offset;
    std::cout << ".\n";
  } else {
    std::cout << "About " << results.estimated_total << " passages match '" << query << "'; showing "
              << results.hits.front().rank << "-" << results.hits.back().rank << ".\n";
    for (const parasearch::Hit &h : results.hits) {
      char score[32];
      std::snprintf(score, sizeof score, "%.3f", h.score);
      std::cout << "\n" << h.rank << ". " << h.path << "  \xC2\xB6" << h.paragraph << "  (score " << score << ")\n";
      if (!h.title.empty()) std::cout << "   " << h.title << "\n";
      if (!h.fields.empty()) {
        std::cout << "  ";
        for (const auto &[name, value] : h.fields)
          std::cout << " " << name << ":" << value;
        std::cout << "\n";
      }
      std::cout << "   " << h.snippet << "\n";
    }
  }
  std::cout.flush();
  return results.hits.empty() ? static_cast<int>(parasearch::ExitCode::kPartial) : 0;
}

} // namespace

int main(int argc, char **argv) {
  return parasearch::cli::run(kTool, [&] { return run(argc, argv); });
}
