// Private: UTF-8 sequence decoding shared by the text code (common/utf8.cpp), diacritic folding
// (common/fold.cpp) and the CLIs' terminal-safe output (common/cli.cpp).
#pragma once

#include <cstddef>
#include <string_view>

namespace parasearch::detail {

/// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0 if it is invalid:
/// truncated, overlong, a surrogate or beyond U+10FFFF. `i` must be < s.size().
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// The code point of the valid `len`-byte sequence at s[i] (as utf8_sequence_length() measured it).
char32_t utf8_code_point(std::string_view s, std::size_t i, std::size_t len);

} // namespace parasearch::detail
