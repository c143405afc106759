// Stored text in blocks (index/stored.hpp): every paragraph is read back from its block, whether its
// block's first paragraph is where the order says or must be found by its unique term.
#include "common/hash.hpp"
#include "index/document.hpp"
#include "index/record.hpp"
#include "index/stored.hpp"
#include "parasearch/schema.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <string>

namespace {

using namespace parasearch::detail;

/// A file `path` of `n` paragraphs, paragraph k reading "<path> paragraph k." (pages on odd ones).
FileRecord make_file(const std::string &path, unsigned n) {
  FileRecord record;
  record.path = path;
  record.title = "Title of " + path;
  for (unsigned k = 1; k <= n; ++k)
    record.paragraphs.push_back({path + " paragraph " + std::to_string(k) + ".", {k % 2 == 1 ? k : 0, "", ""}});
  return record;
}

} // namespace

TEST_CASE("stored: every paragraph of files of 1 to 20 paragraphs reads back from its block", "[stored]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  DocumentBuilder builder("english");
  for (unsigned n = 1; n <= 20; ++n)
    builder.build_each(make_file("f" + std::to_string(n) + ".txt", n),
                       [&](Xapian::Document &doc) { db.add_document(doc); });
  // Only the first paragraph of each block has data.
  std::size_t with_data = 0, expected_blocks = 0;
  for (Xapian::docid did = 1; did <= db.get_doccount(); ++did)
    with_data += db.get_document(did).get_data().empty() ? 0 : 1;
  for (unsigned n = 1; n <= 20; ++n)
    expected_blocks += (n + parasearch::schema::kParagraphsPerBlock - 1) / parasearch::schema::kParagraphsPerBlock;
  CHECK(with_data == expected_blocks);

  StoredReader cached;      // keeps blocks
  StoredReader uncached(0); // keeps none
  for (unsigned n = 1; n <= 20; ++n) {
    const std::string path = "f" + std::to_string(n) + ".txt";
    const auto record = read_stored_file(db, path);
    REQUIRE(record);
    CHECK(record->title == "Title of " + path);
    REQUIRE(record->paragraphs.size() == n);
    const std::string term = DocumentBuilder::file_term(file_id(path));
    unsigned k = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      ++k;
      INFO(path << " paragraph " << k);
      CHECK(record->paragraphs[k - 1].text == path + " paragraph " + std::to_string(k) + ".");
      CHECK(record->paragraphs[k - 1].place.page == (k % 2 == 1 ? k : 0));
      for (StoredReader *reader : {&cached, &uncached}) {
        const auto p = reader->paragraph(db, *it);
        REQUIRE(p);
        CHECK(p->number == k);
        CHECK(p->file_id == file_id(path));
        CHECK(p->text == path + " paragraph " + std::to_string(k) + ".");
        CHECK(p->header.has_value() == (k == 1));
      }
    }
  }
}

TEST_CASE("stored: a block out of place is found by its unique term, and a missing one reads as nothing", "[stored]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  DocumentBuilder builder("english");
  // Two files' paragraphs interleaved: `number - first` documents back is the other file's.
  std::vector<Xapian::Document> a, b;
  builder.build_each(make_file("a.txt", 12), [&](Xapian::Document &doc) { a.push_back(doc); });
  builder.build_each(make_file("b.txt", 12), [&](Xapian::Document &doc) { b.push_back(doc); });
  for (std::size_t i = 0; i < a.size(); ++i) {
    db.add_document(a[i]);
    db.add_document(b[i]);
  }
  StoredReader reader;
  for (Xapian::docid did = 1; did <= db.get_doccount(); ++did) {
    const auto p = reader.paragraph(db, did);
    REQUIRE(p);
    const unsigned k = (did + 1) / 2;
    CHECK(p->number == k);
    CHECK(p->text == std::string(did % 2 == 1 ? "a.txt" : "b.txt") + " paragraph " + std::to_string(k) + ".");
  }
  // With the step the interleaving gives, the arithmetic finds the blocks too.
  StoredReader stepped;
  const auto p = stepped.paragraph(db, 2 * 11, 2); // b.txt paragraph 11: its block starts at paragraph 9
  REQUIRE(p);
  CHECK(p->text == "b.txt paragraph 11.");

  // b.txt's second block deleted: its other paragraphs have no text to read.
  db.delete_document(2 * 9);
  CHECK_FALSE(reader.paragraph(db, 2 * 10)); // kept blocks are by docid: a fresh reader
  StoredReader fresh;
  CHECK_FALSE(fresh.paragraph(db, 2 * 10));
  CHECK(fresh.paragraph(db, 2 * 10 - 1));  // a.txt paragraph 10 is still there
  CHECK_FALSE(fresh.paragraph(db, 10000)); // no such document
}

TEST_CASE("stored: a document without a paragraph's values holds no paragraph", "[stored]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  doc.set_data(encode_block({encode_paragraph(1, 7, nullptr, "no header")}));
  db.add_document(doc);
  StoredReader reader;
  CHECK_FALSE(reader.paragraph(db, 1));
  CHECK_FALSE(paragraph_ref(db.get_document(1)));
}
