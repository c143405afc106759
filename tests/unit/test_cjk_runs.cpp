// Unquoted CJK runs (query/cjk_phrases.hpp boost_cjk_runs): what the rewrite does to parsed queries.
#include "common/snowball_stem.hpp"
#include "query/cjk_phrases.hpp"
#include "query/proximity.hpp"

#include <catch2/catch.hpp>

#include <xapian.h>

#include <string>
#include <vector>

using namespace parasearch::detail;

namespace {

/// `text` parsed as the searcher does (FLAG_CJK_NGRAM, `op` between words), then boost_cjk_runs().
Xapian::Query boosted(const std::string &text, Xapian::Query::op op = Xapian::Query::OP_OR) {
  Xapian::QueryParser parser;
  parser.set_stemmer(make_stem("none"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  parser.set_default_op(op);
  const Xapian::Query q =
      parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM);
  return boost_cjk_runs(cjk_phrases(q, text), text);
}

/// The number of nodes of type `op` in `q`.
int count(const Xapian::Query &q, Xapian::Query::op op) {
  int n = q.get_type() == op ? 1 : 0;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    n += count(q.get_subquery(i), op);
  return n;
}

/// The matches of `q` in an in-memory database of `texts` (docids from 1), with the CJK n-grams and
/// positions the indexer gives them (the "none" stemmer, STEM_ALL, as indexer and query parser use).
Xapian::MSet run(const Xapian::Query &q, const std::vector<std::string> &texts) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator gen;
  gen.set_stemmer(make_stem("none"));
  gen.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  gen.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  for (const std::string &t : texts) {
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(t);
    db.add_document(doc);
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  return enquire.get_mset(0, 100);
}

/// The matching passages of `q` (their docids, as a string "1,3") in a database of `texts`.
std::string matches(const Xapian::Query &q, const std::vector<std::string> &texts) {
  std::string out;
  const Xapian::MSet m = run(q, texts);
  for (auto it = m.begin(); it != m.end(); ++it)
    out += (out.empty() ? "" : ",") + std::to_string(*it);
  return out;
}

/// The weight of passage `did` for `q` in a database of `texts` (0 if it does not match).
double weight_of(const Xapian::Query &q, const std::vector<std::string> &texts, Xapian::docid did) {
  const Xapian::MSet m = run(q, texts);
  for (auto it = m.begin(); it != m.end(); ++it)
    if (*it == did) return it.get_weight();
  return 0;
}

} // namespace

TEST_CASE("CJK runs: a query without CJK characters is left exactly as it is", "[cjk][unit]") {
  Xapian::QueryParser parser;
  for (const std::string text : {"preventive diplomacy", "\"human rights\" OR peace", "a AND b NOT c"}) {
    const Xapian::Query q = parser.parse_query(text);
    CHECK(boost_cjk_runs(q, text).serialise() == q.serialise());
  }
  CHECK(!has_cjk("Côte d'Ivoire, Всеобщая, الإنسان"));
  CHECK(has_cjk("UNESCO组织"));
}

TEST_CASE("CJK runs: each unquoted run of 2+ characters gets its phrase as a bonus", "[cjk][unit]") {
  CHECK(count(boosted("人权"), Xapian::Query::OP_AND_MAYBE) == 1);
  CHECK(count(boosted("人权"), Xapian::Query::OP_PHRASE) == 1);
  CHECK(count(boosted("人身安全 奴隶"), Xapian::Query::OP_PHRASE) == 2);                        // two runs
  CHECK(count(boosted("人身安全 奴隶", Xapian::Query::OP_AND), Xapian::Query::OP_PHRASE) == 2); // ANDed together
  CHECK(count(boosted("人身安全 security"), Xapian::Query::OP_PHRASE) == 1);
  // Not rewritten: one character, a quoted run (already a phrase).
  CHECK(count(boosted("人"), Xapian::Query::OP_AND_MAYBE) == 0);
  CHECK(count(boosted("\"人身安全\""), Xapian::Query::OP_AND_MAYBE) == 0);
}

TEST_CASE("CJK runs: the same passages match, those holding the run in sequence score more", "[cjk][unit]") {
  const std::vector<std::string> texts = {"人身和安全", "人人有权享有生命、自由和人身安全。", "安全人身", "和平"};
  Xapian::QueryParser parser;
  parser.set_stemmer(make_stem("none"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  const std::string text = "人身安全";
  const Xapian::Query plain = parser.parse_query(text, Xapian::QueryParser::FLAG_CJK_NGRAM);
  CHECK(matches(boosted(text), texts) == matches(plain, texts));
  CHECK(matches(boosted(text), texts) == "2"); // the AND of characters and bigrams
  // The proximity bonus reads the same words: the phrase's terms stand at the AND's query positions.
  CHECK(free_terms(boosted(text)) == free_terms(plain));
  CHECK(free_terms(boosted("人身安全 和平")) ==
        free_terms(parser.parse_query("人身安全 和平", Xapian::QueryParser::FLAG_CJK_NGRAM)));
  // In sequence, the run's phrase doubles the passage's weight (kCjkRunBoost 1).
  CHECK(weight_of(boosted(text), texts, 2) == Approx(2 * weight_of(plain, texts, 2)));
}
