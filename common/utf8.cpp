// UTF-8 validation and repair, BOM and UTF-16 handling, binary detection.
#include "parasearch/text.hpp"

#include "common/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace parasearch {

namespace detail {

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  const char32_t cp = utf8_code_point(s, i, len);
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

char32_t utf8_code_point(std::string_view s, std::size_t i, std::size_t len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  return cp;
}

} // namespace detail

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

void append_utf8(std::string &out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_bad_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
}

std::string utf16_to_utf8(std::string_view bytes, bool little_endian, std::size_t &replaced) {
  std::string out;
  out.reserve(bytes.size());
  auto unit = [&](std::size_t i) -> char32_t {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? static_cast<char32_t>(a | (b << 8)) : static_cast<char32_t>((a << 8) | b);
  };
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      const char32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 2;
        continue;
      }
    }
    if ((u >= 0xD800 && u <= 0xDFFF) || (u < 0x80 && is_bad_control(static_cast<unsigned char>(u)))) {
      out += kReplacement;
      ++replaced;
      continue;
    }
    append_utf8(out, u);
  }
  if (i < bytes.size()) { // odd trailing byte
    out += kReplacement;
    ++replaced;
  }
  return out;
}

// CP1252's characters for bytes 0x80-0x9F (0 where it defines none); bytes 0xA0-0xFF are Latin-1.
constexpr std::array<char16_t, 32> kCp1252High = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                                  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// True if `bytes` (no BOM) look like a single-byte legacy encoding rather than UTF-8: some high bytes
// are not UTF-8, standing alone ("caf\xE9 "), and valid multi-byte sequences, or broken ones shaped
// like UTF-8 (a lead byte and its continuation bytes, cut or overlong), are rare next to them. So a
// UTF-8 file with a few bad bytes stays UTF-8.
bool looks_single_byte(std::string_view bytes) {
  std::size_t legacy = 0, utf8 = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (const std::size_t len = detail::utf8_sequence_length(bytes, i); len > 0) {
      ++utf8;
      i += len;
      continue;
    }
    const auto is_continuation = [&](std::size_t k) {
      return k < bytes.size() && (static_cast<unsigned char>(bytes[k]) & 0xC0) == 0x80;
    };
    if (b >= 0xC0 && is_continuation(i + 1)) { // broken UTF-8: skip the lead and its continuation bytes
      ++utf8;
      for (++i; is_continuation(i); ++i) {}
    } else {
      ++legacy;
      ++i;
    }
  }
  return legacy > 0 && utf8 * 4 <= legacy;
}

// Decodes CP1252 (a superset of Latin-1's printable characters) to UTF-8; undefined bytes become U+FFFD.
std::string cp1252_to_utf8(std::string_view bytes, std::size_t &replaced) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out += ch;
    } else if (b >= 0xA0) {
      append_utf8(out, b);
    } else if (const char32_t cp = kCp1252High[b - 0x80]; cp != 0) {
      append_utf8(out, cp);
    } else {
      out += kReplacement;
      ++replaced;
    }
  }
  return out;
}

} // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = detail::utf8_sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s, std::size_t *replaced) {
  std::string out;
  out.reserve(s.size());
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i; // copy a run of ASCII bytes in one go
    while (j < s.size() && static_cast<unsigned char>(s[j]) < 0x80)
      ++j;
    if (j > i) {
      out.append(s.substr(i, j - i));
      i = j;
      continue;
    }
    const std::size_t len = detail::utf8_sequence_length(s, i);
    if (len == 0) {
      out += kReplacement;
      ++count;
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  if (replaced) *replaced += count;
  return out;
}

namespace {

// Names a common non-text format from its magic bytes, with a hint on what to do, or nullopt.
std::optional<std::string> known_format(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, std::size_t{64} * 1024);
  const auto has = [&](std::string_view s) { return head.find(s) != std::string_view::npos; };
  const std::string office = "; convert it to text, e.g. with libreoffice --headless --convert-to txt)";
  if (bytes.starts_with("%PDF-"))
    return "a PDF file (not text: extract_document() reads it as PDF; or convert it, e.g. with pdftotext)";
  if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06")) {
    // Office Open XML and OpenDocument files are zip archives; their first entries name the kind.
    // DOCX and ODT text are read (formats/office.cpp); what reaches here lacks what that reader needs.
    if (has("word/")) return "a Word document (DOCX, but without the word/document.xml parasearch reads" + office;
    if (has("xl/")) return "an Excel workbook (XLSX; parasearch does not read it" + office;
    if (has("ppt/")) return "a PowerPoint presentation (PPTX; parasearch does not read it" + office;
    if (has("application/vnd.oasis.opendocument"))
      return "an OpenDocument file (a spreadsheet, presentation or other kind than text; parasearch reads only "
             "text documents" +
             office;
    return "a zip archive (unpack it, e.g. with unzip, and index the text files inside)";
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    return "an old Microsoft Office file (Word .doc, Excel .xls or PowerPoint .ppt; parasearch does not read it" +
           office;
  if (bytes.starts_with("\x89PNG\r\n\x1A\n")) return "a PNG image (no text to index)";
  if (bytes.starts_with("\xFF\xD8\xFF")) return "a JPEG image (no text to index)";
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return "a GIF image (no text to index)";
  if (bytes.starts_with("\x1F\x8B"))
    return "a gzip-compressed file (decompress it first, e.g. with gunzip, and index the result)";
  if (bytes.starts_with("\x28\xB5\x2F\xFD"))
    return "a zstd-compressed file (decompress it first, e.g. with unzstd, and index the result)";
  return std::nullopt;
}

} // namespace

std::optional<std::string> binary_reason(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return std::nullopt; // UTF-16 BOM
  if (auto format = known_format(bytes)) return format;
  const std::string_view head = bytes.substr(0, std::size_t{64} * 1024);
  if (head.empty()) return std::nullopt;
  std::size_t nul = 0;
  std::size_t control = 0;
  std::size_t invalid = 0;
  for (std::size_t i = 0; i < head.size();) {
    const auto c = static_cast<unsigned char>(head[i]);
    if (c >= 0x20 && c < 0x7F) { // printable ASCII: the common case
      ++i;
      continue;
    }
    if (c == 0) ++nul;
    if (is_bad_control(c)) ++control;
    std::size_t len = detail::utf8_sequence_length(head, i);
    if (len == 0) {
      // A sequence cut by the 64 KiB window is not evidence of binary data.
      if (i + 4 < head.size() || head.size() == bytes.size()) ++invalid;
      len = 1;
    }
    i += len;
  }
  const double n = static_cast<double>(head.size());
  if (nul > 0 && (nul >= 16 || static_cast<double>(nul) > 0.01 * n)) return "binary data (contains NUL bytes)";
  if (static_cast<double>(control) > 0.05 * n) return "binary data (many control characters)";
  if (static_cast<double>(invalid) > 0.30 * n) return "binary data (mostly not UTF-8 text)";
  return std::nullopt;
}

DecodedText decode_text(std::string_view bytes) {
  DecodedText out;
  std::string_view body = bytes;
  if (body.starts_with("\xFF\xFE") || body.starts_with("\xFE\xFF")) {
    const bool le = body[0] == '\xFF';
    out.encoding = le ? "utf-16le" : "utf-16be";
    out.text = utf16_to_utf8(body.substr(2), le, out.replaced);
    return out;
  }
  out.encoding = "utf-8";
  if (body.starts_with("\xEF\xBB\xBF")) {
    body.remove_prefix(3);
    out.encoding = "utf-8-bom";
  }
  std::string clean;
  if (out.encoding == "utf-8" && looks_single_byte(body)) { // a BOM says UTF-8 whatever follows
    out.encoding = std::any_of(body.begin(), body.end(),
                               [](char c) {
                                 return static_cast<unsigned char>(c) >= 0x80 && static_cast<unsigned char>(c) < 0xA0;
                               })
                       ? "cp1252"
                       : "latin-1";
    clean = cp1252_to_utf8(body, out.replaced);
  } else {
    clean = sanitize_utf8(body, &out.replaced);
  }
  // Replace NUL and other C0 control bytes (never part of a multi-byte sequence) with U+FFFD.
  const auto bad =
      std::find_if(clean.begin(), clean.end(), [](char c) { return is_bad_control(static_cast<unsigned char>(c)); });
  if (bad == clean.end()) {
    out.text = std::move(clean);
    return out;
  }
  out.text.reserve(clean.size());
  for (char ch : clean) {
    if (is_bad_control(static_cast<unsigned char>(ch))) {
      out.text += kReplacement;
      ++out.replaced;
    } else {
      out.text += ch;
    }
  }
  return out;
}

} // namespace parasearch
