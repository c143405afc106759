#include "parasearch/jsonl.hpp"

#include "parasearch/errors.hpp"
#include "parasearch/text.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

namespace parasearch {

JsonlReader::JsonlReader(std::istream &in, JsonlFields fields) : in_(in), fields_(std::move(fields)) {}

bool JsonlReader::next(JsonlRecord &record, std::string &error) {
  std::string line;
  while (std::getline(in_, line)) {
    ++line_;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    error.clear();
    if (auto r = parse_jsonl_line(line, fields_, error)) record = std::move(*r);
    return true;
  }
  return false;
}

std::optional<JsonlRecord> parse_jsonl_line(const std::string &line, const JsonlFields &fields, std::string &error) {
  // Invalid UTF-8 would make the parser throw; repair it first, as for text files.
  const std::string clean = is_valid_utf8(line) ? line : sanitize_utf8(line);
  nlohmann::json j = nlohmann::json::parse(clean, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    error = "not valid JSON";
    return std::nullopt;
  }
  if (!j.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  JsonlRecord r;
  const auto id = j.find(fields.id);
  if (id == j.end() || !(id->is_string() || id->is_number_integer() || id->is_number_unsigned())) {
    error = "no '" + fields.id + "' field (a string or an integer)";
    return std::nullopt;
  }
  r.id = id->is_string() ? id->get<std::string>() : id->dump();
  if (r.id.empty()) {
    error = "an empty '" + fields.id + "'";
    return std::nullopt;
  }
  const auto text = j.find(fields.text);
  if (text == j.end() || !text->is_string()) {
    error = "no '" + fields.text + "' field (a string)";
    return std::nullopt;
  }
  r.text = text->get<std::string>();
  if (const auto title = j.find(fields.title); title != j.end() && title->is_string())
    r.title = title->get<std::string>();
  return r;
}

IndexSummary index_jsonl(Indexer &indexer, const std::vector<std::filesystem::path> &files, const JsonlFields &fields,
                         const std::function<void(const FileEvent &)> &on_file, const BadLineHandler &on_bad_line) {
  std::size_t bad_lines = 0;
  for (const auto &path : files) {
    std::ifstream file;
    const bool stdin_ = path == "-";
    if (!stdin_) {
      if (std::filesystem::is_directory(path))
        throw UsageError("--format jsonl needs JSON Lines files, but '" + path.string() + "' is a folder");
      file.open(path, std::ios::binary);
      if (!file) throw UsageError("cannot read '" + path.string() + "'");
    }
    std::istream &in = stdin_ ? std::cin : file;
    JsonlReader reader(in, fields);
    JsonlRecord record;
    for (std::string error; reader.next(record, error);) {
      if (!error.empty()) {
        ++bad_lines;
        if (on_bad_line) on_bad_line(path.string() + ":" + std::to_string(reader.line()), error);
        continue;
      }
      indexer.add_record(record.id, record.title, record.text);
    }
    if (in.bad()) throw UsageError("reading '" + path.string() + "' failed");
  }
  IndexSummary summary = indexer.commit(on_file);
  summary.files += bad_lines; // a bad line is a record this run could not use: skipped
  summary.skipped += bad_lines;
  return summary;
}

} // namespace parasearch
