// Private to parasearch-index: the progress bar drawn on a terminal while indexing.
#pragma once

#include "parasearch/indexer.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace parasearch::cli {

/// The bar's text for `done` of `total` files, `bytes` read in `seconds`:
/// "[====>   ] 3/10 files    1.5 MB/s  ETA 0:07 " (the rate is 0.0 before any time has passed).
std::string progress_line(std::size_t done, std::size_t total, std::uintmax_t bytes, double seconds);

/// A one-line progress bar on a stream (stderr), redrawn at most 10 times a second.
class ProgressBar {
public:
  /// Draws on `out`, which must outlive the bar.
  explicit ProgressBar(std::FILE *out) : out_(out) {}
  /// Counts the file of `ev` (its bytes read) and redraws the bar if 0.1 s passed or the run is done.
  void update(const FileEvent &ev);
  /// Erases the bar, if drawn, so a message can be printed on a clean line.
  void clear();

private:
  std::FILE *out_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
  std::uintmax_t bytes_ = 0;
  bool drawn_ = false;
};

} // namespace parasearch::cli
