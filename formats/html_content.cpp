// select_passages(): Readability-style main content detection and link-density cleaning on an HtmlTree.
#include "formats/html_content.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <utility>

namespace parasearch::detail {
namespace {

constexpr std::size_t kMinScoredBytes = 25; // shorter paragraphs do not vote for their container
constexpr int kAncestorLevels = 5;

// What the blocks under a node add up to.
struct Totals {
  std::size_t text = 0;
  std::size_t links = 0;
  std::size_t commas = 0;
  std::size_t paragraphs = 0;
  std::size_t items = 0;
  std::size_t headings = 0;
};

double link_density(const Totals &t) {
  return t.text == 0 ? 0.0 : static_cast<double>(std::min(t.links, t.text)) / static_cast<double>(t.text);
}

std::size_t count_commas(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',' || s.substr(i, 3) == "\xEF\xBC\x8C" || s.substr(i, 3) == "\xE3\x80\x81") ++n; // , ， 、
  }
  return n;
}

bool is_heading_tag(std::string_view t) { return t.size() == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6'; }

// Readability's initial score of a container by its tag.
double tag_score(std::string_view t) {
  if (t == "div") return 5;
  if (t == "pre" || t == "td" || t == "blockquote") return 3;
  if (t == "address" || t == "ol" || t == "ul" || t == "dl" || t == "dd" || t == "dt" || t == "li" || t == "form")
    return -3;
  if (is_heading_tag(t) || t == "th") return -5;
  return 0;
}

// Tags whose own text is a paragraph of their parent (Readability scores p, td, pre and text-only divs).
bool is_paragraph_node(const HtmlNode &n) {
  const std::string &t = n.tag;
  if (t == "p" || t == "pre" || t == "td" || t == "th" || t == "tr" || t == "dd" || t == "blockquote") return true;
  return n.child_nodes == 0 && (t == "div" || t == "section" || t == "article" || t == "center");
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

} // namespace

std::vector<std::string> select_passages(HtmlTree &tree, std::string_view title) {
  const std::size_t n_nodes = tree.nodes.size();
  std::vector<Totals> totals(n_nodes);
  for (const HtmlBlock &b : tree.blocks) {
    Totals &t = totals[b.node];
    t.text += b.text.size();
    t.links += b.link_bytes;
    t.commas += count_commas(b.text);
    if (b.kind == BlockKind::kItem)
      ++t.items;
    else if (b.kind == BlockKind::kHeading)
      t.headings += b.text.size();
    else
      ++t.paragraphs;
  }
  for (std::size_t n = n_nodes; n-- > 1;) { // children come after their parent
    Totals &p = totals[tree.nodes[n].parent];
    const Totals &c = totals[n];
    p.text += c.text, p.links += c.links, p.commas += c.commas;
    p.paragraphs += c.paragraphs, p.items += c.items, p.headings += c.headings;
  }

  // 1. Score containers by the paragraphs they hold.
  std::vector<double> score(n_nodes, 0.0);
  std::vector<bool> scored(n_nodes, false);
  const auto touch = [&](std::uint32_t n) {
    if (!scored[n]) {
      scored[n] = true;
      score[n] = tag_score(tree.nodes[n].tag) + tree.nodes[n].class_weight;
    }
  };
  for (const HtmlBlock &b : tree.blocks) {
    if (b.kind == BlockKind::kHeading || b.kind == BlockKind::kItem || b.text.size() < kMinScoredBytes) continue;
    const double points = 1.0 + static_cast<double>(count_commas(b.text) + 1) +
                          std::min(std::floor(static_cast<double>(b.text.size()) / 100), 3.0);
    std::uint32_t n = b.node;
    if (n != 0 && is_paragraph_node(tree.nodes[n])) n = tree.nodes[n].parent;
    for (int level = 0; level < kAncestorLevels; ++level) {
      touch(n);
      score[n] += level == 0 ? points : level == 1 ? points / 2 : points / (level * 3);
      if (n == 0) break;
      n = tree.nodes[n].parent;
    }
  }
  std::uint32_t top = 0;
  bool found = false;
  for (std::uint32_t n = 0; n < n_nodes; ++n) {
    if (!scored[n]) continue;
    score[n] *= 1.0 - link_density(totals[n]);
    if (!found || score[n] > score[top]) top = n, found = true;
  }
  if (!found) { // nothing long enough to vote: the whole body
    top = 0;
    for (std::uint32_t n = 0; n < n_nodes; ++n)
      if (tree.nodes[n].tag == "body") {
        top = n;
        break;
      }
  }
  // 2. Move up while a parent scores better, or while the container is its parent's only child.
  if (top != 0) {
    double last = score[top];
    const double floor = last / 3;
    for (std::uint32_t p = tree.nodes[top].parent; p != 0 && tree.nodes[p].tag != "body"; p = tree.nodes[p].parent) {
      if (!scored[p]) continue;
      if (score[p] < floor) break;
      if (score[p] > last) {
        top = p;
        break;
      }
      last = score[p];
    }
    while (top != 0 && tree.nodes[top].tag != "body") {
      const std::uint32_t p = tree.nodes[top].parent;
      if (p == 0 || tree.nodes[p].tag == "body" || tree.nodes[p].child_nodes != 1) break;
      top = p;
    }
  }

  // 3. The container and its siblings that look like content too.
  std::vector<bool> selected(n_nodes, false);
  selected[top] = true;
  if (top != 0) {
    const std::uint32_t parent = tree.nodes[top].parent;
    const double threshold = std::max(10.0, score[top] * 0.2);
    // Sibling texts are looked up through the node's own blocks.
    std::vector<std::string_view> own_text(n_nodes);
    for (const HtmlBlock &b : tree.blocks)
      if (own_text[b.node].empty()) own_text[b.node] = b.text;
    for (std::uint32_t s = 0; s < n_nodes; ++s) {
      if (s == top || tree.nodes[s].parent != parent || s == 0) continue;
      if (scored[s] && score[s] >= threshold)
        selected[s] = true;
      else if (tree.nodes[s].tag == "p" || is_paragraph_node(tree.nodes[s])) {
        const double ld = link_density(totals[s]);
        const std::size_t len = totals[s].text;
        const std::string_view text = own_text[s];
        if ((len > 80 && ld < 0.25) ||
            (len > 0 && len <= 80 && ld == 0 && (text.find(". ") != std::string_view::npos || text.ends_with('.'))))
          selected[s] = true;
      }
    }
  }

  // 4. Inside the content, drop containers that are mostly links or say they are boilerplate.
  std::vector<bool> keep(n_nodes, false);
  for (std::uint32_t n = 0; n < n_nodes; ++n) {
    const HtmlNode &node = tree.nodes[n];
    const bool inherited = n != 0 && keep[node.parent] && !selected[n];
    if (!selected[n] && !inherited) continue;
    bool remove = false;
    if (inherited) {
      const std::string &t = node.tag;
      const Totals &tot = totals[n];
      const double ld = link_density(tot);
      if (t == "table" && node.data_table)
        remove = false;
      else if (t == "div" || t == "section" || t == "ul" || t == "ol" || t == "dl" || t == "table" || t == "form") {
        const bool list = node.list;
        const double weight = node.class_weight;
        if (weight + (scored[n] ? score[n] : 0.0) < 0)
          remove = true;
        else if (tot.commas < 10) {
          const double heading_density =
              tot.text == 0 ? 0.0 : static_cast<double>(tot.headings) / static_cast<double>(tot.text);
          remove = (!list && tot.items > tot.paragraphs + 100) ||
                   (!list && heading_density < 0.9 && tot.text < kMinScoredBytes) ||
                   (!list && weight < 25 && ld > 0.2) || ((list || weight >= 25) && ld > 0.5);
        }
      }
    }
    keep[n] = !remove;
  }

  // 5. Passages: kept blocks without too many links; headings joined to what follows.
  std::vector<bool> in_data_table(n_nodes, false);
  for (std::uint32_t n = 1; n < n_nodes; ++n)
    in_data_table[n] =
        in_data_table[tree.nodes[n].parent] || (tree.nodes[n].tag == "table" && tree.nodes[n].data_table);
  const std::string title_key = lower(title);
  std::vector<std::string> out;
  std::string heading;
  for (HtmlBlock &b : tree.blocks) {
    if (!keep[b.node]) continue;
    const bool row = (b.kind == BlockKind::kRow || b.kind == BlockKind::kHeaderRow) && in_data_table[b.node];
    if (row && b.kind == BlockKind::kHeaderRow) continue; // column names, not content
    const double ld = b.text.empty() ? 0.0 : static_cast<double>(b.link_bytes) / static_cast<double>(b.text.size());
    if (!row && ld > 0.5) continue;
    if (b.kind == BlockKind::kHeading) {
      if (!title_key.empty() && lower(b.text) == title_key) continue;
      if (!heading.empty()) out.push_back(std::move(heading));
      heading = b.text;
      continue;
    }
    if (!heading.empty() && b.kind != BlockKind::kRow && b.kind != BlockKind::kHeaderRow) {
      out.push_back(heading + " \xE2\x80\x94 " + b.text);
      heading.clear();
      continue;
    }
    if (!heading.empty()) out.push_back(std::exchange(heading, {}));
    out.push_back(std::move(b.text)); // moved: a huge page is not held twice
  }
  if (!heading.empty()) out.push_back(std::move(heading));
  return out;
}

} // namespace parasearch::detail
