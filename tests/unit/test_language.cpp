// Language identification (CLD2, formats/language.cpp), ISO codes of the stemming languages, and the
// Snowball stop-word lists embedded from data/stopwords/.
#include "common/stopwords.hpp"
#include "parasearch/extract.hpp"
#include "parasearch/language.hpp"
#include "parasearch/stemmer.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace parasearch;

namespace {

// Article 26 of the UDHR (education) in three languages: each well over kMinDetectBytes.
const std::string kEnglish =
    "Everyone has the right to education. Education shall be free, at least in the elementary and fundamental "
    "stages. Elementary education shall be compulsory. Technical and professional education shall be made "
    "generally available.";
const std::string kFrench =
    "Toute personne a droit \xC3\xA0 l'\xC3\xA9"
    "ducation. L'\xC3\xA9"
    "ducation doit \xC3\xAAtre gratuite, au "
    "moins en ce qui concerne l'enseignement \xC3\xA9l\xC3\xA9mentaire et fondamental. L'enseignement "
    "\xC3\xA9l\xC3\xA9mentaire est obligatoire. L'enseignement technique et professionnel doit \xC3\xAAtre "
    "g\xC3\xA9n\xC3\xA9ralis\xC3\xA9.";
const std::string kRussian =
    "\xD0\x9A\xD0\xB0\xD0\xB6\xD0\xB4\xD1\x8B\xD0\xB9 \xD1\x87\xD0\xB5\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xB5\xD0\xBA "
    "\xD0\xB8\xD0\xBC\xD0\xB5\xD0\xB5\xD1\x82 \xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD0\xBE \xD0\xBD\xD0\xB0 "
    "\xD0\xBE\xD0\xB1\xD1\x80\xD0\xB0\xD0\xB7\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB8\xD0\xB5. "
    "\xD0\x9E\xD0\xB1\xD1\x80\xD0\xB0\xD0\xB7\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB8\xD0\xB5 "
    "\xD0\xB4\xD0\xBE\xD0\xBB\xD0\xB6\xD0\xBD\xD0\xBE \xD0\xB1\xD1\x8B\xD1\x82\xD1\x8C "
    "\xD0\xB1\xD0\xB5\xD1\x81\xD0\xBF\xD0\xBB\xD0\xB0\xD1\x82\xD0\xBD\xD1\x8B\xD0\xBC \xD0\xBF\xD0\xBE "
    "\xD0\xBC\xD0\xB5\xD0\xBD\xD1\x8C\xD1\x88\xD0\xB5\xD0\xB9 \xD0\xBC\xD0\xB5\xD1\x80\xD0\xB5 \xD0\xB2 "
    "\xD1\x82\xD0\xBE\xD0\xBC, \xD1\x87\xD1\x82\xD0\xBE "
    "\xD0\xBA\xD0\xB0\xD1\x81\xD0\xB0\xD0\xB5\xD1\x82\xD1\x81\xD1\x8F "
    "\xD0\xBD\xD0\xB0\xD1\x87\xD0\xB0\xD0\xBB\xD1\x8C\xD0\xBD\xD0\xBE\xD0\xB3\xD0\xBE \xD0\xB8 "
    "\xD0\xBE\xD0\xB1\xD1\x89\xD0\xB5\xD0\xB3\xD0\xBE "
    "\xD0\xBE\xD0\xB1\xD1\x80\xD0\xB0\xD0\xB7\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x8F.";

ExtractedParagraph paragraph(std::string text) {
  ExtractedParagraph p;
  p.text = std::move(text);
  return p;
}

} // namespace

TEST_CASE("language: reliable detection of long text in several languages", "[language]") {
  REQUIRE(kEnglish.size() >= kMinDetectBytes);
  REQUIRE(kRussian.size() >= kMinDetectBytes);
  CHECK(detect_language(kEnglish) == "en");
  CHECK(detect_language(kFrench) == "fr");
  CHECK(detect_language(kRussian) == "ru");
  CHECK(detect_language(kFrench + " " + kFrench) == "fr");
}

TEST_CASE("language: short or unidentifiable text has no language", "[language]") {
  CHECK(detect_language("").empty());
  CHECK(detect_language("Toute personne a droit \xC3\xA0 l'\xC3\xA9"
                        "ducation.")
            .empty()); // under 150 bytes
  CHECK(detect_language(kEnglish.substr(0, kMinDetectBytes - 1)).empty());
  CHECK(detect_language(std::string(400, '7') + " 12 345 678 ...").empty());
}

TEST_CASE("language: declared tags are normalised to ISO 639-1 codes parasearch has rules for", "[language]") {
  CHECK(normalise_language_tag("fr-CA") == "fr");
  CHECK(normalise_language_tag("pt_BR") == "pt");
  CHECK(normalise_language_tag("EN") == "en");
  CHECK(normalise_language_tag("fra") == "fr");
  CHECK(normalise_language_tag("zh-Hant") == "zh");
  CHECK(normalise_language_tag("ja") == "ja");
  CHECK(normalise_language_tag("nb") == "no");
  CHECK(normalise_language_tag("xx").empty());
  CHECK(normalise_language_tag("").empty());
}

TEST_CASE("language: a document's language, and a paragraph's only where it clearly differs", "[language]") {
  SECTION("detected on the document's text; a long paragraph in another language gets its own") {
    ExtractedDocument doc;
    doc.paragraphs = {paragraph(kEnglish), paragraph(kEnglish), paragraph(kEnglish),
                      paragraph(kEnglish), paragraph(kRussian), paragraph("Merci.")};
    assign_languages(doc);
    CHECK(doc.language == "en");
    CHECK(doc.paragraphs[0].language.empty()); // the document's language: not repeated
    CHECK(doc.paragraphs[4].language == "ru");
    CHECK(doc.paragraphs[5].language.empty()); // too short to tell: the document's
  }
  SECTION("a declared language is kept, and short text falls back to it") {
    ExtractedDocument doc;
    doc.language = "fr-FR";
    doc.paragraphs = {paragraph("Article premier."), paragraph(kFrench)};
    assign_languages(doc);
    CHECK(doc.language == "fr");
    CHECK(doc.paragraphs[0].language.empty());
    CHECK(doc.paragraphs[1].language.empty());
  }
  SECTION("a short document has no language") {
    ExtractedDocument doc;
    doc.paragraphs = {paragraph("Droits de l'homme")};
    assign_languages(doc);
    CHECK(doc.language.empty());
  }
}

TEST_CASE("language: ISO codes of stemming languages and the rules of each code", "[language][stemmer]") {
  CHECK(language_code("french") == "fr");
  CHECK(language_code("english") == "en");
  CHECK(language_code("fr") == "fr");
  CHECK(language_code("none").empty());
  CHECK(stemming_language_of("fr") == "french");
  CHECK(stemming_language_of("ar") == "arabic");
  CHECK(stemming_language_of("zh") == "none");
  CHECK(stemming_language_of("ja") == "none");
  CHECK(stemming_language_of("he").empty());
}

TEST_CASE("stop words: Snowball's lists, embedded from data/stopwords", "[language][stopwords]") {
  CHECK(detail::parse_stop_list(" | comment\nau   | a + le\n\nmoi  toi | two\n") ==
        std::vector<std::string>{"au", "moi", "toi"});
  CHECK(detail::embedded_stop_lists().size() >= 14);
  for (const auto &list : detail::embedded_stop_lists()) {
    INFO(list.language);
    CHECK(detail::parse_stop_list(list.text).size() >= 30);
    CHECK(detail::stopper_for(std::string(list.language)) != nullptr);
  }
  const Xapian::Stopper *fr = detail::stopper_for("french");
  REQUIRE(fr != nullptr);
  CHECK((*fr)("les"));
  CHECK((*fr)("\xC3\xA9taient")); // étaient (a form of être), with its accents as the text has them
  CHECK_FALSE((*fr)("droit"));
  const Xapian::Stopper *en = detail::stopper_for("english");
  REQUIRE(en != nullptr);
  CHECK((*en)("the"));
  CHECK_FALSE((*en)("us")); // English keeps parasearch's own list, not Snowball's
  CHECK(detail::stopper_for("arabic") == nullptr);
}
