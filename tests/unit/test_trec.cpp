// parasearch-eval's measures and file formats, checked against values computed by hand with
// trec_eval's definitions.
#include "eval/trec.hpp"
#include "parasearch/errors.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

using namespace parasearch::eval;
using Catch::Detail::Approx;

namespace {
// Judged: d1 grade 2, d2 and d4 grade 1, d3 judged not relevant. Ranked: d3, d1, d5, d2.
const std::map<std::string, int> kJudged = {{"d1", 2}, {"d2", 1}, {"d3", 0}, {"d4", 1}};
const std::vector<RunEntry> kRanking = {{"d3", 0.9}, {"d1", 0.8}, {"d5", 0.7}, {"d2", 0.6}};
} // namespace

TEST_CASE("eval: the four measures of one graded query match a hand computation", "[eval][unit]") {
  const Measures m = score_query(kRanking, kJudged);
  // DCG = 2/log2(3) + 1/log2(5); ideal DCG = 2/log2(2) + 1/log2(3) + 1/log2(4).
  const double dcg = 2 / std::log2(3.0) + 1 / std::log2(5.0);
  const double idcg = 2 + 1 / std::log2(3.0) + 0.5;
  CHECK(m.ndcg10 == Approx(dcg / idcg));
  CHECK(m.ndcg10 == Approx(0.540587).epsilon(1e-5));
  CHECK(m.map == Approx((1.0 / 2 + 2.0 / 4) / 3)); // precision at each relevant hit, over 3 relevant
  CHECK(m.p10 == Approx(0.2));
  CHECK(m.recall100 == Approx(2.0 / 3));
}

TEST_CASE("eval: ranking order comes from scores, ties broken by docid descending", "[eval][unit]") {
  // Given in rank order a, b, but with equal scores trec_eval puts "b" first.
  const Measures m = score_query({{"a", 1.0}, {"b", 1.0}}, {{"a", 1}});
  CHECK(m.map == Approx(0.5));
  CHECK(m.ndcg10 == Approx(1 / std::log2(3.0)));
  // Scores decide even when lines are out of order.
  CHECK(score_query({{"x", 0.1}, {"a", 5.0}}, {{"a", 1}}).map == Approx(1.0));
}

TEST_CASE("eval: cut-offs at 10 and 100, duplicates and negative grades", "[eval][unit]") {
  std::vector<RunEntry> ranking;
  ranking.reserve(150);
  for (int i = 0; i < 150; ++i)
    ranking.push_back({"n" + std::to_string(1000 + i), 1000.0 - i});
  ranking[10].docid = "r1";       // rank 11: outside P@10 and nDCG@10, inside R@100
  ranking[120].docid = "r2";      // rank 121: only MAP sees it
  ranking.push_back({"r1", 0.0}); // a later duplicate is ignored
  const Measures m = score_query(ranking, {{"r1", 3}, {"r2", 1}, {"n1000", -1}});
  CHECK(m.p10 == 0);
  CHECK(m.ndcg10 == 0);
  CHECK(m.recall100 == Approx(0.5));
  CHECK(m.map == Approx((1.0 / 11 + 2.0 / 121) / 2));
}

TEST_CASE("eval: averages over judged queries, a missing query counting as zero", "[eval][unit]") {
  Run run;
  run["q1"] = kRanking;
  run["q9"] = {{"d1", 1.0}}; // not judged: ignored
  Qrels qrels;
  qrels["q1"] = kJudged;
  qrels["q2"] = {{"d7", 1}}; // judged but absent from the run
  qrels["q3"] = {{"d1", 0}}; // no relevant document: not evaluated
  const Evaluation ev = evaluate(run, qrels);
  CHECK(ev.queries.size() == 2);
  CHECK(ev.missing == 1);
  CHECK(ev.mean.map == Approx(1.0 / 3 / 2));
  CHECK(ev.mean.recall100 == Approx(2.0 / 3 / 2));
}

TEST_CASE("eval: reads TREC and BEIR judgments, runs and query sets", "[eval][unit]") {
  parasearch::test::TempDir dir;
  parasearch::test::write_file(dir / "trec.qrels", "1 0 184 3\n1 0 29 0\n2 0 12 4\r\n");
  parasearch::test::write_file(dir / "beir.tsv", "query-id\tcorpus-id\tscore\n7\t31715818\t1\n");
  parasearch::test::write_file(dir / "run.txt", "1 Q0 184 1 12.5 tag\n1 Q0 29 2 3 tag\n");
  parasearch::test::write_file(dir / "q.jsonl", "{\"_id\": \"7\", \"text\": \"a claim\", \"metadata\": {}}\n");
  parasearch::test::write_file(dir / "q.tsv", "1\twhat similarity laws\n");
  const Qrels trec = read_qrels(dir / "trec.qrels");
  CHECK(trec.at("1").at("184") == 3);
  CHECK(trec.at("2").at("12") == 4);
  CHECK(read_qrels(dir / "beir.tsv").at("7").at("31715818") == 1);
  const Run run = read_run(dir / "run.txt");
  REQUIRE(run.at("1").size() == 2);
  CHECK(run.at("1")[0].docid == "184");
  CHECK(run.at("1")[0].score == 12.5);
  const auto jq = read_queries(dir / "q.jsonl");
  REQUIRE(jq.size() == 1);
  CHECK(jq[0].id == "7");
  CHECK(jq[0].text == "a claim");
  CHECK(read_queries(dir / "q.tsv").at(0).text == "what similarity laws");

  std::ostringstream out;
  write_run(out, "1", {{"184", 12.5}, {"29", 3}}, "x");
  CHECK(out.str() == "1 Q0 184 1 12.500000 x\n1 Q0 29 2 3.000000 x\n");
}

TEST_CASE("eval: malformed files are refused naming the file and line", "[eval][unit]") {
  parasearch::test::TempDir dir;
  parasearch::test::write_file(dir / "bad.qrels", "1 0 184 3\n1 0 29 high\n");
  parasearch::test::write_file(dir / "bad.run", "1 Q0 184 1 12.5\n");
  CHECK_THROWS_WITH(read_qrels(dir / "bad.qrels"), Catch::Contains("bad.qrels' line 2"));
  CHECK_THROWS_WITH(read_run(dir / "bad.run"), Catch::Contains("line 1"));
  CHECK_THROWS_AS(read_queries(dir / "missing.tsv"), parasearch::UsageError);
}

TEST_CASE("eval: unjudged@10 and condensed nDCG@10 drop the hits with no judgment", "[eval][unit]") {
  // Ranked: d3 (judged 0), d1 (2), d5 (unjudged), d2 (1): one of four top hits is unjudged.
  const Measures m = score_query(kRanking, kJudged);
  CHECK(m.unjudged10 == Approx(0.25));
  // Condensed list d3, d1, d2: DCG = 2/log2(3) + 1/log2(4), same ideal as nDCG@10.
  const double idcg = 2 + 1 / std::log2(3.0) + 0.5;
  CHECK(m.condensed_ndcg10 == Approx((2 / std::log2(3.0) + 0.5) / idcg));
  CHECK(m.condensed_ndcg10 > m.ndcg10);
  // Only the top 10 count: an unjudged 11th hit changes nothing, and an all-judged top 10 has none.
  std::vector<RunEntry> ranked;
  ranked.reserve(10);
  for (int i = 0; i < 10; ++i)
    ranked.push_back({"d1", 10.0 - i});
  ranked[0] = {"d1", 20};
  std::map<std::string, int> judged = {{"d1", 1}};
  for (int i = 1; i < 10; ++i) {
    ranked[static_cast<std::size_t>(i)] = {"j" + std::to_string(i), 10.0 - i};
    judged["j" + std::to_string(i)] = 0;
  }
  ranked.push_back({"unjudged", 0.5});
  const Measures full = score_query(ranked, judged);
  CHECK(full.unjudged10 == 0);
  CHECK(full.condensed_ndcg10 == Approx(1.0));
  // A ranking of unjudged hits only scores 0 both ways, with unjudged@10 = 1.
  const Measures none = score_query({{"x", 2}, {"y", 1}}, {{"a", 2}});
  CHECK(none.unjudged10 == 1);
  CHECK(none.condensed_ndcg10 == 0);
}

TEST_CASE("eval: the paired randomisation test matches the exact permutation p-value", "[eval][unit]") {
  // Three queries where B beats A by the same amount: only the all-plus and all-minus flips reach the
  // observed mean difference, so the exact two-sided p is 2/8.
  const std::map<std::string, double> a = {{"q1", 0.2}, {"q2", 0.3}, {"q3", 0.1}, {"only-a", 0.9}};
  const std::map<std::string, double> b = {{"q1", 0.5}, {"q2", 0.6}, {"q3", 0.4}};
  const Comparison c = randomisation_test(a, b, 20000, 7);
  CHECK(c.queries == 3);
  CHECK(c.mean_a == Approx(0.2));
  CHECK(c.mean_b == Approx(0.5));
  CHECK(c.p_value == Approx(0.25).margin(0.015));
  // Ten such queries: p = 2/1024.
  std::map<std::string, double> a10, b10;
  for (int i = 0; i < 10; ++i) {
    a10["q" + std::to_string(i)] = 0;
    b10["q" + std::to_string(i)] = 1;
  }
  CHECK(randomisation_test(a10, b10, 100000, 3).p_value == Approx(2.0 / 1024).margin(0.0008));
  // Identical runs: every flip ties the observed difference of 0.
  CHECK(randomisation_test(a, a, 1000, 1).p_value == 1);
  // The same seed gives the same answer.
  CHECK(randomisation_test(a, b, 20000, 7).p_value == c.p_value);
}
