// Language identification: CLD2 on UTF-8 text, restricted to the languages parasearch has rules for.
#include "parasearch/language.hpp"

#include "parasearch/errors.hpp"
#include "parasearch/stemmer.hpp"

#include <cld2/public/compact_lang_det.h>
#include <cstdio> // before CLD2's headers, which use it without including it

#include <algorithm>
#include <cctype>
#include <climits>
#include <map>
#include <vector>

namespace parasearch {
namespace {

/// Share (percent) of its text a paragraph's detected language must hold to count as its own.
constexpr int kMinParagraphPercent = 80;
/// A paragraph's language is detected on its first this many bytes: enough for CLD2 to be sure, and
/// it bounds the cost (CLD2 reads ~4 MB/s here; a UN speech paragraph averages ~550 bytes).
constexpr std::size_t kParagraphSampleBytes = 320;

/// The first `max` bytes of UTF-8 `text`, cut before a continuation byte.
std::string_view prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  while (max > 0 && (static_cast<unsigned char>(text[max]) & 0xC0) == 0x80)
    --max;
  return text.substr(0, max);
}

/// What CLD2 says about `text`: its top language's ISO 639-1 code (CLD2's "zh-Hant" is "zh"), that
/// language's share of the text, and whether CLD2 calls it reliable.
struct Detection {
  std::string code;
  int percent = 0;
  bool reliable = false;
};

Detection cld2(std::string_view text) {
  CLD2::Language top3[3];
  int percent3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  const int length = static_cast<int>(std::min<std::size_t>(text.size(), INT_MAX));
  CLD2::ExtDetectLanguageSummary(text.data(), length, true, top3, percent3, &text_bytes, &reliable);
  // The language holding most of the text: CLD2's own answer prefers any other language to English
  // that holds a fair share (English in a Russian page is often boilerplate); in a document that is
  // mostly English with a Russian quotation that would make the whole document Russian.
  Detection d;
  if (top3[0] == CLD2::UNKNOWN_LANGUAGE) return d;
  d.code = normalise_language_tag(CLD2::LanguageCode(top3[0]));
  d.percent = percent3[0];
  d.reliable = reliable;
  return d;
}

/// The first paragraphs of `doc`, joined by newlines, up to about kDocumentSampleBytes.
std::string sample_of(const ExtractedDocument &doc) {
  std::string sample;
  for (const ExtractedParagraph &p : doc.paragraphs) {
    if (sample.size() >= kDocumentSampleBytes) break;
    sample += p.text;
    sample += '\n';
  }
  return sample;
}

} // namespace

std::string normalise_language_tag(std::string_view tag) {
  std::string code;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (code == "iw") code = "he"; // CLD2 keeps some withdrawn codes
  if (code == "nb" || code == "nn") code = "no";
  if (code.size() == 3) { // ISO 639-2 ("fra"): the two-letter code of the same language
    if (code == "zho" || code == "chi") return "zh";
    if (code == "jpn") return "ja";
    if (code == "kor") return "ko";
    try {
      return language_code(canonical_language(code));
    } catch (const UsageError &) {
      return {};
    }
  }
  return stemming_language_of(code).empty() ? std::string() : code;
}

std::string detect_language(std::string_view text) {
  if (text.size() < kMinDetectBytes) return {};
  const Detection d = cld2(text);
  return d.reliable ? d.code : std::string();
}

void assign_languages(ExtractedDocument &doc) {
  // Each long paragraph is detected once; the document's language is the one most of those bytes are
  // in, so that most text goes through CLD2 once, not twice. Only where long paragraphs are too few
  // (short lines, a short document) is it detected on a sample of the whole text.
  std::vector<Detection> found(doc.paragraphs.size());
  std::map<std::string, std::size_t> bytes_in; // reliably detected bytes per language
  std::size_t total = 0, detected = 0;
  for (std::size_t i = 0; i < doc.paragraphs.size(); ++i) {
    const ExtractedParagraph &p = doc.paragraphs[i];
    total += p.text.size();
    if (!p.language.empty() || p.text.size() < kMinParagraphDetectBytes) continue;
    found[i] = cld2(prefix(p.text, kParagraphSampleBytes));
    if (found[i].reliable && !found[i].code.empty()) {
      bytes_in[found[i].code] += p.text.size();
      detected += p.text.size();
    }
  }
  if (!doc.language.empty()) {
    doc.language = normalise_language_tag(doc.language);
  } else if (detected > 0 && detected >= std::min(kDocumentSampleBytes, total / 2)) {
    doc.language = std::max_element(bytes_in.begin(), bytes_in.end(), [](const auto &a, const auto &b) {
                     return a.second < b.second;
                   })->first;
  } else {
    doc.language = detect_language(sample_of(doc));
  }
  for (std::size_t i = 0; i < doc.paragraphs.size(); ++i) {
    ExtractedParagraph &p = doc.paragraphs[i];
    if (!p.language.empty()) // declared by the reader
      p.language = normalise_language_tag(p.language);
    else if (found[i].reliable && found[i].percent >= kMinParagraphPercent)
      p.language = found[i].code;
    if (p.language == doc.language) p.language.clear(); // only where it differs
  }
}

} // namespace parasearch
