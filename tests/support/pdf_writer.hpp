// Writes small, valid PDF files for the PDF reader's tests: pages of text lines placed where a word
// processor would put them (Helvetica, a standard font, so nothing is embedded), with an optional
// document Title and page labels. Coordinates are in points from the top-left corner of an A4 page.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace parasearch::test {

/// One line of text on a page.
struct PdfTextLine {
  double x = 72;       ///< Left edge, points from the left.
  double y = 72;       ///< Baseline, points from the top.
  double size = 11;    ///< Font size in points.
  std::string text;    ///< ASCII; '(' ')' '\' are escaped here.
  bool upward = false; ///< Rotated to read bottom to top (a landscape table): starts at (x, y); x is its baseline.
};

/// A whole document.
struct PdfSpec {
  std::vector<std::vector<PdfTextLine>> pages; ///< The lines of each page.
  std::string title;                           ///< The Info Title entry; none if empty.
  std::string page_labels;                     ///< A /PageLabels number tree body, e.g. "0 << /S /r >>"; none if empty.
  bool image_only = false;                     ///< Draw a grey box on each page instead of the text.
};

/// A PDF string literal of `s`.
inline std::string pdf_string(const std::string &s) {
  std::string out = "(";
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out + ")";
}

/// The bytes of a PDF file holding `spec` (objects, a correct cross-reference table, %%EOF).
inline std::string make_pdf(const PdfSpec &spec) {
  constexpr double kHeight = 842, kWidth = 595;
  std::vector<std::string> objects; // object n is objects[n - 1]
  const std::size_t pages = spec.pages.size();
  // 1 catalog, 2 page tree, 3 font, 4 info, then per page: the page and its content stream.
  std::string catalog = "<< /Type /Catalog /Pages 2 0 R";
  if (!spec.page_labels.empty()) catalog += " /PageLabels << /Nums [" + spec.page_labels + "] >>";
  objects.push_back(catalog + " >>");
  std::string kids;
  for (std::size_t p = 0; p < pages; ++p)
    kids += std::to_string(5 + 2 * p) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  objects.emplace_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.push_back(spec.title.empty() ? "<< /Producer (parasearch tests) >>"
                                       : "<< /Title " + pdf_string(spec.title) + " >>");
  for (std::size_t p = 0; p < pages; ++p) {
    std::string content;
    if (spec.image_only) {
      content = "0.5 g 72 72 451 698 re f\n";
    } else {
      for (const PdfTextLine &l : spec.pages[p])
        content += "BT /F1 " + std::to_string(l.size) + " Tf " + (l.upward ? "0 1 -1 0 " : "1 0 0 1 ") +
                   std::to_string(l.x) + " " + std::to_string(kHeight - l.y) + " Tm " + pdf_string(l.text) + " Tj ET\n";
    }
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(kWidth) + " " +
                      std::to_string(kHeight) + "] /Resources << /Font << /F1 3 0 R >> >> /Contents " +
                      std::to_string(6 + 2 * p) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
  }
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    std::string n = std::to_string(off);
    out += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info 4 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

/// Lines of body text wrapped at the left margin, one every `pitch` points from `top`; paragraphs are
/// separated by one empty line's worth of space.
inline std::vector<PdfTextLine> pdf_paragraphs(const std::vector<std::vector<std::string>> &paragraphs,
                                               double top = 110, double pitch = 14) {
  std::vector<PdfTextLine> out;
  double y = top;
  for (const auto &para : paragraphs) {
    for (const std::string &line : para) {
      out.push_back({72, y, 11, line});
      y += pitch;
    }
    y += pitch;
  }
  return out;
}

} // namespace parasearch::test
