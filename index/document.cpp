#include "index/document.hpp"

#include "common/compounds.hpp"
#include "common/fold.hpp"
#include "common/hash.hpp"
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/stemmer.hpp"

namespace parasearch::detail {

DocumentBuilder::DocumentBuilder(const Xapian::Stem &stem, const Xapian::Stopper *stopper)
    : stem_(stem), stopper_(stopper) {
  generator_.set_stemmer(stem);
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  if (stopper != nullptr) {
    generator_.set_stopper(stopper);
    generator_.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
  }
}

DocumentBuilder::DocumentBuilder(const std::string &language)
    : DocumentBuilder(language == schema::kLanguageAuto ? make_stem("english") : make_stem(language),
                      stopper_for(language == schema::kLanguageAuto ? std::string("english") : language)) {
  auto_ = language == schema::kLanguageAuto;
  if (auto_) {
    current_ = "english";
    rules_.emplace(current_, Rules{stem_, stopper_});
  }
}

std::string DocumentBuilder::language_rules(const std::string &code) {
  std::string name = stemming_language_of(code);
  return name.empty() ? "english" : name;
}

void DocumentBuilder::use_language(const std::string &code) {
  const std::string name = language_rules(code);
  if (name == current_) return;
  auto it = rules_.find(name);
  if (it == rules_.end()) it = rules_.emplace(name, Rules{make_stem(name), stopper_for(name)}).first;
  stem_ = it->second.stem;
  stopper_ = it->second.stopper;
  generator_.set_stemmer(stem_);
  generator_.set_stopper(stopper_); // null: every word is indexed
  current_ = name;
}

std::string DocumentBuilder::uid_term(std::uint64_t id, unsigned number) {
  std::string term(schema::kPrefixUid); // appended, not added: GCC 12 at -O2 warns (-Wrestrict) on a + b + c here
  term += hex64(id);
  term += '#';
  term += std::to_string(number);
  return term;
}

std::string DocumentBuilder::file_term(std::uint64_t id) { return std::string(schema::kPrefixFile) + hex64(id); }

std::string DocumentBuilder::field_term(const std::string &name, const std::string &value) {
  if (value.size() > schema::kMaxFieldValueBytes) return {};
  std::string term = std::string(schema::kPrefixField) + name + ":";
  for (char c : value)
    term += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return term;
}

std::vector<Xapian::Document> DocumentBuilder::build(const FileRecord &record) {
  std::vector<Xapian::Document> docs;
  docs.reserve(record.paragraphs.size());
  build_each(record, [&](Xapian::Document &doc) { docs.push_back(std::move(doc)); });
  return docs;
}

void DocumentBuilder::build_each(const FileRecord &record, const std::function<void(Xapian::Document &)> &sink) {
  const std::uint64_t id = file_id(record.path);
  const std::string id_value = id_bytes(id);
  const std::string fterm = file_term(id);
  const FileHeader header = header_of(record);
  for (std::size_t i = 0; i < record.paragraphs.size(); ++i) {
    const unsigned number = static_cast<unsigned>(i + 1);
    Xapian::Document doc;
    const RecordParagraph &paragraph = record.paragraphs[i];
    doc.set_data(encode_paragraph(number, id, number == 1 ? &header : nullptr, paragraph.text, paragraph.place));
    doc.add_value(schema::kSlotFile, id_value);
    doc.add_value(schema::kSlotParagraph, Xapian::sortable_serialise(number));
    doc.add_boolean_term(uid_term(id, number));
    doc.add_boolean_term(fterm);
    for (std::size_t f = 0; f < record.fields.size(); ++f) {
      const auto &[name, value] = record.fields[f];
      if (const std::string t = field_term(name, value); !t.empty()) doc.add_boolean_term(t);
      if (is_numeric_field_value(value))
        doc.add_value(schema::kSlotFirstField + static_cast<unsigned>(f), Xapian::sortable_serialise(std::stod(value)));
    }
    generator_.set_document(doc);
    if (paragraph.place.page != 0) doc.add_value(schema::kSlotPage, Xapian::sortable_serialise(paragraph.place.page));
    const std::string &language = paragraph.place.language.empty() ? record.language : paragraph.place.language;
    if (!language.empty()) {
      doc.add_boolean_term(std::string(schema::kPrefixLanguage) + language);
      doc.add_value(schema::kSlotLanguage, language);
    }
    if (auto_) use_language(language);
    const std::string text = fold_width(paragraph.text); // "ａｐａｒｔｈｅｉｄ" is the word apartheid
    generator_.index_text(text);
    add_compound_terms(doc, text, stem_, stopper_, &splits_); // "peace-keeping" is also "peacekeeping"
    if (!record.title.empty()) {
      if (auto_) use_language(record.language); // the title is in the file's language
      // wdf 0: title words do not lengthen the paragraph (BM25); they are scored by the title bonus
      // (query/title_boost.cpp). They keep positions, for title:"..." phrases.
      generator_.index_text(fold_width(record.title), 0, std::string(schema::kPrefixTitle));
    }
    sink(doc);
  }
}

} // namespace parasearch::detail
