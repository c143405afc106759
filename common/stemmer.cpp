// libstemmer adapter and the language list.
#include "parasearch/stemmer.hpp"
#include "common/fold.hpp"
#include "common/snowball_stem.hpp"
#include "parasearch/errors.hpp"

#include <libstemmer.h>

#include <algorithm>
#include <map>

namespace parasearch {
namespace detail {

namespace {
constexpr std::size_t kStemCacheEntries = 1 << 18; // ~12 MB at most; UN speeches use ~150k words
} // namespace

SnowballStem::SnowballStem(const std::string &language)
    : stemmer_(sb_stemmer_new(language.c_str(), "UTF_8")), language_(language), cache_(kStemCacheEntries) {
  if (stemmer_ == nullptr) throw UsageError("unknown stemming language '" + language + "'");
}

SnowballStem::~SnowballStem() { sb_stemmer_delete(stemmer_); }

std::string SnowballStem::operator()(const std::string &word) {
  if (const auto hit = cache_.find(word)) return std::string(*hit);
  // Normalised (elision dropped, diacritics folded) before stemming, so that a word typed with or
  // without its accents gives the same stem in every language (folding after stemming would not:
  // French "nationalité" loses its suffix, "nationalite" does not).
  std::string folded = normalise_word(word); // not const: returned (moved) below
  const sb_symbol *out =
      sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol *>(folded.data()), static_cast<int>(folded.size()));
  if (out == nullptr) return folded; // out of memory inside libstemmer: the folded word itself
  std::string stem(reinterpret_cast<const char *>(out), static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
  cache_.insert(word, stem);
  return stem;
}

std::string SnowballStem::get_description() const { return "snowball:" + language_; }

namespace {
/// The "none" language: no stemming, only normalise_word().
class FoldOnly final : public Xapian::StemImplementation {
public:
  std::string operator()(const std::string &word) override { return normalise_word(word); }
  std::string get_description() const override { return "fold"; }
};
} // namespace

Xapian::Stem make_stem(const std::string &language) {
  if (language == "none") return Xapian::Stem(new FoldOnly);
  return Xapian::Stem(new SnowballStem(canonical_language(language)));
}

} // namespace detail

namespace {
/// ISO 639-1 and 639-2 codes of libstemmer's languages -> the name it lists.
const std::map<std::string, std::string> &language_codes() {
  static const std::map<std::string, std::string> codes = {
      {"ar", "arabic"},      {"ara", "arabic"},     {"da", "danish"},      {"dan", "danish"},    {"nl", "dutch"},
      {"nld", "dutch"},      {"dut", "dutch"},      {"en", "english"},     {"eng", "english"},   {"fi", "finnish"},
      {"fin", "finnish"},    {"fr", "french"},      {"fra", "french"},     {"fre", "french"},    {"de", "german"},
      {"deu", "german"},     {"ger", "german"},     {"el", "greek"},       {"ell", "greek"},     {"gre", "greek"},
      {"hi", "hindi"},       {"hin", "hindi"},      {"hu", "hungarian"},   {"hun", "hungarian"}, {"id", "indonesian"},
      {"ind", "indonesian"}, {"ga", "irish"},       {"gle", "irish"},      {"it", "italian"},    {"ita", "italian"},
      {"lt", "lithuanian"},  {"lit", "lithuanian"}, {"ne", "nepali"},      {"nep", "nepali"},    {"no", "norwegian"},
      {"nor", "norwegian"},  {"pt", "portuguese"},  {"por", "portuguese"}, {"ro", "romanian"},   {"ron", "romanian"},
      {"rum", "romanian"},   {"ru", "russian"},     {"rus", "russian"},    {"es", "spanish"},    {"spa", "spanish"},
      {"sv", "swedish"},     {"swe", "swedish"},    {"ta", "tamil"},       {"tam", "tamil"},     {"tr", "turkish"},
      {"tur", "turkish"},    {"ca", "catalan"},     {"cat", "catalan"},    {"eu", "basque"},     {"eus", "basque"},
      {"baq", "basque"},     {"hy", "armenian"},    {"hye", "armenian"},   {"arm", "armenian"},  {"sr", "serbian"},
      {"srp", "serbian"},    {"yi", "yiddish"},     {"yid", "yiddish"}};
  return codes;
}
} // namespace

std::vector<std::string> stemming_languages() {
  std::vector<std::string> out;
  for (const char **l = sb_stemmer_list(); *l != nullptr; ++l)
    out.emplace_back(*l);
  out.emplace_back("none");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string canonical_language(const std::string &name) {
  std::string lower;
  for (char c : name)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "none") return lower;
  // libstemmer accepts ISO codes too ("en", "fra"); map them to the full name it lists.
  sb_stemmer *probe = sb_stemmer_new(lower.c_str(), "UTF_8");
  if (probe == nullptr) throw UsageError("unknown stemming language '" + name + "' (see --list-languages)");
  sb_stemmer_delete(probe);
  if (auto it = language_codes().find(lower); it != language_codes().end()) return it->second;
  return lower;
}

std::string language_code(const std::string &language) {
  if (language.size() == 2) return language_codes().contains(language) ? language : std::string();
  for (const auto &[code, name] : language_codes())
    if (code.size() == 2 && name == language) return code;
  return {};
}

std::string stemming_language_of(const std::string &code) {
  if (code == "zh" || code == "ja" || code == "ko") return "none"; // CJK: n-grams, no stemmer
  const auto it = language_codes().find(code);
  return code.size() == 2 && it != language_codes().end() ? it->second : std::string();
}

std::string stem_word(const std::string &language, const std::string &word) {
  return detail::make_stem(language)(word);
}

} // namespace parasearch
