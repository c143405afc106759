// HTML charset handling: BOMs (also double-encoded), <meta charset> sniffing, iconv for declared charsets.
#include "formats/html_charset.hpp"

#include "parasearch/text.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <iconv.h>

namespace parasearch::detail {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kDoubleBom = "\xC3\xAF\xC2\xBB\xC2\xBF";
constexpr std::size_t kSniffBytes = 4096;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_charset_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '-' || c == '_' || c == ':' || c == '.';
}

// The charset name that follows `key` (e.g. "charset") at or after `from` in `head`, skipping '=', quotes
// and spaces; "" if none.
std::string value_after(std::string_view head, std::size_t at) {
  while (at < head.size() && (head[at] == ' ' || head[at] == '=' || head[at] == '"' || head[at] == '\''))
    ++at;
  std::size_t end = at;
  while (end < head.size() && is_charset_char(head[end]))
    ++end;
  return std::string(head.substr(at, end - at));
}

// The canonical iconv name for a declared charset; browsers read Latin-1 and ASCII as windows-1252.
std::string iconv_name(const std::string &charset) {
  if (charset == "iso-8859-1" || charset == "latin1" || charset == "latin-1" || charset == "us-ascii" ||
      charset == "ascii" || charset == "iso8859-1" || charset == "cp1252")
    return "WINDOWS-1252";
  if (charset == "gb2312" || charset == "gbk" || charset == "x-gbk") return "GB18030"; // superset, as browsers do
  return charset;
}

// Converts `bytes` from `charset` with iconv, an invalid or incomplete sequence becoming U+FFFD;
// nullopt-like empty result and false if iconv does not know the charset.
bool convert(std::string_view bytes, const std::string &charset, std::string &out) {
  iconv_t cd = iconv_open("UTF-8", iconv_name(charset).c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false; // NOLINT(performance-no-int-to-ptr): iconv's error value
  out.clear();
  out.reserve(bytes.size() + bytes.size() / 2);
  char buffer[16384];
  char *in = const_cast<char *>(bytes.data()); // iconv's signature; the input is not written
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char *dst = buffer;
    std::size_t dst_left = sizeof buffer;
    const std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.append(buffer, static_cast<std::size_t>(dst - buffer));
    if (rc == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) continue;
      out += "\xEF\xBF\xBD"; // EILSEQ or EINVAL: one bad byte replaced, go on after it
      ++in;
      --in_left;
    }
  }
  iconv_close(cd);
  return true;
}

} // namespace

std::string_view strip_html_boms(std::string_view bytes) {
  for (;;) {
    std::size_t i = 0;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
      ++i;
    const std::string_view rest = bytes.substr(i);
    if (rest.starts_with(kBom))
      bytes = rest.substr(kBom.size());
    else if (rest.starts_with(kDoubleBom))
      bytes = rest.substr(kDoubleBom.size());
    else
      return bytes;
  }
}

std::string declared_charset(std::string_view bytes) {
  const std::string head = lower(bytes.substr(0, kSniffBytes));
  if (head.starts_with("<?xml")) {
    const std::size_t end = head.find("?>");
    const std::size_t enc = head.find("encoding");
    if (enc != std::string::npos && enc < end) {
      std::string v = value_after(head, enc + 8);
      if (!v.empty()) return v;
    }
  }
  for (std::size_t meta = head.find("<meta"); meta != std::string::npos; meta = head.find("<meta", meta + 5)) {
    const std::size_t end = head.find('>', meta);
    const std::size_t at = head.find("charset", meta);
    if (at == std::string::npos) break;
    if (end != std::string::npos && at > end) continue;
    std::string v = value_after(head, at + 7);
    if (!v.empty()) return v;
  }
  return "";
}

std::string html_to_utf8(std::string_view bytes) {
  const std::string_view body = strip_html_boms(bytes);
  if (body.starts_with("\xFF\xFE") || body.starts_with("\xFE\xFF")) return decode_text(body).text; // UTF-16
  if (is_valid_utf8(body)) return std::string(body);
  const std::string charset = declared_charset(body);
  if (!charset.empty() && charset != "utf-8" && charset != "utf8") {
    std::string out;
    if (convert(body, charset, out)) return sanitize_utf8(out);
  }
  return decode_text(body).text; // mostly UTF-8 repaired with U+FFFD, or legacy windows-1252/Latin-1
}

std::string_view html_utf8_view(std::string_view bytes, std::string &storage) {
  const std::string_view body = strip_html_boms(bytes);
  if (!body.starts_with("\xFF\xFE") && !body.starts_with("\xFE\xFF") && is_valid_utf8(body)) return body;
  storage = html_to_utf8(bytes);
  return storage;
}

} // namespace parasearch::detail
