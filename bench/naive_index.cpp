// The naive baseline for scripts/bench: exactly what Xapian's examples/simpleindex.cc does — one
// TermGenerator with the English stemmer and the default STEM_SOME strategy, one add_document per
// paragraph with the text as document data, the default flush threshold, one commit at the end —
// fed the same paragraphs as parasearch (its splitter's output), one file at a time, in path order.
//
// With --dump FILE it also writes one line per paragraph, in document-id order, to FILE:
// docid TAB path (relative to FOLDER) TAB paragraph number TAB text, so that other rankers
// (scripts/un-pool) can be fed the same paragraphs and their hits mapped back to path + paragraph.
//
// Usage: parasearch-naive-index [--dump FILE] DB FOLDER
#include "parasearch/paragraphs.hpp"
#include "parasearch/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  std::string dump_path;
  if (argc == 5 && std::string(argv[1]) == "--dump") {
    dump_path = argv[2];
    argv += 2;
    argc -= 2;
  }
  if (argc != 3) {
    std::cerr << "usage: parasearch-naive-index [--dump FILE] DB FOLDER\n";
    return 2;
  }
  try {
    std::ofstream dump;
    if (!dump_path.empty()) {
      dump.open(dump_path, std::ios::binary);
      if (!dump) {
        std::cerr << "parasearch-naive-index: cannot write " << dump_path << "\n";
        return 1;
      }
    }
    const std::filesystem::path root = argv[2];
    std::vector<std::filesystem::path> files;
    for (const auto &e : std::filesystem::recursive_directory_iterator(root))
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
        const Xapian::docid id = db.add_document(doc);
        ++paragraphs;
        if (dump.is_open())
          dump << id << '\t' << path.lexically_relative(root).generic_string() << '\t' << p.number << '\t' << p.text
               << '\n';
      }
    }
    db.commit();
    if (dump.is_open() && !dump.flush()) {
      std::cerr << "parasearch-naive-index: cannot write " << dump_path << "\n";
      return 1;
    }
    std::cout << "{\"files\":" << files.size() << ",\"paragraphs\":" << paragraphs << "}\n";
  } catch (const Xapian::Error &e) {
    std::cerr << "parasearch-naive-index: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
