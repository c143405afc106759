// Private: the reader of each format, called by extract_document() (formats/extract.cpp).
// Each takes the file's bytes and returns its content, or throws ExtractError with a one-line reason.
#pragma once

#include "parasearch/extract.hpp"

#include <string_view>

namespace parasearch::detail {

/// Plain text: decode_text() then split_paragraphs(). Never throws.
ExtractedDocument read_text(std::string_view bytes, const ExtractOptions &options);

} // namespace parasearch::detail
