#include "common/record.hpp"

namespace parasearch::detail {
namespace {

constexpr char kStateVersion = 1;
constexpr char kRecordVersion = 1;

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
  return out;
}

std::optional<FileState> decode_state(std::string_view bytes) {
  Reader r(bytes);
  FileState s;
  char version = 0;
  std::uint64_t mtime = 0, paragraphs = 0;
  if (!r.byte(version) || version != kStateVersion || !r.string(s.path) || !r.string(s.root) || !r.varint(s.size) ||
      !r.varint(mtime) || !r.varint(s.content_hash) || !r.varint(paragraphs) || !r.done())
    return std::nullopt;
  s.mtime_ns = static_cast<std::int64_t>(mtime);
  s.paragraphs = static_cast<std::uint32_t>(paragraphs);
  return s;
}

std::string encode_record(const FileRecord &rec) {
  std::string out(1, kRecordVersion);
  put_string(out, rec.path);
  put_string(out, rec.title);
  put_varint(out, rec.fields.size());
  for (const auto &[k, v] : rec.fields) {
    put_string(out, k);
    put_string(out, v);
  }
  put_varint(out, rec.paragraphs.size());
  for (const auto &p : rec.paragraphs)
    put_string(out, p);
  return out;
}

std::optional<FileRecord> decode_record(std::string_view bytes) {
  Reader r(bytes);
  FileRecord rec;
  char version = 0;
  std::uint64_t n = 0;
  if (!r.byte(version) || version != kRecordVersion || !r.string(rec.path) || !r.string(rec.title) || !r.varint(n) ||
      n > bytes.size())
    return std::nullopt;
  rec.fields.resize(n);
  for (auto &[k, v] : rec.fields)
    if (!r.string(k) || !r.string(v)) return std::nullopt;
  if (!r.varint(n) || n > bytes.size()) return std::nullopt;
  rec.paragraphs.resize(n);
  for (auto &p : rec.paragraphs)
    if (!r.string(p)) return std::nullopt;
  if (!r.done()) return std::nullopt;
  return rec;
}

} // namespace parasearch::detail
