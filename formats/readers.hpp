// Private: the reader of each format, called by extract_document() (formats/extract.cpp).
// Each takes the file's bytes and returns its content, or throws ExtractError with a one-line reason.
#pragma once

#include "parasearch/extract.hpp"

#include <optional>
#include <string_view>

namespace parasearch::detail {

/// Plain text: decode_text() then split_paragraphs(). Never throws.
ExtractedDocument read_text(std::string_view bytes, const ExtractOptions &options);

/// PDF (formats/pdf.cpp): the text layer page by page, without running headers and footers; each
/// paragraph with its page. Throws ExtractError if it is encrypted, damaged or has no text layer.
ExtractedDocument read_pdf(std::string_view bytes, const ExtractOptions &options);
/// HTML (formats/html.cpp): main content passages, title, declared language. Never throws.
ExtractedDocument read_html(std::string_view bytes, const ExtractOptions &options);

/// True if `bytes` start (after BOMs, whitespace and comments) like an HTML page: `<!doctype html`,
/// `<html`, `<head` or `<body`, any case; or an XML declaration followed by `<html`.
bool looks_like_html(std::string_view bytes);

/// True if the file name `name` ends in .html, .htm or .xhtml (any case).
bool has_html_extension(std::string_view name);

/// DOCX (formats/office.cpp): paragraphs of word/document.xml, table rows, title, language.
ExtractedDocument read_docx(std::string_view bytes, const ExtractOptions &options);

/// ODT (formats/office.cpp): paragraphs and headings of content.xml, table rows, title, language.
ExtractedDocument read_odt(std::string_view bytes, const ExtractOptions &options);

/// kDocx for a zip with word/document.xml, kOdt for a zip whose mimetype is ODF text (also when the zip
/// is damaged and its first headers or the name `name` say so, and for binary non-zip data named .docx
/// or .odt, so the reader can say what is wrong); nullopt for anything else, other zips included.
std::optional<Format> detect_office(std::string_view bytes, std::string_view name);

} // namespace parasearch::detail
