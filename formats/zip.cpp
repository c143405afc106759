// ZipArchive: libzip over a buffer in memory, with size, ratio and inflation caps against zip bombs.
#include "formats/zip.hpp"

#include "common/units.hpp"

#include "parasearch/extract.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdio>

namespace parasearch::detail {
namespace {

// A member this much smaller packed than unpacked is a zip bomb, once it is big enough to matter: zeros
// deflate at about 1030:1, real DOCX/ODT XML at 5-20:1, and even XML repeating one paragraph 100,000 times
// at about 260:1 (not refused: the size limit still caps what it may cost).
constexpr double kBombRatio = 500;
constexpr std::uint64_t kBombMinBytes = std::uint64_t{8} << 20;

std::string libzip_message(zip_error_t *error) {
  std::string message = zip_error_strerror(error);
  zip_error_fini(error);
  return message;
}

} // namespace

struct ZipArchive::Impl {
  zip_t *zip = nullptr;
  std::size_t limit = 0; // bytes that may still be inflated

  // Index of member `name`, or -1.
  zip_int64_t locate(std::string_view name) const {
    return zip_name_locate(zip, std::string(name).c_str(), ZIP_FL_ENC_RAW);
  }
};

ZipArchive::ZipArchive(std::string_view bytes, std::size_t max_unpacked_bytes) : impl_(std::make_unique<Impl>()) {
  impl_->limit = max_unpacked_bytes;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) throw ExtractError("cannot read the zip archive: " + libzip_message(&error));
  impl_->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (impl_->zip == nullptr) {
    zip_source_free(source);
    if (zip_error_code_zip(&error) == ZIP_ER_NOZIP) {
      zip_error_fini(&error);
      throw ExtractError("not a zip archive, or a truncated one (no zip directory at its end)");
    }
    throw ExtractError("a damaged zip archive: " + libzip_message(&error));
  }
  zip_error_fini(&error);
}

ZipArchive::~ZipArchive() {
  if (impl_ && impl_->zip) zip_discard(impl_->zip);
}

bool ZipArchive::has(std::string_view name) const { return impl_->locate(name) >= 0; }

std::optional<std::string> ZipArchive::read(std::string_view name) {
  const zip_int64_t index = impl_->locate(name);
  if (index < 0) return std::nullopt;
  const std::string member(name);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(impl_->zip, static_cast<zip_uint64_t>(index), 0, &st) != 0)
    throw ExtractError("a damaged zip archive: " + member + ": " + zip_strerror(impl_->zip));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    throw ExtractError(member + " is encrypted (password-protected)");
  if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0))
    throw ExtractError(member + " uses a compression method this build cannot read (" + std::to_string(st.comp_method) +
                       ")");
  const std::uint64_t declared = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
  const std::uint64_t packed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  // Checked before inflating anything: what the archive declares.
  const bool bomb_ratio =
      declared >= kBombMinBytes && static_cast<double>(declared) > kBombRatio * static_cast<double>(packed);
  if (bomb_ratio || declared > impl_->limit) {
    const std::string sizes = member + " would inflate to " + human_bytes(static_cast<double>(declared)) + " from " +
                              human_bytes(static_cast<double>(packed));
    if (bomb_ratio) throw ExtractError("zip bomb: " + sizes);
    throw ExtractError(sizes + ", over the limit of " + human_bytes(static_cast<double>(impl_->limit)));
  }
  zip_file_t *file = zip_fopen_index(impl_->zip, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) throw ExtractError("a damaged zip archive: " + member + ": " + zip_strerror(impl_->zip));
  // Inflated with a hard cap, whatever was declared: at most the declared size, and one byte more to see
  // whether it goes on past it.
  std::string out;
  out.resize(static_cast<std::size_t>(declared) + 1);
  std::size_t got = 0;
  std::string failure;
  while (got < out.size()) {
    const zip_int64_t n = zip_fread(file, out.data() + got, out.size() - got);
    if (n < 0) {
      failure = "a damaged zip archive: " + member + ": " + zip_file_strerror(file);
      break;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  zip_fclose(file);
  if (!failure.empty()) throw ExtractError(failure);
  if (got > declared)
    throw ExtractError("zip bomb: " + member + " inflates past its declared size of " +
                       human_bytes(static_cast<double>(declared)));
  out.resize(got);
  impl_->limit -= got;
  return out;
}

std::optional<std::string> ZipArchive::peek(std::string_view name, std::size_t max_bytes) const {
  const zip_int64_t index = impl_->locate(name);
  if (index < 0) return std::nullopt;
  zip_file_t *file = zip_fopen_index(impl_->zip, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) return std::nullopt;
  std::string out(max_bytes, '\0');
  std::size_t got = 0;
  bool ok = true;
  while (got < out.size()) {
    const zip_int64_t n = zip_fread(file, out.data() + got, out.size() - got);
    if (n < 0) ok = false;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  zip_fclose(file);
  if (!ok) return std::nullopt;
  out.resize(got);
  return out;
}

} // namespace parasearch::detail
