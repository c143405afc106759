// XmlReader: libxml2's xmlTextReader with NONET, no entity expansion, errors captured as ExtractError.
#include "formats/xml_reader.hpp"

#include "formats/libxml.hpp"

#include "parasearch/extract.hpp"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include <climits>

namespace parasearch::detail {
namespace {

std::string_view view(const xmlChar *s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char *>(s));
}

} // namespace

struct XmlReader::Impl {
  xmlTextReaderPtr reader = nullptr;
  std::string part;
  std::string error; // the first error libxml2 reported
  int pending = -1;  // skip_content() already moved: its xmlTextReaderNext() result, else -1
  int type = XML_READER_TYPE_NONE;

  static void on_error(void *self, xmlErrorPtr e) {
    auto *impl = static_cast<Impl *>(self);
    if (e == nullptr || e->level < XML_ERR_ERROR || !impl->error.empty()) return;
    // libxml2's messages may span lines ("Input is not proper UTF-8, indicate encoding !\nBytes: ..."):
    // one line, whitespace collapsed, as every ExtractError is.
    std::string message;
    for (const char *c = e->message ? e->message : "malformed XML"; *c != '\0'; ++c) {
      const bool space = *c == '\n' || *c == '\r' || *c == '\t' || *c == ' ';
      if (!space)
        message += *c;
      else if (!message.empty() && message.back() != ' ')
        message += ' ';
    }
    while (!message.empty() && message.back() == ' ')
      message.pop_back();
    impl->error = "line " + std::to_string(e->line) + ": " + message;
  }

  [[noreturn]] void fail() const {
    throw ExtractError(part + " is not well-formed XML (" + (error.empty() ? "parse error" : error) + ")");
  }
};

XmlReader::XmlReader(std::string_view xml, std::string part) : impl_(std::make_unique<Impl>()) {
  ensure_libxml();
  impl_->part = std::move(part);
  if (xml.size() > static_cast<std::size_t>(INT_MAX)) throw ExtractError(impl_->part + " is over 2 GB");
  // No XML_PARSE_NOENT (entities stay references), no DTD loading, no network.
  impl_->reader = xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                                     XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (impl_->reader == nullptr) throw ExtractError("cannot parse " + impl_->part);
  xmlTextReaderSetStructuredErrorHandler(impl_->reader, &Impl::on_error, impl_.get());
}

XmlReader::~XmlReader() {
  if (impl_ && impl_->reader) xmlFreeTextReader(impl_->reader);
}

bool XmlReader::next() {
  int rc = impl_->pending;
  impl_->pending = -1;
  if (rc < 0) rc = xmlTextReaderRead(impl_->reader);
  if (rc < 0 || !impl_->error.empty()) impl_->fail();
  if (rc == 0) return false;
  impl_->type = xmlTextReaderNodeType(impl_->reader);
  return true;
}

void XmlReader::skip_content() {
  if (impl_->type != XML_READER_TYPE_ELEMENT || empty()) return;
  const int rc = xmlTextReaderNext(impl_->reader);
  if (rc < 0 || !impl_->error.empty()) impl_->fail();
  impl_->pending = rc; // next() returns the node we are on now
}

XmlReader::Node XmlReader::node() const {
  switch (impl_->type) {
  case XML_READER_TYPE_ELEMENT: return Node::kStart;
  case XML_READER_TYPE_END_ELEMENT: return Node::kEnd;
  case XML_READER_TYPE_TEXT:
  case XML_READER_TYPE_CDATA:
  case XML_READER_TYPE_WHITESPACE:
  case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: return Node::kText;
  default: return Node::kOther;
  }
}

bool XmlReader::empty() const {
  return impl_->type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(impl_->reader) == 1;
}

bool XmlReader::is(std::string_view ns_uri, std::string_view local) const {
  return (impl_->type == XML_READER_TYPE_ELEMENT || impl_->type == XML_READER_TYPE_END_ELEMENT) &&
         local_name() == local && ns() == ns_uri;
}

std::string_view XmlReader::ns() const { return view(xmlTextReaderConstNamespaceUri(impl_->reader)); }

std::string_view XmlReader::local_name() const { return view(xmlTextReaderConstLocalName(impl_->reader)); }

std::string XmlReader::attribute(std::string_view ns_uri, std::string_view local) const {
  if (impl_->type != XML_READER_TYPE_ELEMENT) return "";
  const std::string l(local), n(ns_uri);
  xmlChar *value = n.empty() ? xmlTextReaderGetAttribute(impl_->reader, reinterpret_cast<const xmlChar *>(l.c_str()))
                             : xmlTextReaderGetAttributeNs(impl_->reader, reinterpret_cast<const xmlChar *>(l.c_str()),
                                                           reinterpret_cast<const xmlChar *>(n.c_str()));
  if (value == nullptr) return "";
  std::string out(view(value));
  xmlFree(value);
  return out;
}

std::string_view XmlReader::text() const { return view(xmlTextReaderConstValue(impl_->reader)); }

} // namespace parasearch::detail
