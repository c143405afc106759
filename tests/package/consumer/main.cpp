// Indexes one text and finds it again, through the installed public API only.
#include <parasearch/parasearch.hpp>

#include <iostream>

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  {
    parasearch::IndexOptions options;
    options.db = argv[1];
    parasearch::Indexer indexer(options);
    indexer.add_text("note.txt", "A short note on preventive diplomacy.\nAnd a second paragraph.\n");
    indexer.commit();
  }
  parasearch::Searcher searcher(argv[1]);
  const auto results = searcher.search("\"preventive diplomacy\"");
  if (results.hits.size() != 1 || results.hits[0].path != "note.txt") return 1;
  std::cout << results.hits[0].path << " ¶" << results.hits[0].paragraph << ": " << results.hits[0].snippet << "\n";
  return 0;
}
