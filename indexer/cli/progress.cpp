#include "indexer/cli/progress.hpp"

namespace parasearch::cli {

std::string progress_line(std::size_t done, std::size_t total, std::uintmax_t bytes, double seconds) {
  const double frac = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  const int width = 30;
  const int filled = static_cast<int>(frac * width);
  std::string bar(static_cast<std::size_t>(filled), '=');
  if (filled < width) bar += '>' + std::string(static_cast<std::size_t>(width - filled - 1), ' ');
  const double eta = frac > 0 ? seconds * (1 - frac) / frac : 0;
  const double rate = seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0;
  char line[160];
  std::snprintf(line, sizeof line, "[%s] %zu/%zu files  %5.1f MB/s  ETA %d:%02d ", bar.c_str(), done, total, rate,
                static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  return line;
}

void ProgressBar::update(const FileEvent &ev) {
  bytes_ += ev.bytes;
  const auto now = std::chrono::steady_clock::now();
  if (ev.done != ev.total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::fprintf(out_, "\r%s", progress_line(ev.done, ev.total, bytes_, elapsed).c_str());
  drawn_ = true;
}

void ProgressBar::clear() {
  if (drawn_) std::fprintf(out_, "\r%*s\r", 72, "");
  drawn_ = false;
}

} // namespace parasearch::cli
