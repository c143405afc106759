// StemCache: the flat word -> stem table behind SnowballStem, against std::unordered_map on generated words.
#include "common/stem_cache.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

using parasearch::detail::StemCache;

TEST_CASE("stem cache: finds what was inserted, nothing else", "[stemcache]") {
  StemCache cache(100);
  CHECK_FALSE(cache.find("nations"));
  cache.insert("nations", "nation");
  cache.insert("united", "unit");
  REQUIRE(cache.find("nations"));
  CHECK(*cache.find("nations") == "nation");
  CHECK(*cache.find("united") == "unit");
  CHECK_FALSE(cache.find("nation")); // a prefix of a cached word is another word
  CHECK_FALSE(cache.find("nationss"));
  CHECK(cache.size() == 2);
  cache.insert("nations", "other"); // already cached: kept as it was
  CHECK(*cache.find("nations") == "nation");
  CHECK(cache.size() == 2);
}

TEST_CASE("stem cache: empty words and stems, UTF-8, and words too long to cache", "[stemcache]") {
  StemCache cache(100);
  cache.insert("", "");
  REQUIRE(cache.find(""));
  CHECK(cache.find("")->empty());
  cache.insert("développement", "develop");
  CHECK(*cache.find("développement") == "develop");
  cache.insert("和平", "和平");
  CHECK(*cache.find("和平") == "和平");
  const std::string huge(70000, 'a');
  cache.insert(huge, "a");
  CHECK_FALSE(cache.find(huge));
  CHECK(cache.size() == 3);
}

TEST_CASE("stem cache: emptied when full, then fills again", "[stemcache]") {
  StemCache cache(3);
  cache.insert("a", "1");
  cache.insert("b", "2");
  cache.insert("c", "3");
  CHECK(cache.size() == 3);
  cache.insert("d", "4"); // full: emptied first
  CHECK(cache.size() == 1);
  CHECK_FALSE(cache.find("a"));
  CHECK(*cache.find("d") == "4");
}

TEST_CASE("stem cache: agrees with std::unordered_map over 200,000 generated words", "[stemcache]") {
  for (const std::size_t bound : {std::size_t{50}, std::size_t{5000}, std::size_t{1} << 18}) {
    std::mt19937 rng(static_cast<unsigned>(bound));
    std::uniform_int_distribution<int> len(0, 24), letter('a', 'z');
    StemCache cache(bound);
    std::unordered_map<std::string, std::string> model; // emptied when it reaches the bound, as the cache is
    std::vector<std::string> seen;
    for (int i = 0; i < 200000; ++i) {
      std::string word;
      if (!seen.empty() && rng() % 3 != 0) {
        word = seen[rng() % seen.size()]; // a repeat, as in prose
      } else {
        for (int k = len(rng); k > 0; --k)
          word += static_cast<char>(letter(rng));
        seen.push_back(word);
      }
      const auto hit = cache.find(word);
      const auto it = model.find(word);
      REQUIRE(hit.has_value() == (it != model.end()));
      if (hit) {
        REQUIRE(*hit == it->second);
        continue;
      }
      const std::string stem = word.substr(0, word.size() / 2) + std::to_string(word.size());
      if (model.size() >= bound) model.clear();
      model.emplace(word, stem);
      cache.insert(word, stem);
      REQUIRE(cache.size() == model.size());
    }
  }
}
