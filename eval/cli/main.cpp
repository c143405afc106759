// parasearch-eval: run a query set against an index as a TREC run, and score runs against judgments.
#include "common/cli.hpp"
#include "eval/trec.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/searcher.hpp"

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace {

constexpr const char *kTool = "parasearch-eval";

const char *kUsage = "Usage:\n"
                     "  parasearch-eval run   --db DIR --queries FILE [--qrels FILE] [options]   write a TREC run\n"
                     "  parasearch-eval score --qrels FILE RUN [--per-query] [--json]        score a run\n"
                     "  parasearch-eval compare --qrels FILE RUN_A RUN_B [--flips N] [--json] paired test\n"
                     "Run 'parasearch-eval COMMAND --help' for the options.\n";

// Prints one line of measures.
void print_measures(std::ostream &out, const std::string &label, const parasearch::eval::Measures &m) {
  char line[224];
  std::snprintf(line, sizeof line,
                "%-12s nDCG@10 %.4f  MAP %.4f  R@100 %.4f  P@10 %.4f  unjudged@10 %.4f  condensed nDCG@10 %.4f\n",
                label.c_str(), m.ndcg10, m.map, m.recall100, m.p10, m.unjudged10, m.condensed_ndcg10);
  out << line;
}

// The measures as JSON, named as trec_eval names them where it has them.
nlohmann::json to_json(const parasearch::eval::Measures &m) {
  return {{"ndcg_cut_10", m.ndcg10},     {"map", m.map},
          {"recall_100", m.recall100},   {"P_10", m.p10},
          {"unjudged_10", m.unjudged10}, {"condensed_ndcg_cut_10", m.condensed_ndcg10}};
}

// The per-query value of `measure` ("ndcg", "condensed-ndcg", "p10" or "map") of an evaluation.
std::map<std::string, double> per_query(const parasearch::eval::Evaluation &ev, const std::string &measure) {
  std::map<std::string, double> out;
  for (const auto &[qid, m] : ev.queries)
    out[qid] = measure == "ndcg"             ? m.ndcg10
               : measure == "condensed-ndcg" ? m.condensed_ndcg10
               : measure == "p10"            ? m.p10
                                             : m.map;
  return out;
}

// parasearch-eval compare: scores two runs per query and prints the paired randomisation test of one measure.
int compare(int argc, char **argv) {
  cxxopts::Options opts("parasearch-eval compare",
                        "Paired randomisation test between two runs on the same judgments.\n");
  opts.positional_help("RUN_A RUN_B");
  // clang-format off
  opts.add_options()
    ("qrels", "Judgments: TREC qrels or BEIR qrels TSV", cxxopts::value<std::string>(), "FILE")
    ("measure", "ndcg (nDCG@10), condensed-ndcg, p10 or map", cxxopts::value<std::string>()->default_value("ndcg"), "M")
    ("flips", "Random sign flips", cxxopts::value<std::string>()->default_value("10000"), "N")
    ("seed", "Random seed", cxxopts::value<std::string>()->default_value("1"), "N")
    ("json", "Print one JSON object instead of a line")
    ("h,help", "Show this help")
    ("runs", "The two run files", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  opts.parse_positional({"runs"});
  const auto args = opts.parse(argc, argv);
  if (args.count("help")) {
    std::cout << opts.help() << "\n"
              << "Each query's measure is computed for both runs (as 'score' does); the test flips the sign of\n"
                 "each query's difference at random N times and reports the two-sided p-value: the share of\n"
                 "flips whose mean difference is at least as large, in absolute value, as the observed one.\n";
    return 0;
  }
  if (!args.count("qrels")) throw parasearch::UsageError("--qrels is required");
  if (!args.count("runs") || args["runs"].as<std::vector<std::string>>().size() != 2)
    throw parasearch::UsageError("compare needs two run files");
  const std::string measure = args["measure"].as<std::string>();
  if (measure != "ndcg" && measure != "condensed-ndcg" && measure != "p10" && measure != "map")
    throw parasearch::UsageError("--measure must be ndcg, condensed-ndcg, p10 or map, not '" + measure + "'");
  const auto runs = args["runs"].as<std::vector<std::string>>();
  const auto qrels = parasearch::eval::read_qrels(args["qrels"].as<std::string>());
  const auto a = parasearch::eval::evaluate(parasearch::eval::read_run(runs[0]), qrels);
  const auto b = parasearch::eval::evaluate(parasearch::eval::read_run(runs[1]), qrels);
  const auto c = parasearch::eval::randomisation_test(
      per_query(a, measure), per_query(b, measure), parasearch::cli::whole_number(args, "flips"),
      static_cast<unsigned>(parasearch::cli::whole_number(args, "seed")));
  if (args.count("json")) {
    std::cout << nlohmann::json{{"measure", measure}, {"queries", c.queries},
                                {"a", c.mean_a},      {"b", c.mean_b},
                                {"p", c.p_value},     {"flips", parasearch::cli::whole_number(args, "flips")}}
                     .dump()
              << "\n";
    return 0;
  }
  const std::size_t flips = parasearch::cli::whole_number(args, "flips");
  char p[48]; // no flip reaching the observed difference means p < 1/flips, not p = 0
  if (c.p_value == 0 && flips > 0)
    std::snprintf(p, sizeof p, "p < %.4g", 1.0 / static_cast<double>(flips));
  else
    std::snprintf(p, sizeof p, "p = %.4f", c.p_value);
  char line[240];
  std::snprintf(line, sizeof line, "%s over %zu queries: A %.4f  B %.4f  B-A %+.4f  %s (%zu flips)\n", measure.c_str(),
                c.queries, c.mean_a, c.mean_b, c.mean_b - c.mean_a, p, flips);
  std::cout << line;
  return 0;
}

int score(int argc, char **argv) {
  cxxopts::Options opts("parasearch-eval score", "Score a TREC run against TREC or BEIR relevance judgments.\n");
  opts.positional_help("RUN");
  // clang-format off
  opts.add_options()
    ("qrels", "Judgments: TREC qrels or BEIR qrels TSV", cxxopts::value<std::string>(), "FILE")
    ("per-query", "Also print each query's measures")
    ("json", "Print one JSON object instead of a table")
    ("h,help", "Show this help")
    ("run", "The run file", cxxopts::value<std::string>());
  // clang-format on
  opts.parse_positional({"run"});
  const auto args = opts.parse(argc, argv);
  if (args.count("help")) {
    std::cout << opts.help() << "\n"
              << "Measures, as trec_eval computes them (graded judgments; a grade > 0 is relevant):\n"
                 "  nDCG@10   gain = grade, discount log2(rank + 1), ideal from all judged documents\n"
                 "  MAP       mean average precision over the whole ranking\n"
                 "  R@100     relevant documents in the top 100 / all relevant documents\n"
                 "  P@10      relevant documents in the top 10 / 10\n"
                 "  unjudged@10  share of the top 10 hits (or of all, if fewer) with no judgment at all\n"
                 "  condensed nDCG@10  nDCG@10 after dropping the unjudged hits from the ranking\n"
                 "Ties in score are broken by document id, descending (trec_eval's order). Averages are over\n"
                 "the judged queries with a relevant document; one missing from the run scores 0 (trec_eval -c).\n";
    return 0;
  }
  if (!args.count("qrels")) throw parasearch::UsageError("--qrels is required");
  if (!args.count("run")) throw parasearch::UsageError("no run file given");
  const auto qrels = parasearch::eval::read_qrels(args["qrels"].as<std::string>());
  const auto run = parasearch::eval::read_run(args["run"].as<std::string>());
  const auto ev = parasearch::eval::evaluate(run, qrels);
  if (args.count("json")) {
    nlohmann::json j = to_json(ev.mean);
    j["queries"] = ev.queries.size();
    j["missing"] = ev.missing;
    if (args.count("per-query"))
      for (const auto &[qid, m] : ev.queries)
        j["per_query"][qid] = to_json(m);
    std::cout << j.dump() << "\n";
    return 0;
  }
  if (args.count("per-query"))
    for (const auto &[qid, m] : ev.queries)
      print_measures(std::cout, qid, m);
  print_measures(std::cout, "all (" + std::to_string(ev.queries.size()) + ")", ev.mean);
  if (ev.missing > 0) std::cerr << kTool << ": note: " << ev.missing << " judged queries are not in the run\n";
  return 0;
}

int run_queries(int argc, char **argv) {
  cxxopts::Options opts("parasearch-eval run", "Run a query set against an index and write a TREC run.\n");
  parasearch::cli::add_db_option(opts);
  // clang-format off
  opts.add_options()
    ("queries", "Queries: BEIR JSON Lines (_id, text) or TSV (id<TAB>text)", cxxopts::value<std::string>(), "FILE")
    ("qrels", "Only run the queries judged in this file", cxxopts::value<std::string>(), "FILE")
    ("o,output", "Write the run here (default: standard output)", cxxopts::value<std::string>(), "FILE")
    ("depth", "Documents per query", cxxopts::value<std::string>()->default_value("1000"), "N")
    ("passages", "Rank passages (docid = path#paragraph) instead of the best passage per document")
    ("syntax", "Read queries as 'plain' words, or with the 'full' query language",
     cxxopts::value<std::string>()->default_value("plain"), "KIND")
    ("tag", "Run tag (last column)", cxxopts::value<std::string>()->default_value("parasearch"), "TAG")
    ("h,help", "Show this help");
  // clang-format on
  parasearch::cli::add_ranking_options(opts);
  const auto args = opts.parse(argc, argv);
  if (args.count("help")) {
    std::cout << opts.help({"", "Ranking"})
              << "\nEach line of the run is 'qid Q0 docid rank score tag'; the docid is the stored "
                 "path of the best passage's document.\n";
    return 0;
  }
  if (!args.count("queries")) throw parasearch::UsageError("--queries is required");
  const std::string syntax = args["syntax"].as<std::string>();
  if (syntax != "plain" && syntax != "full")
    throw parasearch::UsageError("--syntax must be plain or full, not '" + syntax + "'");

  parasearch::SearchOptions options;
  options.limit = parasearch::cli::whole_number(args, "depth");
  options.snippets = false;
  options.plain = syntax == "plain";
  options.per_doc = !args.count("passages");
  options.ranking = parasearch::cli::ranking_options(args);

  auto queries = parasearch::eval::read_queries(args["queries"].as<std::string>());
  if (args.count("qrels")) {
    const auto qrels = parasearch::eval::read_qrels(args["qrels"].as<std::string>());
    std::erase_if(queries, [&](const parasearch::eval::Query &q) { return !qrels.count(q.id); });
  }

  parasearch::Searcher searcher(parasearch::cli::db_option(args));
  std::ofstream file;
  if (args.count("output")) {
    file.open(args["output"].as<std::string>(), std::ios::binary | std::ios::trunc);
    if (!file) throw parasearch::UsageError("cannot write '" + args["output"].as<std::string>() + "'");
  }
  std::ostream &out = args.count("output") ? file : std::cout;
  const std::string tag = args["tag"].as<std::string>();
  std::size_t failed = 0;
  for (const auto &q : queries) {
    std::vector<parasearch::eval::RunEntry> ranking;
    try {
      for (const parasearch::Hit &h : searcher.search(q.text, options).hits)
        ranking.push_back({options.per_doc ? h.path : h.path + "#" + std::to_string(h.paragraph), h.score});
    } catch (const parasearch::QueryError &e) {
      ++failed; // a query with no searchable words retrieves nothing
      std::cerr << kTool << ": query " << q.id << ": " << e.what() << "\n";
    }
    parasearch::eval::write_run(out, q.id, ranking, tag);
  }
  if (args.count("output")) { // standard output is checked by cli::run
    file.close();
    if (!file) throw parasearch::OutputError("writing the run to '" + args["output"].as<std::string>() + "' failed");
  }
  std::cerr << kTool << ": ran " << queries.size() << " queries" << (failed ? ", " : "")
            << (failed ? std::to_string(failed) + " could not be searched" : "") << "\n";
  return 0;
}

int run(int argc, char **argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "run") return run_queries(argc - 1, argv + 1);
  if (command == "score") return score(argc - 1, argv + 1);
  if (command == "compare") return compare(argc - 1, argv + 1);
  if (command == "-h" || command == "--help") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  throw parasearch::UsageError(command.empty() ? "no command given" : "unknown command '" + command + "'");
}

} // namespace

int main(int argc, char **argv) {
  return parasearch::cli::run(kTool, [&] { return run(argc, argv); });
}
