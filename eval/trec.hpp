// Private to parasearch-eval: TREC/BEIR relevance judgments, TREC run files, query sets, and the
// trec_eval measures nDCG@10, MAP, Recall@100 and P@10, plus the unjudged fraction and condensed nDCG@10
// of the top 10, and a paired randomisation test between two runs.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace parasearch::eval {

/// Judgments: query id -> document id -> grade (> 0 relevant; 0 or negative not relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

/// One retrieved document of a run.
struct RunEntry {
  std::string docid; ///< Document id.
  double score = 0;  ///< Retrieval score; higher is better.
};

/// A run: query id -> retrieved documents (in any order; scoring sorts them as trec_eval does).
using Run = std::map<std::string, std::vector<RunEntry>>;

/// One query of a query set.
struct Query {
  std::string id;   ///< Query id, as used in the judgments.
  std::string text; ///< The query text.
};

/// The measures for one query or averaged over queries.
struct Measures {
  double ndcg10 = 0;           ///< nDCG@10, linear gain = grade, log2 discount (trec_eval ndcg_cut_10).
  double map = 0;              ///< Average precision over the whole ranking (trec_eval map).
  double recall100 = 0;        ///< Fraction of the relevant documents in the top 100 (trec_eval recall_100).
  double p10 = 0;              ///< Relevant documents (grade > 0) in the top 10, divided by 10 (trec_eval P_10).
  double unjudged10 = 0;       ///< Fraction of the (at most 10) top hits that have no judgment; 0 if none.
  double condensed_ndcg10 = 0; ///< nDCG@10 of the ranking with its unjudged hits removed (Sakai's condensed list).
};

/// The outcome of a paired randomisation test on one measure of two runs.
struct Comparison {
  std::size_t queries = 0; ///< Queries compared (those both evaluations scored).
  double mean_a = 0;       ///< Mean of run A over them.
  double mean_b = 0;       ///< Mean of run B over them.
  double p_value = 1;      ///< Two-sided: share of sign flips whose |mean difference| reaches the observed one.
};

/// The result of scoring a run.
struct Evaluation {
  Measures mean;                           ///< Averages over the evaluated queries.
  std::map<std::string, Measures> queries; ///< Per query id.
  std::size_t missing = 0;                 ///< Judged queries absent from the run (counted as all zeros).
};

/// Reads judgments: TREC qrels (`qid iter docid grade`), BEIR TSV (`query-id corpus-id score`, header
/// optional) or three whitespace-separated columns. Throws UsageError naming the file and line.
Qrels read_qrels(const std::filesystem::path &path);

/// Reads a TREC run (`qid Q0 docid rank score tag`). Throws UsageError naming the file and line.
Run read_run(const std::filesystem::path &path);

/// Reads queries: BEIR JSON Lines (`_id`, `text`) or TSV (`id<TAB>text`). Throws UsageError on bad lines.
std::vector<Query> read_queries(const std::filesystem::path &path);

/// Writes one query's ranking as TREC run lines, ranks from 1 in the given order.
void write_run(std::ostream &out, const std::string &qid, const std::vector<RunEntry> &ranking, const std::string &tag);

/// Scores one query's ranking against its judgments, sorting it by score, ties by docid descending
/// (trec_eval's order); a document listed twice counts once, at its first place.
Measures score_query(std::vector<RunEntry> ranking, const std::map<std::string, int> &judged);

/// Scores a run: averages over the judged queries that have at least one relevant document; a judged
/// query missing from the run scores 0 on every measure (trec_eval -c).
Evaluation evaluate(const Run &run, const Qrels &qrels);

/// Paired randomisation (permutation) test of per-query values `a` and `b` (same query ids): `flips`
/// random sign flips of the per-query differences, seeded by `seed`; queries in only one map are ignored.
Comparison randomisation_test(const std::map<std::string, double> &a, const std::map<std::string, double> &b,
                              std::size_t flips, unsigned seed);

} // namespace parasearch::eval
