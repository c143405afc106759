// Snippet quality check for the query benchmark: for each query, takes parasearch's top 10 passages
// and makes two snippets of each *same* paragraph text — parasearch's (Hit::snippet, defaults) and the
// naive baseline's (MSet::snippet of the naive index's MSet for the query, English stemmer, length
// 240, marks **) — then compares the highlighted words. Prints a few side by side and a summary:
//  - paragraphs short enough to be shown whole by both: are the same words highlighted (stop words,
//    which the naive baseline highlights and parasearch does not index, left out)?
//  - longer paragraphs: which fragment holds more distinct query words (around the best match)?
//
// Usage: parasearch-snippet-compare [--show N] NAIVE_DB PARASEARCH_DB QUERIES
#include "bench/query_timing.hpp"

#include "common/stopwords.hpp"
#include "parasearch/searcher.hpp"

#include <xapian.h>

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>

namespace {

/// The words between ** marks in `snippet`, lowercased (ASCII), a marked span split into its words
/// ("self-determination" and "small island" count as two words each, as parasearch marks them), and
/// English stop words left out (parasearch does not index them, so it never highlights them).
std::multiset<std::string> marked_words(const std::string &snippet) {
  static const Xapian::Stopper *stopper = parasearch::detail::stopper_for("english");
  std::multiset<std::string> out;
  for (std::size_t at = 0;;) {
    const std::size_t open = snippet.find("**", at);
    if (open == std::string::npos) break;
    const std::size_t close = snippet.find("**", open + 2);
    if (close == std::string::npos) break;
    std::string w;
    for (std::size_t i = open + 2; i <= close; ++i) {
      const auto c = static_cast<unsigned char>(snippet[i]);
      if (i < close && (std::isalnum(c) || c >= 0x80)) {
        w += static_cast<char>(std::tolower(c));
      } else if (!w.empty()) {
        if (!(*stopper)(w)) out.insert(w);
        w.clear();
      }
    }
    at = close + 2;
  }
  return out;
}

std::set<std::string> distinct(const std::multiset<std::string> &words) { return {words.begin(), words.end()}; }

std::string join(const std::set<std::string> &words) {
  std::string out;
  for (const std::string &w : words)
    out += (out.empty() ? "" : " ") + w;
  return out.empty() ? "-" : out;
}

} // namespace

int main(int argc, char **argv) {
  std::size_t show = 8;
  std::vector<char *> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--show" && i + 1 < argc)
      show = static_cast<std::size_t>(std::strtoul(argv[++i], nullptr, 10));
    else
      rest.push_back(argv[i]);
  }
  if (rest.size() != 4) {
    std::cerr << "usage: parasearch-snippet-compare [--show N] NAIVE_DB PARASEARCH_DB QUERIES\n";
    return 2;
  }
  try {
    const std::vector<std::string> queries = parasearch::bench::read_queries(rest[3]);
    Xapian::Database naive_db(rest[1]);
    const Xapian::Stem stem("english");
    Xapian::QueryParser parser;
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(naive_db);
    Xapian::Enquire enquire(naive_db);
    parasearch::Searcher searcher(rest[2]);

    std::size_t whole = 0, whole_same = 0, cut = 0, ps_more = 0, equal = 0, naive_more = 0;
    std::size_t ps_empty = 0, naive_empty = 0;
    std::map<std::string, std::size_t> only_naive, only_ps; // words highlighted by one side only
    const std::size_t every = show == 0 ? 0 : std::max<std::size_t>(1, queries.size() / show);
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
      const std::string &q = queries[qi];
      enquire.set_query(parser.parse_query(q));
      const Xapian::MSet mset = enquire.get_mset(0, 10);
      const parasearch::SearchResults results = searcher.search(q);
      for (std::size_t h = 0; h < results.hits.size(); ++h) {
        const parasearch::Hit &hit = results.hits[h];
        const std::string naive = mset.snippet(
            hit.text, 240, stem, Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE, "**", "**");
        const std::set<std::string> ps_words = distinct(marked_words(hit.snippet));
        const std::set<std::string> naive_words = distinct(marked_words(naive));
        ps_empty += ps_words.empty();
        naive_empty += naive_words.empty();
        for (const std::string &w : naive_words)
          if (!ps_words.count(w)) ++only_naive[w];
        for (const std::string &w : ps_words)
          if (!naive_words.count(w)) ++only_ps[w];
        if (hit.text.size() <= 240) {
          ++whole;
          whole_same += ps_words == naive_words;
        } else {
          ++cut;
          if (ps_words.size() > naive_words.size())
            ++ps_more;
          else if (ps_words.size() < naive_words.size())
            ++naive_more;
          else
            ++equal;
        }
        if (every != 0 && qi % every == 0 && h == 0 && qi / every < show) {
          std::cout << "=== " << q << "   (" << hit.path << " ¶" << hit.paragraph << ", " << hit.text.size()
                    << " bytes)\n  parasearch: " << hit.snippet << "\n  naive:      " << naive
                    << "\n  highlighted: parasearch {" << join(ps_words) << "}  naive {" << join(naive_words)
                    << "}\n\n";
        }
      }
    }
    auto top = [](const std::map<std::string, std::size_t> &m) {
      std::vector<std::pair<std::size_t, std::string>> v;
      v.reserve(m.size());
      for (const auto &[w, n] : m)
        v.emplace_back(n, w);
      std::sort(v.rbegin(), v.rend());
      std::string out;
      for (std::size_t i = 0; i < v.size() && i < 12; ++i)
        out += (i ? ", " : "") + v[i].second + " " + std::to_string(v[i].first);
      return out.empty() ? std::string("-") : out;
    };
    std::cout << "Summary over " << queries.size() << " queries, parasearch's top 10 passages each (" << whole + cut
              << " snippets of the same texts):\n"
              << "  shown whole (<= 240 bytes): " << whole << "; same words highlighted in " << whole_same << "\n"
              << "  cut to a fragment: " << cut << "; more distinct words highlighted by parasearch in " << ps_more
              << ", as many in " << equal << ", more by naive in " << naive_more << "\n"
              << "  snippets with nothing highlighted: parasearch " << ps_empty << ", naive " << naive_empty << "\n"
              << "  words highlighted only by naive (times): " << top(only_naive) << "\n"
              << "  words highlighted only by parasearch (times): " << top(only_ps) << "\n";
  } catch (const std::exception &e) {
    std::cerr << "parasearch-snippet-compare: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error &e) {
    std::cerr << "parasearch-snippet-compare: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
