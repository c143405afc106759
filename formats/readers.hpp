// Private: the reader of each format, called by extract_document() (formats/extract.cpp).
// Each takes the file's bytes and returns its content, or throws ExtractError with a one-line reason.
#pragma once

#include "parasearch/extract.hpp"

#include <string_view>

namespace parasearch::detail {

/// Plain text: decode_text() then split_paragraphs(). Never throws.
ExtractedDocument read_text(std::string_view bytes, const ExtractOptions &options);

/// PDF (formats/pdf.cpp): the text layer page by page, without running headers and footers; each
/// paragraph with its page. Throws ExtractError if it is encrypted, damaged or has no text layer.
ExtractedDocument read_pdf(std::string_view bytes, const ExtractOptions &options);

} // namespace parasearch::detail
