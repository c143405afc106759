// The fuzzing entry points, shared by the libFuzzer programs (fuzz_*.cpp) and the regression test that
// replays every saved crash input in the default suite. Each one feeds one input to a parasearch front end
// and checks what came out; a broken promise throws std::logic_error (in a fuzzer: a crash, input saved).
#pragma once

#include <string_view>

namespace parasearch::fuzz {

/// decode_text() then split_paragraphs() (options picked from the input's last byte); checks the paragraphs.
void split_one(std::string_view input);

/// sanitize_utf8(), decode_text() and binary_reason(); checks the output is valid UTF-8 and stable.
void utf8_one(std::string_view input);

/// Searcher::search() of the input as a query on a tiny index built once per process; QueryError is
/// an expected outcome, any other exception escapes (a bug). Checks the hits.
void query_one(std::string_view input);

/// PathPattern::parse() of the input's first line, then match() of the rest as a stored path; UsageError
/// is an expected outcome for a bad pattern. Checks the captured fields.
void pathfields_one(std::string_view input);

/// JsonlReader over the input as a JSON Lines file (default field names); a bad line is an expected
/// outcome with an error. Checks every record read.
void jsonl_one(std::string_view input);

/// detect_format() and extract_document() of the input as HTML; checks title, language and passages
/// (valid UTF-8, one line each, whitespace collapsed, not empty, not over the size cap). Never throws.
void html_one(std::string_view input);

/// The DOCX/ODT reader: an input starting with "PK" is read as a whole file (detect_format(), then
/// extract_document()); any other input is the XML of word/document.xml (first byte even) or of an
/// ODT's content.xml (odd), zipped here. ExtractError is an expected outcome; checks the passages.
void office_one(std::string_view input);

} // namespace parasearch::fuzz
