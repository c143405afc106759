// Zip archives written byte by byte (zlib's raw deflate), for DOCX/ODT tests: members stored or deflated,
// declared sizes that lie, and zip bombs (gigabytes of zeros in about a megabyte) made in milliseconds.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parasearch::test {

/// One member of a zip written by make_zip().
struct ZipMember {
  std::string name;       ///< Its path in the archive ("word/document.xml").
  std::string data;       ///< Its content (for a bomb: its deflated stream, see zeros_bomb()).
  bool deflate = true;    ///< Deflate `data` (else store it as is).
  bool raw = false;       ///< `data` is already a deflate stream (no compression done here).
  std::uint32_t size = 0; ///< raw: the inflated size to declare.
  std::uint32_t crc = 0;  ///< raw: the CRC-32 of the inflated content.
  std::optional<std::uint32_t> declare = std::nullopt; ///< Declare this inflated size instead of the true one (a lie).
};

namespace zip_detail {

/// Appends `v` as 2 bytes, little-endian.
inline void put16(std::string &out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
/// Appends `v` as 4 bytes, little-endian.
inline void put32(std::string &out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

/// Raw deflate of `data` (no zlib header), finished.
inline std::string deflate_raw(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef *>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

} // namespace zip_detail

/// The bytes of a zip archive holding `members`, in order (no zip64: each under 4 GiB).
inline std::string make_zip(const std::vector<ZipMember> &members) {
  using zip_detail::put16;
  using zip_detail::put32;
  std::string out, directory;
  for (const ZipMember &m : members) {
    const std::uint32_t offset = static_cast<std::uint32_t>(out.size());
    std::string packed;
    std::uint32_t crc = m.crc, size = m.size;
    if (m.raw) {
      packed = m.data;
    } else {
      crc = static_cast<std::uint32_t>(
          crc32(0, reinterpret_cast<const Bytef *>(m.data.data()), static_cast<uInt>(m.data.size())));
      size = static_cast<std::uint32_t>(m.data.size());
      packed = m.deflate ? zip_detail::deflate_raw(m.data) : m.data;
    }
    const std::uint32_t method = (m.deflate || m.raw) ? 8 : 0;
    const std::uint32_t declared = m.declare.value_or(size);
    auto header = [&](std::string &h, bool central) {
      put32(h, central ? 0x02014b50 : 0x04034b50);
      if (central) put16(h, 20); // version made by
      put16(h, 20);              // version needed
      put16(h, 0);               // flags
      put16(h, method);
      put16(h, 0);    // time
      put16(h, 0x21); // date: 1980-01-01
      put32(h, crc);
      put32(h, static_cast<std::uint32_t>(packed.size()));
      put32(h, declared);
      put16(h, static_cast<std::uint32_t>(m.name.size()));
      put16(h, 0); // extra
      if (central) {
        put16(h, 0); // comment
        put16(h, 0); // disk
        put16(h, 0); // internal attributes
        put32(h, 0); // external attributes
        put32(h, offset);
      }
      h += m.name;
    };
    header(out, false);
    out += packed;
    header(directory, true);
  }
  const std::uint32_t directory_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(members.size()));
  put16(out, static_cast<std::uint32_t>(members.size()));
  put32(out, static_cast<std::uint32_t>(directory.size()));
  put32(out, directory_offset);
  put16(out, 0);
  return out;
}

/// A member `name` that inflates to `mib` MiB of zero bytes (under 4096), from about mib KB of deflate
/// data: one fully flushed deflate of 1 MiB of zeros repeated (its back-references stay inside it),
/// then the final block. Its declared size is the true one unless `declare` is given.
inline ZipMember zeros_bomb(const std::string &name, std::uint32_t mib,
                            std::optional<std::uint32_t> declare = std::nullopt) {
  const std::string zeros(std::size_t{1} << 20, '\0');
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string chunk(deflateBound(&z, zeros.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(zeros.data()));
  z.avail_in = static_cast<uInt>(zeros.size());
  z.next_out = reinterpret_cast<Bytef *>(chunk.data());
  z.avail_out = static_cast<uInt>(chunk.size());
  deflate(&z, Z_FULL_FLUSH);
  chunk.resize(z.total_out);
  char tail[64];
  z.next_out = reinterpret_cast<Bytef *>(tail);
  z.avail_out = sizeof tail;
  deflate(&z, Z_FINISH);
  const std::string final_block(tail, sizeof tail - z.avail_out);
  deflateEnd(&z);
  ZipMember m;
  m.name = name;
  m.raw = true;
  m.data.reserve(chunk.size() * mib + final_block.size());
  const uLong chunk_crc = crc32(0, reinterpret_cast<const Bytef *>(zeros.data()), static_cast<uInt>(zeros.size()));
  uLong crc = 0;
  for (std::uint32_t i = 0; i < mib; ++i) {
    m.data += chunk;
    crc = crc32_combine(crc, chunk_crc, static_cast<z_off_t>(zeros.size()));
  }
  m.data += final_block;
  m.crc = static_cast<std::uint32_t>(crc);
  m.size = static_cast<std::uint32_t>(std::uint64_t{mib} << 20);
  m.declare = declare;
  return m;
}

} // namespace parasearch::test
