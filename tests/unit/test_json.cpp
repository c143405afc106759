// parasearch/json.hpp: the one JSON encoding of hits and result pages.
#include "parasearch/json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace {

using parasearch::Hit;
using parasearch::SearchOptions;
using parasearch::SearchResults;

Hit sample_hit() {
  Hit h;
  h.rank = 3;
  h.score = 1.5;
  h.path = "fr/décl.txt";
  h.paragraph = 7;
  h.title = "Déclaration";
  h.text = "Égalité des droits"; // highlight "droits": bytes 14..20, characters 12..18
  h.snippet = "Égalité des **droits**";
  h.highlights = {{14, 20}};
  h.fields = {{"year", "1948"}, {"country", "FRA"}, {"text", "not the text"}};
  return h;
}

} // namespace

TEST_CASE("hit_json gives character offsets, numeric fields as numbers, and never lets a field hide a key", "[json]") {
  const auto j = nlohmann::json::parse(parasearch::hit_json(sample_hit(), SearchOptions{}));
  CHECK(j["rank"] == 3);
  CHECK(j["path"] == "fr/décl.txt");
  CHECK(j["paragraph"] == 7);
  CHECK(j["highlights"] == nlohmann::json::array({nlohmann::json::array({12, 18})}));
  CHECK(j["year"] == 1948);
  CHECK(j["country"] == "FRA");
  CHECK(j["text"] == "Égalité des droits");
  CHECK_FALSE(j.contains("page"));
  CHECK_FALSE(j.contains("others"));
  CHECK_FALSE(j.contains("before"));
}

TEST_CASE("hit_json adds page, others and context only when there are some or they were asked for", "[json]") {
  Hit h = sample_hit();
  h.page = 4;
  h.page_label = "iv";
  h.before = {{6, "before"}};
  SearchOptions options;
  options.per_doc = true;
  options.context = 1;
  const auto j = nlohmann::json::parse(parasearch::hit_json(h, options));
  CHECK(j["page"] == 4);
  CHECK(j["page_label"] == "iv");
  CHECK(j["others"] == 0);
  CHECK(j["before"] == nlohmann::json::parse(R"([{"paragraph":6,"text":"before"}])"));
  CHECK(j["after"] == nlohmann::json::array());
}

TEST_CASE("results_json is one object with the total, the hits in order and a suggestion if any", "[json]") {
  SearchResults r;
  r.estimated_total = 42;
  r.hits = {sample_hit(), sample_hit()};
  r.hits[1].rank = 4;
  r.hits[1].text = std::string("bad \xFF byte");
  r.hits[1].highlights.clear();
  const std::string line = parasearch::results_json(r, SearchOptions{});
  CHECK(line.find('\n') == std::string::npos);
  const auto j = nlohmann::json::parse(line);
  CHECK(j["total"] == 42);
  REQUIRE(j["hits"].size() == 2);
  CHECK(j["hits"][1]["rank"] == 4);
  CHECK(j["hits"][1]["text"] == "bad \xEF\xBF\xBD byte"); // U+FFFD
  CHECK_FALSE(j.contains("suggestion"));
  r.suggestion = "human rights";
  CHECK(nlohmann::json::parse(parasearch::results_json(r, SearchOptions{}))["suggestion"] == "human rights");
}

TEST_CASE("char_offset counts code points up to a byte offset", "[json]") {
  CHECK(parasearch::char_offset("abc", 2) == 2);
  CHECK(parasearch::char_offset("日本語", 3) == 1);
  CHECK(parasearch::char_offset("日本語", 99) == 3);
  CHECK(parasearch::char_offset("", 5) == 0);
}
