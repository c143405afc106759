// The naive query baseline for scripts/bench, on the index parasearch-naive-index builds: Xapian's
// QueryParser with the English stemmer and its default STEM_SOME strategy and default flags, the
// default BM25Weight, get_mset(0, 10), and MSet::snippet on each hit's stored text (its document data)
// with the same stemmer. Snippets get the same length budget (240) and marks (**) as parasearch's
// defaults. The database is opened once, before timing; each query is timed from parsing to its 10th
// snippet, after one warm-up pass over all queries.
//
// With --run it times nothing and prints a run instead: for each line "ID TAB QUERY" of QUERIES, the
// top 10 as lines "ID TAB DOCID TAB RANK TAB WEIGHT" (scripts/un-pool pools them; DOCID maps to a
// paragraph through parasearch-naive-index --dump).
//
// Usage: parasearch-naive-query [--verbose] DB QUERIES
//        parasearch-naive-query --run DB QUERIES
#include "bench/query_timing.hpp"

#include <xapian.h>

#include <iostream>
#include <string>

namespace {

/// Prints the top 10 (default BM25) of each "ID TAB QUERY" line of `queries_path` as ID DOCID RANK WEIGHT lines.
void print_run(const std::string &db_path, const std::string &queries_path) {
  Xapian::Database db(db_path);
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_database(db);
  Xapian::Enquire enquire(db);
  for (const std::string &line : parasearch::bench::read_queries(queries_path)) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) throw std::invalid_argument("expected ID TAB QUERY in " + queries_path + ": " + line);
    enquire.set_query(parser.parse_query(line.substr(tab + 1)));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
      std::cout << line.substr(0, tab) << '\t' << *it << '\t' << it.get_rank() + 1 << '\t' << it.get_weight() << '\n';
  }
}

} // namespace

int main(int argc, char **argv) {
  try {
    if (argc == 4 && std::string(argv[1]) == "--run") {
      print_run(argv[2], argv[3]);
      return 0;
    }
    const parasearch::bench::Args args = parasearch::bench::parse_args(argc, argv);
    const std::vector<std::string> queries = parasearch::bench::read_queries(args.queries);
    Xapian::Database db(args.db);
    const Xapian::Stem stem("english");
    Xapian::QueryParser parser;
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db);
    Xapian::Enquire enquire(db);
    std::size_t bytes = 0; // keeps the snippets observable
    parasearch::bench::time_queries(queries, args.verbose, [&](const std::string &text) {
      enquire.set_query(parser.parse_query(text));
      const Xapian::MSet mset = enquire.get_mset(0, 10);
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        bytes += mset.snippet(it.get_document().get_data(), 240, stem,
                              Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE, "**", "**")
                     .size();
      return static_cast<std::size_t>(mset.size());
    });
    if (bytes == 0) std::cerr << "parasearch-naive-query: warning: no snippet text produced\n";
  } catch (const std::invalid_argument &e) {
    std::cerr << "parasearch-naive-query: " << e.what() << "\nusage: parasearch-naive-query [--verbose] DB QUERIES\n";
    return 2;
  } catch (const std::exception &e) {
    std::cerr << "parasearch-naive-query: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error &e) {
    std::cerr << "parasearch-naive-query: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
