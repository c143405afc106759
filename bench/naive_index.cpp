// The naive baseline for scripts/bench: exactly what Xapian's examples/simpleindex.cc does — one
// TermGenerator with the English stemmer and the default STEM_SOME strategy, one add_document per
// paragraph with the text as document data, the default flush threshold, one commit at the end —
// fed the same paragraphs as parasearch (its splitter's output), one file at a time, in path order.
//
// Usage: parasearch-naive-index DB FOLDER
#include "parasearch/paragraphs.hpp"
#include "parasearch/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: parasearch-naive-index DB FOLDER\n";
    return 2;
  }
  try {
    std::vector<std::filesystem::path> files;
    for (const auto &e : std::filesystem::recursive_directory_iterator(argv[2]))
      if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());

    Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OPEN);
    Xapian::TermGenerator indexer;
    indexer.set_stemmer(Xapian::Stem("english"));
    std::size_t paragraphs = 0;
    for (const auto &path : files) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const parasearch::SplitDocument split = parasearch::split_paragraphs(parasearch::decode_text(bytes).text);
      for (const parasearch::Paragraph &p : split.paragraphs) {
        Xapian::Document doc;
        doc.set_data(p.text);
        indexer.set_document(doc);
        indexer.index_text(p.text);
        db.add_document(doc);
        ++paragraphs;
      }
    }
    db.commit();
    std::cout << "{\"files\":" << files.size() << ",\"paragraphs\":" << paragraphs << "}\n";
  } catch (const Xapian::Error &e) {
    std::cerr << "parasearch-naive-index: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
