#include "fuzz/targets.hpp"

#include "parasearch/errors.hpp"
#include "parasearch/extract.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/jsonl.hpp"
#include "parasearch/paragraphs.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/searcher.hpp"
#include "parasearch/text.hpp"
#include "tests/support/zip_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace parasearch::fuzz {
namespace {

void expect(bool ok, const std::string &what) {
  if (!ok) throw std::logic_error("fuzz: broken promise: " + what);
}

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Real excerpts (UN press release, UDHR articles, a hard-wrapped speech), so queries have words to hit.
constexpr const char *kDocuments[][2] = {
    {"press/000_8dde486aecdac76d.txt",
     "Preventive Diplomacy Encompasses More than Conflict, Secretary-General Tells International Meeting\n"
     "Since taking office, I have tried to make prevention a priority and to re-energize the United Nations "
     "preventive diplomacy. Member States have encouraged my efforts.\n"
     "But let us also recognize that prevention encompasses more than conflict. Terrorism, nuclear "
     "proliferation, transnational organized crime, and the illegal trafficking in people, drugs and weapons "
     "are increasingly prevalent parts of this picture.\n"
     "No single country can address transnational threats on its own; only joint efforts at local, national, "
     "regional and international levels will suffice.\n"},
    {"udhr/fr.txt", "Déclaration universelle des droits de l'homme\n\n"
                    "Article premier. Tous les êtres humains naissent libres et égaux en dignité et en droits.\n\n"
                    "Article 2. Chacun peut se prévaloir de tous les droits et de toutes les libertés.\n"},
    {"udhr/zh.txt", "世界人权宣言\n\n第一条 人人生而自由，在尊严和权利上一律平等。\n\n第二条 "
                    "人人有资格享有本宣言所载的一切权利和自由。\n"},
    {"Session 50 - 1995/AFG_50_1995.txt",
     "The General Assembly must strengthen the role of the United Nations in the maintenance of inter-\n"
     "national peace and security. Disarmament, and in particular nuclear disarmament, remains a\n"
     "priority of the international community.\n\n"
     "12\n\n"
     "We call upon all States to accede to the Treaty on the Non-Proliferation of Nuclear Weapons.\n"},
};

// A temporary index holding kDocuments, built on first use and removed when the process exits.
class QueryIndex {
public:
  QueryIndex() {
    std::string dir = (std::filesystem::temp_directory_path() / "parasearch-fuzz-XXXXXX").string();
    if (::mkdtemp(dir.data()) == nullptr) throw std::runtime_error("fuzz: cannot create a temporary folder");
    root_ = dir;
    IndexOptions options;
    options.db = root_ / "db";
    {
      Indexer indexer(options);
      for (const auto &doc : kDocuments)
        indexer.add_text(doc[0], doc[1]);
      indexer.commit();
    }
    searcher_ = std::make_unique<Searcher>(options.db);
  }
  ~QueryIndex() {
    searcher_.reset();
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  QueryIndex(const QueryIndex &) = delete;
  QueryIndex &operator=(const QueryIndex &) = delete;
  Searcher &searcher() { return *searcher_; }

private:
  std::filesystem::path root_;
  std::unique_ptr<Searcher> searcher_;
};

} // namespace

void split_one(std::string_view input) {
  SplitOptions options;
  if (!input.empty()) {
    const auto knob = static_cast<unsigned char>(input.back());
    options.detect_title = (knob & 1) == 0;
    options.max_paragraph_bytes = (knob & 2) ? 64 + (knob >> 2) : 16384; // small caps exercise the cutter
  }
  const DecodedText decoded = decode_text(input);
  expect(is_valid_utf8(decoded.text), "decode_text output is valid UTF-8");
  const SplitDocument doc = split_paragraphs(decoded.text, options);
  expect(is_valid_utf8(doc.title), "the title is valid UTF-8");
  expect(doc.title.find('\n') == std::string::npos && doc.title.find('\r') == std::string::npos,
         "the title is one line");
  expect(options.detect_title || doc.title.empty(), "no title when title detection is off");
  const std::size_t cap = std::max<std::size_t>(options.max_paragraph_bytes, 64);
  unsigned first_line = 0;
  for (std::size_t i = 0; i < doc.paragraphs.size(); ++i) {
    const Paragraph &p = doc.paragraphs[i];
    expect(p.number == i + 1, "paragraphs are numbered 1, 2, 3...");
    expect(!p.text.empty(), "no paragraph is empty");
    expect(p.text.size() <= cap, "no paragraph is over the cap");
    expect(is_valid_utf8(p.text), "every paragraph is valid UTF-8");
    expect(p.text.find('\n') == std::string::npos && p.text.find('\r') == std::string::npos,
           "a paragraph is on one line");
    expect(p.text.front() != ' ' && p.text.back() != ' ', "a paragraph has no space at either end");
    expect(p.text.find("  ") == std::string::npos, "whitespace is collapsed");
    expect(p.first_line >= 1 && p.first_line >= first_line, "first_line is from 1 and never goes back");
    first_line = p.first_line;
  }
}

void utf8_one(std::string_view input) {
  std::size_t replaced = 0;
  const std::string clean = sanitize_utf8(input, &replaced);
  expect(is_valid_utf8(clean), "sanitize_utf8 output is valid UTF-8");
  expect(sanitize_utf8(clean) == clean, "sanitize_utf8 is idempotent");
  if (is_valid_utf8(input))
    expect(clean == input && replaced == 0, "valid UTF-8 passes through unchanged");
  else
    expect(replaced > 0, "invalid input counts its replacements");

  const DecodedText decoded = decode_text(input);
  expect(is_valid_utf8(decoded.text), "decode_text output is valid UTF-8");
  for (const char c : decoded.text) {
    const auto u = static_cast<unsigned char>(c);
    expect(!((u < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || u == 0x7F),
           "decode_text leaves no NUL or control byte");
  }
  if (!decoded.text.starts_with(kBom))
    expect(decode_text(decoded.text).text == decoded.text, "decode_text is idempotent on its output");
  (void)binary_reason(input); // must simply not crash
}

void query_one(std::string_view input) {
  static QueryIndex index; // built once; Searcher reused like a long-running server would
  SearchOptions options;
  options.limit = 5;
  SearchResults results;
  try {
    results = index.searcher().search(input, options);
  } catch (const QueryError &e) {
    expect(!std::string_view(e.what()).empty(), "a QueryError has a message");
    return; // a malformed query is an expected outcome
  }
  expect(results.hits.size() <= options.limit, "no more hits than the limit");
  for (std::size_t i = 0; i < results.hits.size(); ++i) {
    const Hit &h = results.hits[i];
    expect(h.rank == i + 1, "ranks are 1, 2, 3...");
    expect(h.paragraph >= 1, "paragraph numbers start at 1");
    expect(is_valid_utf8(h.snippet) && is_valid_utf8(h.text), "hits are valid UTF-8");
    std::size_t last_end = 0;
    for (const auto &[b, e] : h.highlights) {
      expect(b < e && e <= h.text.size() && b >= last_end, "highlights are ordered ranges inside the text");
      last_end = e;
    }
  }
}

void pathfields_one(std::string_view input) {
  const std::size_t nl = input.find('\n');
  const std::string_view pattern_text = input.substr(0, nl);
  const std::string_view path = nl == std::string_view::npos ? input : input.substr(nl + 1);
  PathPattern pattern;
  try {
    pattern = PathPattern::parse(pattern_text);
  } catch (const UsageError &e) {
    expect(std::string_view(e.what()).find("path-fields") != std::string_view::npos, "the error names the option");
    return; // a bad pattern is an expected outcome
  }
  expect(pattern.text() == pattern_text, "the pattern keeps its text");
  const auto fields = pattern.match(path);
  if (!fields) return;
  expect(fields->size() == pattern.names().size(), "a match captures every field");
  for (std::size_t k = 0; k < fields->size(); ++k) {
    const auto &[name, value] = (*fields)[k];
    expect(name == pattern.names()[k], "fields come in pattern order");
    expect(!value.empty() && value.find('/') == std::string::npos, "a field value is non-empty and has no '/'");
    expect(path.find(value) != std::string_view::npos, "a field value is part of the path");
    (void)is_numeric_field_value(value);
  }
}

void jsonl_one(std::string_view input) {
  std::istringstream in{std::string(input)};
  JsonlReader reader(in, JsonlFields{});
  JsonlRecord record;
  std::string error;
  std::size_t last_line = 0;
  const auto lines = static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n')) + 1;
  for (int n = 0; reader.next(record, error); ++n) {
    expect(reader.line() > last_line && reader.line() <= lines, "line numbers grow and stay in the input");
    last_line = reader.line();
    if (!error.empty()) continue; // a bad line: reported and skipped
    expect(!record.id.empty(), "a record has an id");
    expect(is_valid_utf8(record.id) && is_valid_utf8(record.title) && is_valid_utf8(record.text),
           "a record's fields are valid UTF-8");
    record = {};
  }
}

void html_one(std::string_view input) {
  (void)detect_format(input, "page.html"); // must simply not crash
  const ExtractedDocument doc = extract_document(input, Format::kHtml);
  expect(doc.format == Format::kHtml, "the format is HTML");
  expect(is_valid_utf8(doc.title), "the title is valid UTF-8");
  expect(doc.title.find_first_of("\r\n") == std::string::npos, "the title is one line");
  expect(doc.language.empty() || (doc.language.size() == 2 && std::all_of(doc.language.begin(), doc.language.end(),
                                                                          [](char c) { return c >= 'a' && c <= 'z'; })),
         "the language is empty or two lowercase letters");
  const std::size_t cap = ExtractOptions{}.split.max_paragraph_bytes;
  for (const ExtractedParagraph &p : doc.paragraphs) {
    expect(!p.text.empty(), "no passage is empty");
    expect(p.text.size() <= cap, "no passage is over the cap");
    expect(is_valid_utf8(p.text), "every passage is valid UTF-8");
    expect(p.text.find_first_of("\r\n\t") == std::string::npos, "a passage is on one line");
    expect(p.text.front() != ' ' && p.text.back() != ' ', "a passage has no space at either end");
    expect(p.text.find("  ") == std::string::npos, "whitespace is collapsed");
  }
}

void office_one(std::string_view input) {
  std::string file;
  std::optional<Format> expected;
  if (input.starts_with("PK")) {
    file = input;
  } else if (!input.empty()) {
    const bool odt = (static_cast<unsigned char>(input.front()) & 1) != 0;
    const bool deflate = (static_cast<unsigned char>(input.front()) & 2) != 0;
    std::vector<test::ZipMember> members;
    if (odt) members.push_back({"mimetype", "application/vnd.oasis.opendocument.text", false});
    members.push_back({odt ? "content.xml" : "word/document.xml", std::string(input.substr(1)), deflate});
    file = test::make_zip(members);
    expected = odt ? Format::kOdt : Format::kDocx;
  }
  const std::optional<Format> format = detect_format(file, "fuzz.docx");
  if (expected) expect(format == expected, "a zip with word/document.xml or an ODF mimetype is detected as such");
  if (!format || (*format != Format::kDocx && *format != Format::kOdt)) return;
  ExtractOptions options;
  options.max_unpacked_bytes = std::size_t{64} << 20;
  options.split.max_paragraph_bytes = 1024;
  ExtractedDocument doc;
  try {
    doc = extract_document(file, *format, options);
  } catch (const ExtractError &e) {
    const std::string_view message = e.what();
    expect(!message.empty() && message.find('\n') == std::string_view::npos, "an ExtractError is one line");
    return; // a damaged file, malformed XML or a zip bomb: an expected outcome
  }
  expect(doc.format == *format, "the document has the format it was read as");
  expect(is_valid_utf8(doc.title) && doc.title.find('\n') == std::string::npos, "the title is one line of UTF-8");
  expect(doc.language.empty() ||
             (doc.language.size() == 2 && std::islower(static_cast<unsigned char>(doc.language[0])) &&
              std::islower(static_cast<unsigned char>(doc.language[1]))),
         "the language is empty or two lowercase letters");
  for (const ExtractedParagraph &p : doc.paragraphs) {
    expect(!p.text.empty() && p.text.size() <= 1024, "a passage is not empty and not over the cap");
    expect(is_valid_utf8(p.text), "every passage is valid UTF-8");
    expect(p.text.find('\n') == std::string::npos && p.text.find("  ") == std::string::npos,
           "a passage is one line, whitespace collapsed");
    expect(p.text.front() != ' ' && p.text.back() != ' ', "a passage has no space at either end");
    expect(p.page == 0 && p.line == 0 && p.page_label.empty(), "DOCX/ODT passages have no page or line");
  }
}

} // namespace parasearch::fuzz
