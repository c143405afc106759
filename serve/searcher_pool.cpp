#include "serve/searcher_pool.hpp"

#include <algorithm>

namespace parasearch::serve {

SearcherPool::SearcherPool(const std::filesystem::path &db, unsigned size) {
  for (unsigned i = 0; i < std::max(size, 1u); ++i) {
    all_.push_back(std::make_unique<Searcher>(db, 1));
    free_.push_back(all_.back().get());
  }
}

SearcherPool::Lease SearcherPool::checkout() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !free_.empty(); });
  Searcher *s = free_.back();
  free_.pop_back();
  return Lease(*this, s);
}

SearcherPool::Lease::~Lease() {
  {
    const std::lock_guard lock(pool_.mutex_);
    pool_.free_.push_back(searcher_);
  }
  pool_.returned_.notify_one();
}

} // namespace parasearch::serve
