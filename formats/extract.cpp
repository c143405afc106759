// extract_document(): format detection and dispatch to the readers of formats/readers.hpp.
#include "parasearch/extract.hpp"

#include "formats/readers.hpp"
#include "parasearch/text.hpp"

#include <utility>

namespace parasearch {

std::string_view format_name(Format format) {
  switch (format) {
  case Format::kText: return "text";
  case Format::kPdf: return "pdf";
  case Format::kHtml: return "html";
  case Format::kDocx: return "docx";
  case Format::kOdt: return "odt";
  }
  return "text";
}

std::optional<Format> detect_format(std::string_view bytes, std::string_view name) {
  // A PDF starts with %PDF- (after blanks, if any), or has it within its first 1,024 bytes after
  // binary junk in no other known format (a zip may store a member holding "%PDF-"); a text file that
  // merely mentions "%PDF-" near its start stays text.
  const std::size_t pdf = bytes.substr(0, 1024).find("%PDF-");
  const std::optional<std::string> binary = binary_reason(bytes);
  if (pdf != std::string_view::npos && bytes.substr(0, pdf).find_first_not_of(" \t\r\n\f") == std::string_view::npos)
    return Format::kPdf;
  if (auto office = detail::detect_office(bytes, name)) return office;
  if (pdf != std::string_view::npos && binary && binary->starts_with("binary data")) return Format::kPdf;
  if (binary) return std::nullopt;
  if (detail::looks_like_html(bytes)) return Format::kHtml;
  if (detail::has_html_extension(name) && bytes.find('<') != std::string_view::npos) return Format::kHtml;
  return Format::kText;
}

ExtractedDocument extract_document(std::string_view bytes, Format format, const ExtractOptions &options) {
  switch (format) {
  case Format::kText: return detail::read_text(bytes, options);
  case Format::kPdf: return detail::read_pdf(bytes, options);
  case Format::kHtml: return detail::read_html(bytes, options);
  case Format::kDocx: return detail::read_docx(bytes, options);
  case Format::kOdt: return detail::read_odt(bytes, options);
  }
  throw ExtractError("reading " + std::string(format_name(format)) + " files is not built into this version");
}

namespace detail {

ExtractedDocument read_text(std::string_view bytes, const ExtractOptions &options) {
  DecodedText decoded = decode_text(bytes);
  ExtractedDocument doc;
  doc.format = Format::kText;
  doc.encoding = std::move(decoded.encoding);
  SplitDocument split = split_paragraphs(std::exchange(decoded.text, {}), options.split); // freed here
  doc.title = std::move(split.title);
  doc.layout = split.layout;
  doc.paragraphs.reserve(split.paragraphs.size());
  for (Paragraph &p : split.paragraphs) {
    ExtractedParagraph &out = doc.paragraphs.emplace_back();
    out.text = std::move(p.text); // moved: a huge file is not held twice
    out.line = p.first_line;
  }
  return doc;
}

} // namespace detail
} // namespace parasearch
