// Small DOCX and ODT files made in memory for tests: the XML parts a word processor writes, zipped with
// support/zip_writer.hpp. Only the parts parasearch reads (and [Content_Types].xml, for realism).
#pragma once

#include "support/zip_writer.hpp"

#include <string>
#include <vector>

namespace parasearch::test {

/// WordprocessingML's namespace declaration, for hand-written document.xml bodies.
inline constexpr const char *kWordNs = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// A w:p with one run holding `text` (no escaping: pass XML-safe text), styled `style` if not empty.
inline std::string w_p(const std::string &text, const std::string &style = "") {
  std::string p = "<w:p>";
  if (!style.empty()) p += "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
  return p + "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
}

/// What goes into a DOCX made by docx().
struct DocxParts {
  std::string body;       ///< Inside <w:body>: paragraphs (w_p()) and tables.
  std::string title;      ///< docProps/core.xml dc:title ("" = no core.xml unless language is set).
  std::string language;   ///< docProps/core.xml dc:language, e.g. "fr-FR".
  std::string styles_xml; ///< word/styles.xml, whole ("" = none).
};

/// A DOCX file's bytes.
inline std::string docx(const DocxParts &parts) {
  std::vector<ZipMember> members;
  members.push_back({"[Content_Types].xml",
                     "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                     "content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
                     "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"});
  members.push_back({"word/document.xml", std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                                                      "<w:document ") +
                                              kWordNs + "><w:body>" + parts.body + "</w:body></w:document>"});
  if (!parts.styles_xml.empty()) members.push_back({"word/styles.xml", parts.styles_xml});
  if (!parts.title.empty() || !parts.language.empty()) {
    std::string core = "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
                       "package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">";
    if (!parts.title.empty()) core += "<dc:title>" + parts.title + "</dc:title>";
    if (!parts.language.empty()) core += "<dc:language>" + parts.language + "</dc:language>";
    members.push_back({"docProps/core.xml", core + "</cp:coreProperties>"});
  }
  return make_zip(members);
}

/// The namespace declarations an ODT's content.xml uses.
inline constexpr const char *kOdfNs = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                                      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
                                      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
                                      "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
                                      "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
                                      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"";

/// What goes into an ODT made by odt().
struct OdtParts {
  std::string body;             ///< Inside <office:text>: text:p, text:h, text:list, table:table.
  std::string title;            ///< meta.xml dc:title ("" = no meta.xml unless language is set).
  std::string language;         ///< meta.xml dc:language.
  std::string default_language; ///< styles.xml default paragraph style's fo:language ("" = no styles.xml).
  std::string mimetype = "application/vnd.oasis.opendocument.text"; ///< The mimetype member.
};

/// An ODT file's bytes (mimetype first and stored, as ODF requires).
inline std::string odt(const OdtParts &parts) {
  std::vector<ZipMember> members;
  members.push_back({"mimetype", parts.mimetype, false});
  members.push_back({"content.xml", std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content ") +
                                        kOdfNs + "><office:body><office:text>" + parts.body +
                                        "</office:text></office:body></office:document-content>"});
  if (!parts.default_language.empty())
    members.push_back({"styles.xml", std::string("<office:document-styles ") + kOdfNs +
                                         "><office:styles><style:default-style style:family=\"paragraph\">"
                                         "<style:text-properties fo:language=\"" +
                                         parts.default_language +
                                         "\"/></style:default-style></office:styles></office:document-styles>"});
  if (!parts.title.empty() || !parts.language.empty()) {
    std::string meta = std::string("<office:document-meta ") + kOdfNs + "><office:meta>";
    if (!parts.title.empty()) meta += "<dc:title>" + parts.title + "</dc:title>";
    if (!parts.language.empty()) meta += "<dc:language>" + parts.language + "</dc:language>";
    members.push_back({"meta.xml", meta + "</office:meta></office:document-meta>"});
  }
  return make_zip(members);
}

} // namespace parasearch::test
