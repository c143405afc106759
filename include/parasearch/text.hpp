// Byte-level text handling: encoding detection, UTF-8 repair, binary detection.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parasearch {

/// The result of turning a file's raw bytes into clean UTF-8.
struct DecodedText {
  std::string text; ///< Valid UTF-8, no BOM, no NUL or C0 control bytes except \t \n \r \f.
  /// What was detected: "utf-8", "utf-8-bom", "utf-16le", "utf-16be", or "cp1252" / "latin-1" for
  /// legacy single-byte text ("latin-1" when no byte in 0x80-0x9F tells CP1252 apart).
  std::string encoding;
  std::size_t replaced = 0; ///< How many invalid sequences or control bytes were replaced.
};

/// Returns a reason if `bytes` looks like a binary (non-text) file, else nullopt: a known format named
/// from its magic bytes with a hint ("a PDF file (... e.g. with pdftotext)"; PDF, DOCX/XLSX/PPTX/ODF,
/// zip, old Office, PNG/JPEG/GIF, gzip, zstd), else "binary data (contains NUL bytes)" and the like.
/// Looks at the first 64 KiB only; UTF-16 with a byte-order mark is text.
std::optional<std::string> binary_reason(std::string_view bytes);

/// Decodes a text file's bytes to valid UTF-8: strips a UTF-8 BOM, transcodes UTF-16 with a BOM,
/// decodes legacy single-byte text (high bytes that are not UTF-8, few valid multi-byte sequences) as
/// CP1252, replaces invalid UTF-8 in mostly-UTF-8 text and NUL/control bytes with U+FFFD. Never throws.
DecodedText decode_text(std::string_view bytes);

/// Returns `s` with every invalid UTF-8 sequence replaced by U+FFFD (other bytes unchanged).
std::string sanitize_utf8(std::string_view s, std::size_t *replaced = nullptr);

/// `text` with & < > " ' replaced by HTML entities (quotes too, unlike Xapian's MSet::snippet).
std::string html_escape(std::string_view text);

/// True if `s` is entirely valid UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view s);

} // namespace parasearch
