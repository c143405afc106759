#include "index/record.hpp"

namespace parasearch::detail {
namespace {

constexpr char kStateVersion = 1;
constexpr char kTallyVersion = 1;
constexpr char kParagraphVersion = 3;
// Bits of the place byte that follows the file id: which parts of a ParagraphPlace follow.
constexpr unsigned kHasPage = 1, kHasLabel = 2, kHasLanguage = 4;
constexpr char kPlain = 0, kWithHeader = 1;

void put_varint(std::string &out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_string(std::string &out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

class Reader {
public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool varint(std::uint64_t &v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      const auto b = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool string(std::string &s) {
    std::uint64_t n = 0;
    if (!varint(n) || n > in_.size() - pos_) return false;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool byte(char &c) {
    if (pos_ >= in_.size()) return false;
    c = in_[pos_++];
    return true;
  }
  bool done() const { return pos_ == in_.size(); }
  std::string_view rest() const { return in_.substr(pos_); }

private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

} // namespace

std::string encode_state(const FileState &s) {
  std::string out(1, kStateVersion);
  put_string(out, s.path);
  put_string(out, s.root);
  put_varint(out, s.size);
  put_varint(out, static_cast<std::uint64_t>(s.mtime_ns));
  put_varint(out, s.content_hash);
  put_varint(out, s.paragraphs);
  if (!s.skipped.empty()) put_string(out, s.skipped); // optional trailer: older states end before it
  return out;
}

std::optional<FileState> decode_state(std::string_view bytes) {
  Reader r(bytes);
  FileState s;
  char version = 0;
  std::uint64_t mtime = 0, paragraphs = 0;
  if (!r.byte(version) || version != kStateVersion || !r.string(s.path) || !r.string(s.root) || !r.varint(s.size) ||
      !r.varint(mtime) || !r.varint(s.content_hash) || !r.varint(paragraphs))
    return std::nullopt;
  if (!r.done() && (!r.string(s.skipped) || s.skipped.empty() || !r.done())) return std::nullopt;
  s.mtime_ns = static_cast<std::int64_t>(mtime);
  s.paragraphs = static_cast<std::uint32_t>(paragraphs);
  return s;
}

std::string encode_tally(const RootTally &tally) {
  std::string out(1, kTallyVersion);
  put_varint(out, tally.files);
  put_varint(out, tally.bytes);
  return out;
}

std::optional<RootTally> decode_tally(std::string_view bytes) {
  Reader r(bytes);
  RootTally t;
  char version = 0;
  if (!r.byte(version) || version != kTallyVersion || !r.varint(t.files) || !r.varint(t.bytes) || !r.done())
    return std::nullopt;
  return t;
}

FileHeader header_of(const FileRecord &record) {
  return {record.path, record.title, record.language, record.fields,
          static_cast<std::uint32_t>(record.paragraphs.size())};
}

std::string encode_paragraph(std::uint32_t number, std::uint64_t file_id, const FileHeader *header,
                             std::string_view text, const ParagraphPlace &place) {
  std::string out;
  out.reserve(text.size() + 16 + (header != nullptr ? header->path.size() + header->title.size() + 16 : 0));
  out += kParagraphVersion;
  out += header != nullptr ? kWithHeader : kPlain;
  put_varint(out, number);
  for (int shift = 56; shift >= 0; shift -= 8)
    out += static_cast<char>((file_id >> shift) & 0xFF);
  const unsigned has = (place.page != 0 ? kHasPage : 0) | (place.page_label.empty() ? 0 : kHasLabel) |
                       (place.language.empty() ? 0 : kHasLanguage);
  out += static_cast<char>(has);
  if ((has & kHasPage) != 0) put_varint(out, place.page);
  if ((has & kHasLabel) != 0) put_string(out, place.page_label);
  if ((has & kHasLanguage) != 0) put_string(out, place.language);
  if (header != nullptr) {
    put_string(out, header->path);
    put_string(out, header->title);
    put_string(out, header->language);
    put_varint(out, header->fields.size());
    for (const auto &[k, v] : header->fields) {
      put_string(out, k);
      put_string(out, v);
    }
    put_varint(out, header->paragraphs);
  }
  out.append(text); // the rest is the text: no length needed
  return out;
}

std::optional<StoredParagraph> decode_paragraph(std::string_view bytes) {
  Reader r(bytes);
  StoredParagraph out;
  char version = 0, kind = 0;
  std::uint64_t number = 0;
  if (!r.byte(version) || version != kParagraphVersion || !r.byte(kind) || !r.varint(number) || number == 0 ||
      number > UINT32_MAX)
    return std::nullopt;
  out.number = static_cast<std::uint32_t>(number);
  for (int i = 0; i < 8; ++i) {
    char c = 0;
    if (!r.byte(c)) return std::nullopt;
    out.file_id = (out.file_id << 8) | static_cast<unsigned char>(c);
  }
  if ((kind == kWithHeader) != (out.number == 1)) return std::nullopt; // the header is paragraph 1's
  char has_byte = 0;
  if (!r.byte(has_byte)) return std::nullopt;
  const auto has = static_cast<unsigned char>(has_byte);
  if ((has & ~(kHasPage | kHasLabel | kHasLanguage)) != 0) return std::nullopt;
  if ((has & kHasPage) != 0) {
    std::uint64_t page = 0;
    if (!r.varint(page) || page == 0 || page > UINT32_MAX) return std::nullopt;
    out.place.page = static_cast<std::uint32_t>(page);
  }
  if ((has & kHasLabel) != 0 && (!r.string(out.place.page_label) || out.place.page_label.empty())) return std::nullopt;
  if ((has & kHasLanguage) != 0 && (!r.string(out.place.language) || out.place.language.empty())) return std::nullopt;
  if (kind == kWithHeader) {
    FileHeader &h = out.header.emplace();
    std::uint64_t n = 0;
    if (!r.string(h.path) || !r.string(h.title) || !r.string(h.language) || !r.varint(n) || n > bytes.size())
      return std::nullopt;
    h.fields.resize(n);
    for (auto &[k, v] : h.fields)
      if (!r.string(k) || !r.string(v)) return std::nullopt;
    if (!r.varint(n) || n == 0 || n > UINT32_MAX) return std::nullopt;
    h.paragraphs = static_cast<std::uint32_t>(n);
  } else if (kind != kPlain) {
    return std::nullopt;
  }
  out.text.assign(r.rest());
  return out;
}

} // namespace parasearch::detail
