// Private to parasearch-eval: TREC/BEIR relevance judgments, TREC run files, query sets, and the
// trec_eval measures nDCG@10, MAP, Recall@100 and P@10.
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

/// The four measures for one query or averaged over queries.
struct Measures {
  double ndcg10 = 0;    ///< nDCG@10, linear gain = grade, log2 discount (trec_eval ndcg_cut_10).
  double map = 0;       ///< Average precision over the whole ranking (trec_eval map).
  double recall100 = 0; ///< Fraction of the relevant documents in the top 100 (trec_eval recall_100).
  double p10 = 0;       ///< Relevant documents in the top 10, divided by 10 (trec_eval P_10).
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

} // namespace parasearch::eval
