// Private: a streaming XML reader (libxml2's xmlTextReader) for the XML parts of DOCX and ODT files:
// no network, no DTD loading, entities not expanded, depth limited by libxml2 (256 levels).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace parasearch::detail {

/// Reads one XML document node by node. Element and attribute names are matched by namespace URI and
/// local name, so any prefix works.
class XmlReader {
public:
  /// What the current node is.
  enum class Node { kStart, kEnd, kText, kOther };

  /// A reader over `xml` (which must outlive it); `part` names it in error messages ("word/document.xml").
  /// Throws ExtractError if `xml` is too large for libxml2 (over 2 GB).
  XmlReader(std::string_view xml, std::string part);
  /// Frees the parser.
  ~XmlReader();
  XmlReader(const XmlReader &) = delete;
  XmlReader &operator=(const XmlReader &) = delete;

  /// Moves to the next node; false at the end of the document. Throws ExtractError naming the part,
  /// line and libxml2's message if the XML is malformed (or nested too deep).
  bool next();
  /// Skips the current element's content: the next next() reads what follows its end. For an element
  /// start only; an empty element has nothing to skip.
  void skip_content();

  /// The kind of the current node. An empty element (<w:tab/>) is a kStart with empty() true and no kEnd.
  Node node() const;
  /// True if the current node is an element written empty (<w:tab/>).
  bool empty() const;
  /// True if the current node is an element named `local` in namespace `ns`.
  bool is(std::string_view ns, std::string_view local) const;
  /// The namespace URI of the current node ("" if none).
  std::string_view ns() const;
  /// The local name of the current node.
  std::string_view local_name() const;
  /// The value of the current element's attribute `local` in namespace `ns` ("" for none), or "" if absent.
  std::string attribute(std::string_view ns, std::string_view local) const;
  /// The text of the current text, CDATA or whitespace node.
  std::string_view text() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace parasearch::detail
