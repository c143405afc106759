// Private: boilerplate removal on a parsed page: which text blocks are its main content.
#pragma once

#include "formats/html_tree.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace parasearch::detail {

/// The passages a reader sees as the page's content, in order: the main content container found as
/// Readability does (paragraph scores by length and commas, passed to parent and grandparent, damped by
/// link density; the best container and its good siblings), then link-heavy blocks and containers inside
/// it dropped. Data table rows are kept whatever their links. A heading becomes the prefix of the passage
/// after it ("Heading — text"), or its own passage before a heading, a table row or the end; a heading
/// equal to `title` is dropped. Moves the text out of the blocks it keeps.
std::vector<std::string> select_passages(HtmlTree &tree, std::string_view title);

} // namespace parasearch::detail
