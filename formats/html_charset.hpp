// Private: an HTML page's bytes -> UTF-8 (BOMs, double-encoded BOMs, declared charsets, legacy fallback).
#pragma once

#include <string>
#include <string_view>

namespace parasearch::detail {

/// `bytes` with every leading UTF-8 BOM (EF BB BF) and double-encoded one (C3 AF C2 BB C2 BF, a BOM
/// read as Latin-1 and saved again as UTF-8) and the whitespace between them removed.
std::string_view strip_html_boms(std::string_view bytes);

/// The charset an HTML page declares in its first 4 KiB (`<meta charset>`, `http-equiv` content-type,
/// an XML declaration), lowercased, or "" if none.
std::string declared_charset(std::string_view bytes);

/// Decodes an HTML page to valid UTF-8: BOMs stripped (UTF-16 with a BOM transcoded); bytes that are
/// valid UTF-8 are taken as UTF-8 whatever the page declares (pages re-saved as UTF-8 keep their old
/// `<meta charset>`); otherwise the declared charset (through iconv; Latin-1 read as windows-1252, as
/// browsers do), else windows-1252/Latin-1. Invalid sequences become U+FFFD. Never throws.
std::string html_to_utf8(std::string_view bytes);

/// html_to_utf8(bytes) without a copy when `bytes` (BOMs stripped) are already valid UTF-8: returns a
/// view into `bytes`, or into `storage`, which then holds the decoded text.
std::string_view html_utf8_view(std::string_view bytes, std::string &storage);

} // namespace parasearch::detail
