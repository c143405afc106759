// Document extraction: a file's bytes in any supported format -> its title, language and paragraphs
// (with the page each starts on, for paged formats). The one entry point the indexer and
// `parasearch-index --show-split` use; each format's reader lives in formats/.
#pragma once

#include "parasearch/errors.hpp"
#include "parasearch/paragraphs.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parasearch {

/// A file format parasearch can read.
enum class Format {
  kText, ///< Plain text in UTF-8, UTF-16 with a BOM, or a legacy single-byte encoding.
  kPdf,  ///< PDF (text layer, page by page).
  kHtml, ///< HTML or XHTML (main content only).
  kDocx, ///< Office Open XML word processing (.docx).
  kOdt,  ///< OpenDocument text (.odt).
};

/// A short lowercase name for a format: "text", "pdf", "html", "docx", "odt".
std::string_view format_name(Format format);

/// One paragraph as extracted from a document.
struct ExtractedParagraph {
  std::string text;       ///< Its text on one line: valid UTF-8, whitespace collapsed, hyphenation undone.
  std::uint32_t line = 0; ///< Text: the line (from 1) of the decoded text it starts on; else 0.
  std::uint32_t page = 0; ///< Page it starts on, from 1; 0 for formats without pages.
  std::string page_label; ///< The page's printed label when the document has one (e.g. "iv", "12"), else "".
  std::string language;   ///< Its language (ISO 639-1, e.g. "fr") where known and unlike the document's, else "".
};

/// A document's extracted content.
struct ExtractedDocument {
  Format format = Format::kText; ///< The format it was read as.
  std::string title;             ///< Its title, or "" if it has none.
  std::string language;          ///< Its declared or detected language (ISO 639-1), or "" if unknown.
  std::string encoding;          ///< Text: the detected encoding (see DecodedText); else "".
  TextLayout layout = TextLayout::kLinePerParagraph; ///< Text: the layout detected; else kBlankLineSeparated.
  std::vector<ExtractedParagraph> paragraphs;        ///< Body passages in reading order; paragraph n is [n-1].
};

/// Options of extract_document().
struct ExtractOptions {
  SplitOptions split; ///< How text (and text-like lines from other formats) is split.
  std::size_t max_unpacked_bytes = std::size_t{256} << 20; ///< Limit on inflated archive members (DOCX/ODT).
};

/// A file that is in a supported format but cannot be read: damaged, encrypted, image-only, a zip bomb.
/// what() is one line naming the problem (not the file: the caller names it); the indexer reports it and
/// goes on with the next file.
class ExtractError : public Error {
public:
  /// Creates an extraction error (exit code kPartial if it ends a run).
  explicit ExtractError(const std::string &message) : Error(message, ExitCode::kPartial) {}
};

/// The format of a file from its first bytes (magic numbers, markup) and, where the bytes cannot tell
/// (text vs HTML without a doctype), its name; nullopt if it is binary data in no supported format.
std::optional<Format> detect_format(std::string_view bytes, std::string_view name);

/// Extracts the content of `bytes`, read as `format` (usually detect_format()'s answer).
/// Throws ExtractError if the file cannot be read as that format; never crashes on malformed input.
ExtractedDocument extract_document(std::string_view bytes, Format format, const ExtractOptions &options = {});

} // namespace parasearch
