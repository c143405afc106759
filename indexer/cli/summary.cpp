#include "indexer/cli/summary.hpp"

#include "common/units.hpp"

#include "common/cli.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/extract.hpp"
#include "parasearch/language.hpp"
#include "parasearch/text.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>

namespace parasearch::cli {

void print_summary_json(std::ostream &out, const IndexSummary &summary, const std::filesystem::path &db,
                        const std::string &language, const std::string &path_fields) {
  out << summary_json(summary, db, language, path_fields) << "\n";
}

void print_summary_text(std::ostream &out, const IndexSummary &summary, const std::filesystem::path &db,
                        const std::string &language) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", summary.seconds);
  out << count(summary.files, "file") << " in " << seconds << " s: " << summary.added << " added, " << summary.updated
      << " updated, " << summary.unchanged << " unchanged, " << summary.empty << " empty, " << summary.skipped
      << " skipped, " << summary.failed << " failed; " << summary.removed << " removed.\n";
  if (summary.indexed() > 0)
    out << "Indexed " << count(summary.paragraphs, "paragraph") << " ("
        << detail::human_bytes(static_cast<double>(summary.bytes)) << " of text).\n";
  if (summary.ignored > 0)
    out << "Ignored " << count(summary.ignored, "file") << " with other extensions (see --ext).\n";
  if (summary.buckets_updated + summary.buckets_rebuilt > 0) {
    char writing[32];
    std::snprintf(writing, sizeof writing, "%.2f", summary.write_seconds);
    out << "Wrote " << count(summary.buckets_updated, "bucket") << " in place, rebuilt " << summary.buckets_rebuilt
        << " (" << writing << " s).\n";
  }
  out << "Index '" << printable(db.string()) << "' (" << language << ") now holds "
      << count(summary.total_paragraphs, "paragraph") << ".\n";
}

namespace {

// The --show-split --json object of `doc`: empty strings and zero numbers are left out.
nlohmann::ordered_json split_json(const ExtractedDocument &doc) {
  nlohmann::ordered_json j = {{"format", format_name(doc.format)}};
  if (doc.format == Format::kText) {
    if (!doc.encoding.empty()) j["encoding"] = doc.encoding;
    j["layout"] = layout_name(doc.layout);
  }
  if (!doc.title.empty()) j["title"] = doc.title;
  if (!doc.language.empty()) j["language"] = doc.language;
  nlohmann::ordered_json paragraphs = nlohmann::ordered_json::array();
  std::size_t number = 0;
  for (const ExtractedParagraph &p : doc.paragraphs) {
    nlohmann::ordered_json jp = {{"number", ++number}, {"text", p.text}};
    if (p.page != 0) jp["page"] = p.page;
    if (!p.page_label.empty()) jp["page_label"] = p.page_label;
    if (!p.language.empty()) jp["language"] = p.language;
    if (p.line != 0) jp["line"] = p.line;
    paragraphs.push_back(std::move(jp));
  }
  j["paragraphs"] = std::move(paragraphs);
  return j;
}

} // namespace

void print_split(std::ostream &out, const std::filesystem::path &path, bool json) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status))
    throw UsageError("--show-split needs a file, but '" + path.string() + "' is a folder");
  if (!ec && !std::filesystem::is_regular_file(status))
    throw UsageError("--show-split needs a regular file, but '" + path.string() + "' is not one");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read '" + path.string() + "'");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw UsageError("cannot read '" + path.string() + "'");
  const std::optional<Format> format = detect_format(bytes, path.string());
  if (!format) throw UsageError("'" + path.string() + "' is " + binary_reason(bytes).value_or("binary data"));
  ExtractedDocument doc;
  try {
    doc = extract_document(bytes, *format);
    assign_languages(doc); // as `--lang auto` would index it
  } catch (const ExtractError &e) {
    throw UsageError("cannot read '" + path.string() + "' as " + std::string(format_name(*format)) + ": " + e.what());
  }
  if (json) {
    out << split_json(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  out << "format: " << format_name(doc.format) << "\n";
  if (doc.format == Format::kText)
    out << "encoding: " << doc.encoding << "\nlayout: " << layout_name(doc.layout) << "\n";
  if (!doc.language.empty()) out << "language: " << doc.language << "\n";
  out << "title: " << doc.title << "\n";
  std::size_t number = 0;
  for (const auto &p : doc.paragraphs) {
    out << "\n[" << ++number << "]";
    if (p.line != 0) out << " (line " << p.line << ")";
    if (p.page != 0) out << " (p. " << (p.page_label.empty() ? std::to_string(p.page) : p.page_label) << ")";
    if (!p.language.empty()) out << " (" << p.language << ")";
    out << " " << p.text << "\n";
  }
}

} // namespace parasearch::cli
