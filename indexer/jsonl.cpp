#include "parasearch/jsonl.hpp"

#include "parasearch/text.hpp"

#include <nlohmann/json.hpp>

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

} // namespace parasearch
