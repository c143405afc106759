// The search page's files, embedded in the binary at build time from serve/page.html, page.js and
// page.css (serve/CMakeLists.txt turns them into C++ strings; no build step of their own).
#pragma once

#include <string_view>

namespace parasearch::serve {

/// serve/page.html: the search page, also served for permalinks (/p/PATH#PARAGRAPH).
extern const std::string_view kPageHtml;
/// serve/page.js: the page's script (builds the DOM with textContent only).
extern const std::string_view kPageJs;
/// serve/page.css: the page's style (responsive).
extern const std::string_view kPageCss;

} // namespace parasearch::serve
