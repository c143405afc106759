// DOCX and ODT readers: the zip's main XML part walked as a stream (formats/xml_reader.hpp) into
// paragraphs and table rows (formats/office_text.hpp); title and language from the document properties
// and the default style; and detect_office(), which tells them from other zips by their members.
#include "formats/office_text.hpp"
#include "formats/readers.hpp"
#include "formats/xml_reader.hpp"
#include "formats/zip.hpp"
#include "parasearch/language.hpp"
#include "parasearch/text.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace parasearch::detail {
namespace {

// Namespaces (matched by URI, whatever the prefix).
constexpr std::string_view kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view kMc = "http://schemas.openxmlformats.org/markup-compatibility/2006";
constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr std::string_view kTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
constexpr std::string_view kOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr std::string_view kStyle = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
constexpr std::string_view kFo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
constexpr std::string_view kSvg = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";

constexpr std::string_view kOdtMimetype = "application/vnd.oasis.opendocument.text";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// ---- DOCX -------------------------------------------------------------------------------------------

// True if the current element is WordprocessingML's `local` (transitional or strict namespace).
bool is_w(const XmlReader &x, std::string_view local) { return x.is(kW, local) || x.is(kWStrict, local); }

// A w:val attribute (either namespace).
std::string w_val(const XmlReader &x) {
  std::string v = x.attribute(kW, "val");
  return v.empty() ? x.attribute(kWStrict, "val") : v;
}

// What word/styles.xml says: which paragraph styles are headings, and the default language.
struct DocxStyles {
  std::unordered_set<std::string> headings; // style ids
  bool known = false;                       // styles.xml was read
  std::string language;
};

DocxStyles read_docx_styles(const std::string &xml) {
  DocxStyles styles;
  styles.known = true;
  XmlReader x(xml, "word/styles.xml");
  std::string id;           // the w:style being read
  bool in_defaults = false; // inside w:docDefaults
  while (x.next()) {
    if (x.node() == XmlReader::Node::kEnd) {
      if (is_w(x, "docDefaults")) in_defaults = false;
      if (is_w(x, "style")) id.clear();
      continue;
    }
    if (x.node() != XmlReader::Node::kStart) continue;
    if (is_w(x, "docDefaults")) {
      in_defaults = !x.empty();
    } else if (is_w(x, "style")) {
      const std::string type = x.attribute(kW, "type") + x.attribute(kWStrict, "type");
      id = type == "paragraph" && !x.empty() ? x.attribute(kW, "styleId") + x.attribute(kWStrict, "styleId") : "";
    } else if (!id.empty() && is_w(x, "name")) {
      const std::string name = lower(w_val(x));
      if (name.starts_with("heading") || name == "title") styles.headings.insert(id);
    } else if (!id.empty() && is_w(x, "outlineLvl")) {
      const std::string level = w_val(x);
      if (!level.empty() && level != "9") styles.headings.insert(id);
    } else if (in_defaults && is_w(x, "lang") && styles.language.empty()) {
      styles.language = normalise_language_tag(w_val(x));
    }
  }
  return styles;
}

bool docx_heading_style(const DocxStyles &styles, const std::string &id) {
  if (styles.known) return styles.headings.contains(id);
  const std::string l = lower(id);
  return l.starts_with("heading") || l == "title";
}

// dc:title and dc:language of docProps/core.xml or meta.xml.
struct Properties {
  std::string title, language;
};

Properties read_properties(const std::string &xml, const std::string &part) {
  Properties props;
  XmlReader x(xml, part);
  std::string *field = nullptr;
  while (x.next()) {
    if (x.node() == XmlReader::Node::kStart) {
      field = x.is(kDc, "title") ? &props.title : x.is(kDc, "language") ? &props.language : nullptr;
      if (x.empty()) field = nullptr;
    } else if (x.node() == XmlReader::Node::kEnd) {
      field = nullptr;
    } else if (x.node() == XmlReader::Node::kText && field != nullptr) {
      *field += x.text();
    }
  }
  props.language = normalise_language_tag(props.language);
  return props;
}

void read_docx_body(const std::string &xml, const DocxStyles &styles, OfficeText &out) {
  XmlReader x(xml, "word/document.xml");
  bool in_t = false; // inside w:t
  while (x.next()) {
    switch (x.node()) {
    case XmlReader::Node::kStart:
      // Not text of the document as it reads now: deletions, moved-away text, field codes; and
      // mc:Fallback, the copy of mc:Choice for older readers (text boxes would come twice).
      if (is_w(x, "del") || is_w(x, "moveFrom") || is_w(x, "delText") || is_w(x, "instrText") ||
          is_w(x, "delInstrText") || x.is(kMc, "Fallback")) {
        x.skip_content();
      } else if (is_w(x, "p")) {
        out.begin_paragraph(false);
        if (x.empty()) out.end_paragraph();
      } else if (is_w(x, "pStyle")) {
        if (docx_heading_style(styles, w_val(x))) out.mark_heading();
      } else if (is_w(x, "outlineLvl")) {
        if (const std::string level = w_val(x); !level.empty() && level != "9") out.mark_heading();
      } else if (is_w(x, "t")) {
        in_t = !x.empty();
      } else if (is_w(x, "tab") || is_w(x, "br") || is_w(x, "cr")) {
        out.append(" ");
      } else if (is_w(x, "noBreakHyphen")) {
        out.append("-");
      } else if (is_w(x, "tr")) {
        out.begin_row();
        if (x.empty()) out.end_row();
      } else if (is_w(x, "tc")) {
        out.begin_cell();
      }
      break;
    case XmlReader::Node::kEnd:
      if (is_w(x, "t"))
        in_t = false;
      else if (is_w(x, "p"))
        out.end_paragraph();
      else if (is_w(x, "tr"))
        out.end_row();
      break;
    case XmlReader::Node::kText:
      if (in_t) out.append(x.text());
      break;
    case XmlReader::Node::kOther: break;
    }
  }
}

// ---- ODT --------------------------------------------------------------------------------------------

// The default paragraph language of an ODT's styles.xml (style:default-style family="paragraph").
std::string read_odt_styles_language(const std::string &xml) {
  XmlReader x(xml, "styles.xml");
  bool in_default = false;
  while (x.next()) {
    if (x.node() == XmlReader::Node::kEnd && x.is(kStyle, "default-style")) in_default = false;
    if (x.node() != XmlReader::Node::kStart) continue;
    if (x.is(kStyle, "default-style")) {
      in_default = !x.empty() && x.attribute(kStyle, "family") == "paragraph";
    } else if (in_default && x.is(kStyle, "text-properties")) {
      if (std::string code = normalise_language_tag(x.attribute(kFo, "language")); !code.empty()) return code;
    }
  }
  return "";
}

void read_odt_body(const std::string &xml, OfficeText &out) {
  XmlReader x(xml, "content.xml");
  unsigned paragraphs = 0; // open text:p / text:h
  while (x.next()) {
    switch (x.node()) {
    case XmlReader::Node::kStart: {
      const std::string_view ns = x.ns();
      const std::string_view name = x.local_name();
      if (ns == kText) {
        // Not body text: footnotes and endnotes (mid-sentence), tracked deletions, generated indexes
        // (a table of contents repeats the headings).
        if (name == "note" || name == "tracked-changes" || name == "table-of-content" || name == "alphabetical-index" ||
            name == "illustration-index" || name == "table-index" || name == "object-index" || name == "user-index" ||
            name == "bibliography" || name == "sequence-decls") {
          x.skip_content();
        } else if (name == "p" || name == "h") {
          out.begin_paragraph(name == "h");
          ++paragraphs;
          if (x.empty()) out.end_paragraph(), --paragraphs;
        } else if (name == "s" || name == "tab" || name == "line-break") {
          out.append(" ");
        }
      } else if (ns == kTable) {
        if (name == "table-row") {
          out.begin_row();
          if (x.empty()) out.end_row();
        } else if (name == "table-cell") {
          out.begin_cell();
        }
      } else if ((ns == kOffice && (name == "annotation" || name == "binary-data" || name == "automatic-styles" ||
                                    name == "font-face-decls" || name == "forms")) ||
                 (ns == kSvg && (name == "title" || name == "desc"))) {
        x.skip_content(); // comments, embedded images, style and form definitions, image descriptions
      }
      break;
    }
    case XmlReader::Node::kEnd:
      if (x.is(kText, "p") || x.is(kText, "h")) {
        out.end_paragraph();
        if (paragraphs > 0) --paragraphs;
      } else if (x.is(kTable, "table-row")) {
        out.end_row();
      }
      break;
    case XmlReader::Node::kText:
      if (paragraphs > 0) out.append(x.text());
      break;
    case XmlReader::Node::kOther: break;
    }
  }
}

// `parse(xml)` of an optional part (styles, properties): its value, or `fallback` if the part is not
// well-formed XML (the body is still worth reading). Zip errors (a bomb, damage) are thrown before this.
template <typename T, typename Parse> T optional_part(const std::string &xml, Parse parse, T fallback) {
  try {
    return parse(xml);
  } catch (const ExtractError &) {
    return fallback;
  }
}

// True if `name` ends in `ext` (".docx"), any case.
bool has_extension(std::string_view name, std::string_view ext) {
  return name.size() >= ext.size() && lower(name.substr(name.size() - ext.size())) == ext;
}

} // namespace

std::optional<Format> detect_office(std::string_view bytes, std::string_view name) {
  std::optional<Format> by_name;
  if (has_extension(name, ".docx")) by_name = Format::kDocx;
  if (has_extension(name, ".odt")) by_name = Format::kOdt;
  if (!bytes.starts_with("PK\x03\x04") && !bytes.starts_with("PK\x05\x06")) {
    // Named .docx or .odt but no zip: claimed only if it is binary data in no other known format, so
    // that the reader can say what is wrong ("not a zip archive"); text stays text, a PDF a PDF.
    if (by_name) {
      const std::optional<std::string> reason = binary_reason(bytes);
      if (reason && reason->starts_with("binary data")) return by_name;
    }
    return std::nullopt;
  }
  try {
    const ZipArchive zip(bytes, 0);
    if (zip.has("word/document.xml")) return Format::kDocx;
    if (const auto mimetype = zip.peek("mimetype", 128)) {
      std::string_view m = *mimetype;
      while (!m.empty() && std::isspace(static_cast<unsigned char>(m.back())))
        m.remove_suffix(1);
      if (m == kOdtMimetype) return Format::kOdt;
    }
    return std::nullopt; // another kind of zip: XLSX, PPTX, ODS, a plain archive (binary_reason names it)
  } catch (const ExtractError &) {
    // A damaged zip (truncated: no directory at its end). Its first local headers may still say what it
    // was; the reader then reports the damage.
    const std::string_view head = bytes.substr(0, std::size_t{64} * 1024);
    if (head.find("word/document.xml") != std::string_view::npos) return Format::kDocx;
    const std::string odt = "mimetype" + std::string(kOdtMimetype);
    if (const std::size_t at = head.find(odt);
        at != std::string_view::npos && (at + odt.size() == head.size() || head[at + odt.size()] != '-'))
      return Format::kOdt;
    return by_name;
  }
}

ExtractedDocument read_docx(std::string_view bytes, const ExtractOptions &options) {
  ZipArchive zip(bytes, options.max_unpacked_bytes);
  const std::optional<std::string> body = zip.read("word/document.xml");
  if (!body) throw ExtractError("not a Word document: the zip archive has no word/document.xml");
  DocxStyles styles;
  if (const auto xml = zip.read("word/styles.xml")) styles = optional_part(*xml, read_docx_styles, DocxStyles{});
  Properties props;
  if (const auto xml = zip.read("docProps/core.xml"))
    props = optional_part(
        *xml, [](const std::string &x) { return read_properties(x, "docProps/core.xml"); }, Properties{});
  OfficeText text;
  read_docx_body(*body, styles, text);
  return text.finish(Format::kDocx, props.title, props.language.empty() ? styles.language : props.language, options);
}

ExtractedDocument read_odt(std::string_view bytes, const ExtractOptions &options) {
  ZipArchive zip(bytes, options.max_unpacked_bytes);
  const std::optional<std::string> body = zip.read("content.xml");
  if (!body) throw ExtractError("not an OpenDocument text: the zip archive has no content.xml");
  Properties props;
  if (const auto xml = zip.read("meta.xml"))
    props = optional_part(
        *xml, [](const std::string &x) { return read_properties(x, "meta.xml"); }, Properties{});
  if (props.language.empty())
    if (const auto xml = zip.read("styles.xml"))
      props.language = optional_part(*xml, read_odt_styles_language, std::string());
  OfficeText text;
  read_odt_body(*body, text);
  return text.finish(Format::kOdt, props.title, props.language, options);
}

} // namespace parasearch::detail
