// Diacritic folding for Latin letters and Arabic letter normalisation; see fold.hpp.
#include "common/fold.hpp"

#include "common/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace parasearch::detail {
namespace {

struct Folding {
  char32_t from;
  const char *to;
};

// Latin letters with diacritics (U+00C0-U+024F, U+1E00-U+1EFF) and what they fold to: the letter
// without its marks (Unicode NFD without the combining marks), and a few letters that do not
// decompose (æ, œ, ß, ø, ł, đ, ı, þ, ð, ...). Generated with Python's unicodedata; sorted.
constexpr Folding kFoldings[] = {
    {0x00C0, "A"},  {0x00C1, "A"},  {0x00C2, "A"},  {0x00C3, "A"}, {0x00C4, "A"},  {0x00C5, "A"},  {0x00C6, "AE"},
    {0x00C7, "C"},  {0x00C8, "E"},  {0x00C9, "E"},  {0x00CA, "E"}, {0x00CB, "E"},  {0x00CC, "I"},  {0x00CD, "I"},
    {0x00CE, "I"},  {0x00CF, "I"},  {0x00D0, "D"},  {0x00D1, "N"}, {0x00D2, "O"},  {0x00D3, "O"},  {0x00D4, "O"},
    {0x00D5, "O"},  {0x00D6, "O"},  {0x00D8, "O"},  {0x00D9, "U"}, {0x00DA, "U"},  {0x00DB, "U"},  {0x00DC, "U"},
    {0x00DD, "Y"},  {0x00DE, "TH"}, {0x00DF, "ss"}, {0x00E0, "a"}, {0x00E1, "a"},  {0x00E2, "a"},  {0x00E3, "a"},
    {0x00E4, "a"},  {0x00E5, "a"},  {0x00E6, "ae"}, {0x00E7, "c"}, {0x00E8, "e"},  {0x00E9, "e"},  {0x00EA, "e"},
    {0x00EB, "e"},  {0x00EC, "i"},  {0x00ED, "i"},  {0x00EE, "i"}, {0x00EF, "i"},  {0x00F0, "d"},  {0x00F1, "n"},
    {0x00F2, "o"},  {0x00F3, "o"},  {0x00F4, "o"},  {0x00F5, "o"}, {0x00F6, "o"},  {0x00F8, "o"},  {0x00F9, "u"},
    {0x00FA, "u"},  {0x00FB, "u"},  {0x00FC, "u"},  {0x00FD, "y"}, {0x00FE, "th"}, {0x00FF, "y"},  {0x0100, "A"},
    {0x0101, "a"},  {0x0102, "A"},  {0x0103, "a"},  {0x0104, "A"}, {0x0105, "a"},  {0x0106, "C"},  {0x0107, "c"},
    {0x0108, "C"},  {0x0109, "c"},  {0x010A, "C"},  {0x010B, "c"}, {0x010C, "C"},  {0x010D, "c"},  {0x010E, "D"},
    {0x010F, "d"},  {0x0110, "D"},  {0x0111, "d"},  {0x0112, "E"}, {0x0113, "e"},  {0x0114, "E"},  {0x0115, "e"},
    {0x0116, "E"},  {0x0117, "e"},  {0x0118, "E"},  {0x0119, "e"}, {0x011A, "E"},  {0x011B, "e"},  {0x011C, "G"},
    {0x011D, "g"},  {0x011E, "G"},  {0x011F, "g"},  {0x0120, "G"}, {0x0121, "g"},  {0x0122, "G"},  {0x0123, "g"},
    {0x0124, "H"},  {0x0125, "h"},  {0x0126, "H"},  {0x0127, "h"}, {0x0128, "I"},  {0x0129, "i"},  {0x012A, "I"},
    {0x012B, "i"},  {0x012C, "I"},  {0x012D, "i"},  {0x012E, "I"}, {0x012F, "i"},  {0x0130, "I"},  {0x0131, "i"},
    {0x0132, "IJ"}, {0x0133, "ij"}, {0x0134, "J"},  {0x0135, "j"}, {0x0136, "K"},  {0x0137, "k"},  {0x0138, "k"},
    {0x0139, "L"},  {0x013A, "l"},  {0x013B, "L"},  {0x013C, "l"}, {0x013D, "L"},  {0x013E, "l"},  {0x013F, "L"},
    {0x0140, "l"},  {0x0141, "L"},  {0x0142, "l"},  {0x0143, "N"}, {0x0144, "n"},  {0x0145, "N"},  {0x0146, "n"},
    {0x0147, "N"},  {0x0148, "n"},  {0x0149, "n"},  {0x014A, "N"}, {0x014B, "n"},  {0x014C, "O"},  {0x014D, "o"},
    {0x014E, "O"},  {0x014F, "o"},  {0x0150, "O"},  {0x0151, "o"}, {0x0152, "OE"}, {0x0153, "oe"}, {0x0154, "R"},
    {0x0155, "r"},  {0x0156, "R"},  {0x0157, "r"},  {0x0158, "R"}, {0x0159, "r"},  {0x015A, "S"},  {0x015B, "s"},
    {0x015C, "S"},  {0x015D, "s"},  {0x015E, "S"},  {0x015F, "s"}, {0x0160, "S"},  {0x0161, "s"},  {0x0162, "T"},
    {0x0163, "t"},  {0x0164, "T"},  {0x0165, "t"},  {0x0166, "T"}, {0x0167, "t"},  {0x0168, "U"},  {0x0169, "u"},
    {0x016A, "U"},  {0x016B, "u"},  {0x016C, "U"},  {0x016D, "u"}, {0x016E, "U"},  {0x016F, "u"},  {0x0170, "U"},
    {0x0171, "u"},  {0x0172, "U"},  {0x0173, "u"},  {0x0174, "W"}, {0x0175, "w"},  {0x0176, "Y"},  {0x0177, "y"},
    {0x0178, "Y"},  {0x0179, "Z"},  {0x017A, "z"},  {0x017B, "Z"}, {0x017C, "z"},  {0x017D, "Z"},  {0x017E, "z"},
    {0x017F, "s"},  {0x01A0, "O"},  {0x01A1, "o"},  {0x01AF, "U"}, {0x01B0, "u"},  {0x01CD, "A"},  {0x01CE, "a"},
    {0x01CF, "I"},  {0x01D0, "i"},  {0x01D1, "O"},  {0x01D2, "o"}, {0x01D3, "U"},  {0x01D4, "u"},  {0x01D5, "U"},
    {0x01D6, "u"},  {0x01D7, "U"},  {0x01D8, "u"},  {0x01D9, "U"}, {0x01DA, "u"},  {0x01DB, "U"},  {0x01DC, "u"},
    {0x01DE, "A"},  {0x01DF, "a"},  {0x01E0, "A"},  {0x01E1, "a"}, {0x01E6, "G"},  {0x01E7, "g"},  {0x01E8, "K"},
    {0x01E9, "k"},  {0x01EA, "O"},  {0x01EB, "o"},  {0x01EC, "O"}, {0x01ED, "o"},  {0x01F0, "j"},  {0x01F4, "G"},
    {0x01F5, "g"},  {0x01F8, "N"},  {0x01F9, "n"},  {0x01FA, "A"}, {0x01FB, "a"},  {0x0200, "A"},  {0x0201, "a"},
    {0x0202, "A"},  {0x0203, "a"},  {0x0204, "E"},  {0x0205, "e"}, {0x0206, "E"},  {0x0207, "e"},  {0x0208, "I"},
    {0x0209, "i"},  {0x020A, "I"},  {0x020B, "i"},  {0x020C, "O"}, {0x020D, "o"},  {0x020E, "O"},  {0x020F, "o"},
    {0x0210, "R"},  {0x0211, "r"},  {0x0212, "R"},  {0x0213, "r"}, {0x0214, "U"},  {0x0215, "u"},  {0x0216, "U"},
    {0x0217, "u"},  {0x0218, "S"},  {0x0219, "s"},  {0x021A, "T"}, {0x021B, "t"},  {0x021E, "H"},  {0x021F, "h"},
    {0x0226, "A"},  {0x0227, "a"},  {0x0228, "E"},  {0x0229, "e"}, {0x022A, "O"},  {0x022B, "o"},  {0x022C, "O"},
    {0x022D, "o"},  {0x022E, "O"},  {0x022F, "o"},  {0x0230, "O"}, {0x0231, "o"},  {0x0232, "Y"},  {0x0233, "y"},
    {0x1E00, "A"},  {0x1E01, "a"},  {0x1E02, "B"},  {0x1E03, "b"}, {0x1E04, "B"},  {0x1E05, "b"},  {0x1E06, "B"},
    {0x1E07, "b"},  {0x1E08, "C"},  {0x1E09, "c"},  {0x1E0A, "D"}, {0x1E0B, "d"},  {0x1E0C, "D"},  {0x1E0D, "d"},
    {0x1E0E, "D"},  {0x1E0F, "d"},  {0x1E10, "D"},  {0x1E11, "d"}, {0x1E12, "D"},  {0x1E13, "d"},  {0x1E14, "E"},
    {0x1E15, "e"},  {0x1E16, "E"},  {0x1E17, "e"},  {0x1E18, "E"}, {0x1E19, "e"},  {0x1E1A, "E"},  {0x1E1B, "e"},
    {0x1E1C, "E"},  {0x1E1D, "e"},  {0x1E1E, "F"},  {0x1E1F, "f"}, {0x1E20, "G"},  {0x1E21, "g"},  {0x1E22, "H"},
    {0x1E23, "h"},  {0x1E24, "H"},  {0x1E25, "h"},  {0x1E26, "H"}, {0x1E27, "h"},  {0x1E28, "H"},  {0x1E29, "h"},
    {0x1E2A, "H"},  {0x1E2B, "h"},  {0x1E2C, "I"},  {0x1E2D, "i"}, {0x1E2E, "I"},  {0x1E2F, "i"},  {0x1E30, "K"},
    {0x1E31, "k"},  {0x1E32, "K"},  {0x1E33, "k"},  {0x1E34, "K"}, {0x1E35, "k"},  {0x1E36, "L"},  {0x1E37, "l"},
    {0x1E38, "L"},  {0x1E39, "l"},  {0x1E3A, "L"},  {0x1E3B, "l"}, {0x1E3C, "L"},  {0x1E3D, "l"},  {0x1E3E, "M"},
    {0x1E3F, "m"},  {0x1E40, "M"},  {0x1E41, "m"},  {0x1E42, "M"}, {0x1E43, "m"},  {0x1E44, "N"},  {0x1E45, "n"},
    {0x1E46, "N"},  {0x1E47, "n"},  {0x1E48, "N"},  {0x1E49, "n"}, {0x1E4A, "N"},  {0x1E4B, "n"},  {0x1E4C, "O"},
    {0x1E4D, "o"},  {0x1E4E, "O"},  {0x1E4F, "o"},  {0x1E50, "O"}, {0x1E51, "o"},  {0x1E52, "O"},  {0x1E53, "o"},
    {0x1E54, "P"},  {0x1E55, "p"},  {0x1E56, "P"},  {0x1E57, "p"}, {0x1E58, "R"},  {0x1E59, "r"},  {0x1E5A, "R"},
    {0x1E5B, "r"},  {0x1E5C, "R"},  {0x1E5D, "r"},  {0x1E5E, "R"}, {0x1E5F, "r"},  {0x1E60, "S"},  {0x1E61, "s"},
    {0x1E62, "S"},  {0x1E63, "s"},  {0x1E64, "S"},  {0x1E65, "s"}, {0x1E66, "S"},  {0x1E67, "s"},  {0x1E68, "S"},
    {0x1E69, "s"},  {0x1E6A, "T"},  {0x1E6B, "t"},  {0x1E6C, "T"}, {0x1E6D, "t"},  {0x1E6E, "T"},  {0x1E6F, "t"},
    {0x1E70, "T"},  {0x1E71, "t"},  {0x1E72, "U"},  {0x1E73, "u"}, {0x1E74, "U"},  {0x1E75, "u"},  {0x1E76, "U"},
    {0x1E77, "u"},  {0x1E78, "U"},  {0x1E79, "u"},  {0x1E7A, "U"}, {0x1E7B, "u"},  {0x1E7C, "V"},  {0x1E7D, "v"},
    {0x1E7E, "V"},  {0x1E7F, "v"},  {0x1E80, "W"},  {0x1E81, "w"}, {0x1E82, "W"},  {0x1E83, "w"},  {0x1E84, "W"},
    {0x1E85, "w"},  {0x1E86, "W"},  {0x1E87, "w"},  {0x1E88, "W"}, {0x1E89, "w"},  {0x1E8A, "X"},  {0x1E8B, "x"},
    {0x1E8C, "X"},  {0x1E8D, "x"},  {0x1E8E, "Y"},  {0x1E8F, "y"}, {0x1E90, "Z"},  {0x1E91, "z"},  {0x1E92, "Z"},
    {0x1E93, "z"},  {0x1E94, "Z"},  {0x1E95, "z"},  {0x1E96, "h"}, {0x1E97, "t"},  {0x1E98, "w"},  {0x1E99, "y"},
    {0x1EA0, "A"},  {0x1EA1, "a"},  {0x1EA2, "A"},  {0x1EA3, "a"}, {0x1EA4, "A"},  {0x1EA5, "a"},  {0x1EA6, "A"},
    {0x1EA7, "a"},  {0x1EA8, "A"},  {0x1EA9, "a"},  {0x1EAA, "A"}, {0x1EAB, "a"},  {0x1EAC, "A"},  {0x1EAD, "a"},
    {0x1EAE, "A"},  {0x1EAF, "a"},  {0x1EB0, "A"},  {0x1EB1, "a"}, {0x1EB2, "A"},  {0x1EB3, "a"},  {0x1EB4, "A"},
    {0x1EB5, "a"},  {0x1EB6, "A"},  {0x1EB7, "a"},  {0x1EB8, "E"}, {0x1EB9, "e"},  {0x1EBA, "E"},  {0x1EBB, "e"},
    {0x1EBC, "E"},  {0x1EBD, "e"},  {0x1EBE, "E"},  {0x1EBF, "e"}, {0x1EC0, "E"},  {0x1EC1, "e"},  {0x1EC2, "E"},
    {0x1EC3, "e"},  {0x1EC4, "E"},  {0x1EC5, "e"},  {0x1EC6, "E"}, {0x1EC7, "e"},  {0x1EC8, "I"},  {0x1EC9, "i"},
    {0x1ECA, "I"},  {0x1ECB, "i"},  {0x1ECC, "O"},  {0x1ECD, "o"}, {0x1ECE, "O"},  {0x1ECF, "o"},  {0x1ED0, "O"},
    {0x1ED1, "o"},  {0x1ED2, "O"},  {0x1ED3, "o"},  {0x1ED4, "O"}, {0x1ED5, "o"},  {0x1ED6, "O"},  {0x1ED7, "o"},
    {0x1ED8, "O"},  {0x1ED9, "o"},  {0x1EDA, "O"},  {0x1EDB, "o"}, {0x1EDC, "O"},  {0x1EDD, "o"},  {0x1EDE, "O"},
    {0x1EDF, "o"},  {0x1EE0, "O"},  {0x1EE1, "o"},  {0x1EE2, "O"}, {0x1EE3, "o"},  {0x1EE4, "U"},  {0x1EE5, "u"},
    {0x1EE6, "U"},  {0x1EE7, "u"},  {0x1EE8, "U"},  {0x1EE9, "u"}, {0x1EEA, "U"},  {0x1EEB, "u"},  {0x1EEC, "U"},
    {0x1EED, "u"},  {0x1EEE, "U"},  {0x1EEF, "u"},  {0x1EF0, "U"}, {0x1EF1, "u"},  {0x1EF2, "Y"},  {0x1EF3, "y"},
    {0x1EF4, "Y"},  {0x1EF5, "y"},  {0x1EF6, "Y"},  {0x1EF7, "y"}, {0x1EF8, "Y"},  {0x1EF9, "y"}};

// Combining diacritical marks: dropped (text in decomposed form).
bool is_combining_mark(char32_t c) { return c >= 0x0300 && c <= 0x036F; }

} // namespace

std::string fold_width(std::string_view utf8) {
  // U+FF01-U+FF3F are EF BC 81-BF and U+FF40-U+FF5E are EF BD 80-9E in UTF-8.
  std::size_t i = utf8.find('\xEF');
  if (i == std::string_view::npos) return std::string(utf8);
  std::string out(utf8.substr(0, i));
  out.reserve(utf8.size());
  while (i < utf8.size()) {
    const auto b1 = i + 2 < utf8.size() ? static_cast<unsigned char>(utf8[i + 1]) : 0;
    const auto b2 = i + 2 < utf8.size() ? static_cast<unsigned char>(utf8[i + 2]) : 0;
    if (static_cast<unsigned char>(utf8[i]) == 0xEF && (b1 == 0xBC || b1 == 0xBD) && (b2 & 0xC0) == 0x80) {
      const unsigned cp = 0xF000 | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (const unsigned ascii = fold_width(cp); ascii != cp) {
        out += static_cast<char>(ascii);
        i += 3;
        continue;
      }
    }
    out += utf8[i++];
  }
  return out;
}

std::string fold_diacritics(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t n = utf8_sequence_length(utf8, i);
    if (n <= 1) { // ASCII, or a byte that is not UTF-8: kept as it is
      out += utf8[i++];
      continue;
    }
    const char32_t cp = utf8_code_point(utf8, i, n);
    const auto it = std::lower_bound(std::begin(kFoldings), std::end(kFoldings), cp,
                                     [](const Folding &f, char32_t v) { return f.from < v; });
    if (it != std::end(kFoldings) && it->from == cp)
      out += it->to;
    else if (!is_combining_mark(cp))
      out.append(utf8.substr(i, n));
    i += n;
  }
  return out;
}

std::string_view strip_elision(std::string_view word) {
  static constexpr std::string_view kElided[] = {"l",    "d",    "j",    "m",     "n",      "s",
                                                 "t",    "c",    "qu",   "jusqu", "lorsqu", "puisqu",
                                                 "dall", "dell", "nell", "sull",  "all",    "un"};
  std::size_t apostrophe = word.find('\'');
  std::size_t after = apostrophe + 1;
  if (const std::size_t curly = word.find("\xE2\x80\x99"); curly < apostrophe) // ’
    apostrophe = curly, after = curly + 3;
  if (apostrophe == std::string_view::npos || apostrophe > 6 || after >= word.size()) return word;
  std::string head;
  for (char c : word.substr(0, apostrophe))
    head += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view e : kElided)
    if (head == e) return word.substr(after);
  return word;
}

namespace {

/// What Arabic (or Persian/Urdu) letter `cp` becomes: 0 if it is dropped, itself if it is kept.
char32_t normalise_arabic_letter(char32_t cp) {
  switch (cp) {
  case 0x0622:     // آ alef with madda above
  case 0x0623:     // أ alef with hamza above
  case 0x0625:     // إ alef with hamza below
  case 0x0671:     // ٱ alef wasla
    return 0x0627; // ا alef
  case 0x0649:     // ى alef maksura
  case 0x06CC:     // ی Farsi yeh
    return 0x064A; // ي yeh
  case 0x0629:     // ة teh marbuta
    return 0x0647; // ه heh
  case 0x06A9:     // ک keheh
    return 0x0643; // ك kaf
  case 0x0640:     // ـ tatweel
  case 0x0670:     // superscript alef
    return 0;
  default: return cp >= 0x064B && cp <= 0x065F ? 0 : cp; // harakat: tanween, short vowels, shadda, sukun, ...
  }
}

/// True if `utf8` may hold Arabic letters (U+0600-U+06FF, whose UTF-8 lead bytes are 0xD8-0xDB).
bool has_arabic_bytes(std::string_view utf8) {
  return std::any_of(utf8.begin(), utf8.end(), [](char b) {
    const auto u = static_cast<unsigned char>(b);
    return u >= 0xD8 && u <= 0xDB;
  });
}

constexpr std::string_view kHeh = "\xD9\x87";        // ه
constexpr std::string_view kTehMarbuta = "\xD8\xA9"; // ة

constexpr std::string_view kAl = "\xD8\xA7\xD9\x84";  // ال
constexpr std::string_view kLil = "\xD9\x84\xD9\x84"; // لل

/// True if `rest` starts with ال, or with لل (ل + ال) when `lil`.
bool starts_with_article(std::string_view rest, bool lil) {
  return rest.starts_with(kAl) || (lil && rest.starts_with(kLil));
}

/// True if the (normalised) Arabic word `w` starts with the article: ال (alone or after و ف ب ك) or
/// لل, ل + ال (alone or after و ف).
bool has_article(std::string_view w) {
  if (starts_with_article(w, true)) return true;
  for (std::string_view p : {"\xD9\x88", "\xD9\x81"}) // و ف
    if (w.starts_with(p) && starts_with_article(w.substr(p.size()), true)) return true;
  for (std::string_view p : {"\xD8\xA8", "\xD9\x83"}) // ب ك
    if (w.starts_with(p) && starts_with_article(w.substr(p.size()), false)) return true;
  return false;
}

} // namespace

std::string normalise_arabic(std::string_view utf8) {
  if (!has_arabic_bytes(utf8)) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t n = utf8_sequence_length(utf8, i);
    if (n != 2) { // not a two-byte sequence (so not Arabic), or not UTF-8: kept as it is
      out.append(utf8.substr(i, n == 0 ? 1 : n));
      i += n == 0 ? 1 : n;
      continue;
    }
    const char32_t cp = utf8_code_point(utf8, i, n);
    const char32_t to = normalise_arabic_letter(cp);
    if (to == cp)
      out.append(utf8.substr(i, n));
    else if (to != 0) { // every replacement is a two-byte letter (U+0627, U+064A, U+0647, U+0643)
      out += static_cast<char>(0xC0 | (to >> 6));
      out += static_cast<char>(0x80 | (to & 0x3F));
    }
    i += n;
  }
  // A final ة or ه (both now ه) is ة after the article ال: there a final ه cannot be a pronoun, and
  // Snowball's Arabic stemmer strips ة from a defined noun but keeps ه (الحرية → حر, الحريه → حريه),
  // so that the article-less form (حرية/حريه, whose ه it strips) and the defined one still share a stem.
  if (out.ends_with(kHeh) && has_article(out)) out.replace(out.size() - kHeh.size(), kHeh.size(), kTehMarbuta);
  return out;
}

std::string normalise_word(std::string_view word) {
  std::string folded = fold_diacritics(strip_elision(word));
  return has_arabic_bytes(folded) ? normalise_arabic(folded) : folded; // no copy for other scripts
}

} // namespace parasearch::detail
