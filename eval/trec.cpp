#include "eval/trec.hpp"

#include "parasearch/errors.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace parasearch::eval {
namespace {

std::ifstream open(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read '" + path.string() + "'");
  return in;
}

std::vector<std::string> fields(const std::string &line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string f; in >> f;)
    out.push_back(f);
  return out;
}

[[noreturn]] void bad_line(const std::filesystem::path &path, std::size_t number, const std::string &why) {
  throw UsageError("'" + path.string() + "' line " + std::to_string(number) + ": " + why);
}

bool parse_int(const std::string &s, int &out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool parse_double(const std::string &s, double &out) {
  // std::from_chars for double is available in GCC 11+; strtod keeps this portable.
  char *end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size() && std::isfinite(out);
}

void strip_cr(std::string &line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
}

// Calls `row(line number, fields)` for each non-blank line of a whitespace-separated file.
template <typename Row> void for_each_row(const std::filesystem::path &path, Row row) {
  std::ifstream in = open(path);
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    strip_cr(line);
    const auto f = fields(line);
    if (!f.empty()) row(number, f);
  }
}

} // namespace

Qrels read_qrels(const std::filesystem::path &path) {
  Qrels qrels;
  for_each_row(path, [&](std::size_t number, const std::vector<std::string> &f) {
    int grade = 0;
    if (f.size() == 4 || f.size() == 3) {
      if (!parse_int(f.back(), grade)) {
        if (number == 1) return; // a BEIR header: query-id corpus-id score
        bad_line(path, number, "the grade '" + f.back() + "' is not a whole number");
      }
      qrels[f[0]][f[f.size() - 2]] = grade;
    } else {
      bad_line(path, number, "expected 'qid iter docid grade' or 'qid docid grade'");
    }
  });
  if (qrels.empty()) throw UsageError("'" + path.string() + "' holds no judgments");
  return qrels;
}

Run read_run(const std::filesystem::path &path) {
  Run run;
  for_each_row(path, [&](std::size_t number, const std::vector<std::string> &f) {
    if (f.size() != 6) bad_line(path, number, "expected 'qid Q0 docid rank score tag'");
    RunEntry e;
    e.docid = f[2];
    if (!parse_double(f[4], e.score)) bad_line(path, number, "the score '" + f[4] + "' is not a number");
    run[f[0]].push_back(std::move(e));
  });
  return run;
}

std::vector<Query> read_queries(const std::filesystem::path &path) {
  std::ifstream in = open(path);
  std::vector<Query> out;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    strip_cr(line);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Query q;
    if (line.front() == '{') {
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(line);
        q.id = j.at("_id").is_string() ? j.at("_id").get<std::string>() : j.at("_id").dump();
        q.text = j.at("text").get<std::string>();
      } catch (const nlohmann::json::exception &e) {
        bad_line(path, number, std::string("not a BEIR query object with _id and text (") + e.what() + ")");
      }
    } else {
      const auto tab = line.find('\t');
      if (tab == std::string::npos) bad_line(path, number, "expected 'id<TAB>text' or a JSON object");
      q.id = line.substr(0, tab);
      q.text = line.substr(tab + 1);
    }
    out.push_back(std::move(q));
  }
  return out;
}

void write_run(std::ostream &out, const std::string &qid, const std::vector<RunEntry> &ranking,
               const std::string &tag) {
  std::size_t rank = 0;
  char score[64];
  for (const RunEntry &e : ranking) {
    std::snprintf(score, sizeof score, "%.6f", e.score);
    out << qid << " Q0 " << e.docid << ' ' << ++rank << ' ' << score << ' ' << tag << '\n';
  }
}

Measures score_query(std::vector<RunEntry> ranking, const std::map<std::string, int> &judged) {
  std::stable_sort(ranking.begin(), ranking.end(), [](const RunEntry &a, const RunEntry &b) {
    if (a.score != b.score) return a.score > b.score;
    return a.docid > b.docid; // trec_eval breaks ties by document id, descending
  });
  std::vector<int> ideal;
  for (const auto &[doc, grade] : judged)
    if (grade > 0) ideal.push_back(grade);
  std::sort(ideal.rbegin(), ideal.rend());
  const std::size_t relevant = ideal.size();

  Measures m;
  if (relevant == 0) return m;
  std::set<std::string> seen;
  std::size_t rank = 0, found = 0, found10 = 0, found100 = 0, unjudged10 = 0, condensed_rank = 0;
  double dcg = 0, condensed_dcg = 0, precision_sum = 0;
  for (const RunEntry &e : ranking) {
    if (!seen.insert(e.docid).second) continue;
    ++rank;
    const auto it = judged.find(e.docid);
    if (it == judged.end()) {
      if (rank <= 10) ++unjudged10;
    } else if (++condensed_rank <= 10 && it->second > 0) {
      condensed_dcg += it->second / std::log2(static_cast<double>(condensed_rank) + 1);
    }
    const int grade = it == judged.end() ? 0 : it->second;
    if (grade <= 0) continue;
    ++found;
    precision_sum += static_cast<double>(found) / static_cast<double>(rank);
    if (rank <= 10) {
      dcg += grade / std::log2(static_cast<double>(rank) + 1);
      ++found10;
    }
    if (rank <= 100) ++found100;
  }
  double idcg = 0;
  for (std::size_t i = 0; i < ideal.size() && i < 10; ++i)
    idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
  m.ndcg10 = dcg / idcg;
  m.condensed_ndcg10 = condensed_dcg / idcg;
  m.unjudged10 = rank == 0 ? 0 : static_cast<double>(unjudged10) / static_cast<double>(std::min<std::size_t>(rank, 10));
  m.map = precision_sum / static_cast<double>(relevant);
  m.p10 = static_cast<double>(found10) / 10;
  m.recall100 = static_cast<double>(found100) / static_cast<double>(relevant);
  return m;
}

Evaluation evaluate(const Run &run, const Qrels &qrels) {
  Evaluation ev;
  for (const auto &[qid, judged] : qrels) {
    if (std::none_of(judged.begin(), judged.end(), [](const auto &j) { return j.second > 0; })) continue;
    const auto it = run.find(qid);
    if (it == run.end()) ++ev.missing;
    const Measures m = it == run.end() ? Measures{} : score_query(it->second, judged);
    ev.queries[qid] = m;
  }
  const double n = static_cast<double>(ev.queries.size());
  for (const auto &[qid, m] : ev.queries) {
    ev.mean.ndcg10 += m.ndcg10 / n;
    ev.mean.map += m.map / n;
    ev.mean.recall100 += m.recall100 / n;
    ev.mean.p10 += m.p10 / n;
    ev.mean.unjudged10 += m.unjudged10 / n;
    ev.mean.condensed_ndcg10 += m.condensed_ndcg10 / n;
  }
  return ev;
}

Comparison randomisation_test(const std::map<std::string, double> &a, const std::map<std::string, double> &b,
                              std::size_t flips, unsigned seed) {
  Comparison c;
  std::vector<double> diffs;
  for (const auto &[qid, va] : a) {
    const auto it = b.find(qid);
    if (it == b.end()) continue;
    diffs.push_back(va - it->second);
    c.mean_a += va;
    c.mean_b += it->second;
  }
  c.queries = diffs.size();
  if (diffs.empty() || flips == 0) return c;
  const double n = static_cast<double>(diffs.size());
  c.mean_a /= n;
  c.mean_b /= n;
  double observed = 0;
  for (double d : diffs)
    observed += d;
  observed = std::fabs(observed / n);
  std::mt19937_64 rng(seed);
  std::size_t at_least = 0;
  for (std::size_t f = 0; f < flips; ++f) {
    double sum = 0;
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < diffs.size(); ++i) {
      if (i % 64 == 0) bits = rng(); // one random bit per query
      sum += (bits >> (i % 64) & 1) ? diffs[i] : -diffs[i];
    }
    // A tolerance keeps a flip equal to the observed difference from losing to rounding.
    if (std::fabs(sum / n) >= observed - 1e-12) ++at_least;
  }
  c.p_value = static_cast<double>(at_least) / static_cast<double>(flips);
  return c;
}

} // namespace parasearch::eval
