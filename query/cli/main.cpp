// parasearch-query: rank the passages of a paragraph index against a keyword query.
#include "common/cli.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/searcher.hpp"
#include "query/cli/output.hpp"

#include <cxxopts.hpp>

#include <iostream>

namespace {

constexpr const char *kTool = "parasearch-query";

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
    "  diplom*                     words starting with 'diplom' (refused if over 2000 words match)\n"
    "  title:terrorism             a word in the document's title\n"
    "  lang:fr                     only passages in French (ISO 639-1 code)\n"
    "Words are stemmed in the index's language, so 'diplomats' also finds 'diplomat'; very common\n"
    "words (the, of, ...; for other languages Snowball's lists) are ignored outside phrases and\n"
    "skipped inside them. In an index built with --lang auto the query is read in every language\n"
    "of the index, and each reading matches the passages of its language. A compound\n"
    "finds its other spellings: peace-keeping, \"peace keeping\" and peacekeeping (hyphenated text\n"
    "is indexed joined too). Queries over 4096 bytes are refused.\n"
    "A synonyms file has one group per line: 'UN = United Nations' (# starts a comment).\n\n";

int run(int argc, char **argv) {
  cxxopts::Options opts(kTool, "Search a paragraph index and print the best-matching passages.\n");
  opts.custom_help("[OPTION...]");
  opts.positional_help("QUERY...");
  using parasearch::cli::whole_number;
  parasearch::cli::add_db_option(opts);
  // clang-format off
  opts.add_options()
    ("n,limit", "Number of passages to show", cxxopts::value<std::string>()->default_value("10"), "N")
    ("offset", "Skip this many passages first (paging)", cxxopts::value<std::string>()->default_value("0"), "N")
    ("default-op", "How bare words combine: 'or' (any word, best first) or 'and' (every word)",
     cxxopts::value<std::string>()->default_value("or"), "OP")
    ("and", "Same as --default-op and")
    ("lang", "Only passages in this language (ISO 639-1 code, e.g. fr), the query read as that language; "
             "the same as adding lang:CODE to the query", cxxopts::value<std::string>(), "CODE")
    ("per-doc", "Show only the best passage of each document, with the number of its other matches")
    ("filter", "Only passages of documents whose path field FIELD is VALUE (FIELD:VALUE), in a range "
               "(FIELD:LO..HI), or of one document (path:STORED PATH); repeat for several (all must hold); "
               "read apart from the query, so no quoting is needed", cxxopts::value<std::vector<std::string>>(),
     "FILTER")
    ("facets", "Count the matches by these path fields (and 'lang'), comma-separated; FIELD/N counts "
               "numbers in buckets of N (year/10: 1990..1999). Text: a short table after the passages; "
               "--json: one more line {\"facets\": {...}}", cxxopts::value<std::string>(), "LIST")
    ("context", "Also print K paragraphs before and after each passage", cxxopts::value<std::string>()->default_value("0"), "K")
    ("explain", "Show how each passage's score was made")
    ("spelling", "Suggest a correction when a query word is not in the index")
    ("synonyms", "Expand the query with the synonym groups in FILE", cxxopts::value<std::string>(), "FILE")
    ("exact-count", "Count matching passages more exactly (slower)")
    ("allow-partial", "Over a shard set (--db naming a stub of 'remote HOST:PORT' lines): when a shard "
                      "cannot be reached, search the others and say the results are partial (text: a first "
                      "line; --json: one more line {\"partial\": true, \"missing_shards\": [...]}), "
                      "instead of failing with exit code 4")
    ("json", "Print JSON Lines: one object per passage")
    ("html", "Print an HTML fragment (text escaped, quotes included; matches in <mark>)")
    ("color", "Highlight with bold: auto, always or never", cxxopts::value<std::string>()->default_value("auto"), "WHEN")
    ("mark-start", "Text put before each highlighted word (default: bold on a terminal, else '**')",
     cxxopts::value<std::string>(), "TEXT")
    ("mark-end", "Text put after each highlighted word", cxxopts::value<std::string>(), "TEXT")
    ("snippet-chars", "Longest snippet, in characters", cxxopts::value<std::string>()->default_value("240"), "N")
    ("threads", "Threads one search may use (0 = one per core)", cxxopts::value<std::string>()->default_value("0"), "N")
    ("h,help", "Show this help")
    ("query", "The query", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  parasearch::cli::add_ranking_options(opts);
  opts.parse_positional({"query"});
  parasearch::cli::refuse_words_as_options(opts, kTool, argc, argv);
  const auto args = opts.parse(argc, argv);
  if (args.count("help")) {
    std::cout << opts.help({"", "Ranking"}) << "\n"
              << kQueryHelp << parasearch::cli::exit_codes_help("no passage matched");
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
  options.limit = whole_number(args, "limit");
  options.offset = whole_number(args, "offset");
  options.default_and = args.count("and") > 0 || op == "and" || op == "AND";
  options.snippet_chars = whole_number(args, "snippet-chars");
  options.per_doc = args.count("per-doc") > 0;
  options.context = whole_number(args, "context");
  options.explain = args.count("explain") > 0;
  options.spelling = args.count("spelling") > 0;
  options.exact_count = args.count("exact-count") > 0;
  if (args.count("filter")) options.filters = args["filter"].as<std::vector<std::string>>();
  options.allow_partial = args.count("allow-partial") > 0;
  if (args.count("facets")) options.facets = parasearch::cli::comma_list(args["facets"].as<std::string>());
  if (args.count("lang")) options.language = args["lang"].as<std::string>();
  options.html = html;
  options.ranking = parasearch::cli::ranking_options(args);
  if (bold) options.mark_start = "\x1b[1m", options.mark_end = "\x1b[0m";
  if (html) options.mark_start = "<mark>", options.mark_end = "</mark>";
  if (args.count("mark-start")) options.mark_start = args["mark-start"].as<std::string>();
  if (args.count("mark-end")) options.mark_end = args["mark-end"].as<std::string>();

  const auto threads = static_cast<unsigned>(whole_number(args, "threads", 0, 1024));
  parasearch::Searcher searcher(parasearch::cli::db_option(args), threads);
  if (args.count("synonyms")) searcher.load_synonyms(args["synonyms"].as<std::string>());
  const parasearch::SearchResults results = searcher.search(query, options);

  if (json)
    parasearch::cli::print_json(std::cout, std::cerr, results, options);
  else if (html)
    parasearch::cli::print_html(std::cout, query, results);
  else
    parasearch::cli::print_text(std::cout, query, results, options);
  // An index folder with no passages at all is read as empty (a first build still running, or stopped
  // before it finished, leaves no index yet): say so, or "no passages match" reads as a search result.
  if (results.hits.empty() && searcher.paragraph_count() == 0)
    std::cerr << "parasearch-query: note: index '" << parasearch::cli::db_option(args).string()
              << "' holds no passages yet (a first build that has not finished, or was stopped before it did, "
                 "leaves none); run parasearch-index on it\n";
  return results.hits.empty() ? static_cast<int>(parasearch::ExitCode::kPartial) : 0;
}

} // namespace

int main(int argc, char **argv) {
  return parasearch::cli::run(kTool, [&] { return run(argc, argv); });
}
