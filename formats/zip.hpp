// Private: reading members of a zip archive held in memory (DOCX and ODT are zips), with the checks a
// hostile archive needs: sizes and compression ratio checked before inflating, and a hard cap on what is
// inflated whatever the archive declares.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace parasearch::detail {

/// A zip archive opened over bytes in memory (which must outlive it). Not thread-safe; one per file.
class ZipArchive {
public:
  /// Opens `bytes` as a zip archive whose members may inflate to `max_unpacked_bytes` in all; throws
  /// ExtractError ("not a zip archive", "a damaged zip archive: ...") if it cannot be opened.
  ZipArchive(std::string_view bytes, std::size_t max_unpacked_bytes);
  /// Closes the archive (the bytes are not touched).
  ~ZipArchive();
  ZipArchive(const ZipArchive &) = delete;
  ZipArchive &operator=(const ZipArchive &) = delete;

  /// True if the archive has a member named exactly `name`.
  bool has(std::string_view name) const;

  /// The inflated content of member `name`, or nullopt if there is none. Throws ExtractError, before
  /// inflating anything, if its declared size is over the limit left (what earlier reads used counts),
  /// or its compression ratio is that of a zip bomb ("zip bomb: word/document.xml would inflate to
  /// 1.1 GB"); while inflating, if it inflates past its declared size or the limit; and if it is
  /// encrypted, damaged or uses an unsupported compression method.
  std::optional<std::string> read(std::string_view name);

  /// The first `max_bytes` bytes of member `name` inflated (for sniffing the ODF mimetype), or nullopt
  /// if there is none or it cannot be read. Never throws.
  std::optional<std::string> peek(std::string_view name, std::size_t max_bytes) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace parasearch::detail
