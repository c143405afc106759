#include "query/lane_pool.hpp"

#include <chrono>

namespace parasearch::detail {
namespace {

// Polls `ready` for up to a millisecond; true once it holds.
template <typename Ready> bool spin_until(const Ready &ready) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1);
  for (unsigned n = 0;; ++n) {
    if (ready()) return true;
    if ((n & 63) == 63 && std::chrono::steady_clock::now() > until) return false;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
  }
}

} // namespace

LanePool::LanePool(std::size_t lanes) {
  try {
    for (std::size_t i = 1; i < lanes; ++i)
      threads_.emplace_back([this, i] { serve(i); });
  } catch (...) {
    stop_all();
    throw;
  }
}

LanePool::~LanePool() { stop_all(); }

void LanePool::run(const std::function<void(std::size_t)> &job) {
  std::vector<std::exception_ptr> errors(threads_.size() + 1);
  if (!threads_.empty()) {
    const std::lock_guard<std::mutex> lock(mutex_);
    job_ = &job;
    errors_ = &errors;
    pending_.store(threads_.size(), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  try {
    job(0);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  if (!threads_.empty()) {
    if (!spin_until([&] { return pending_.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [&] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    job_ = nullptr;
    errors_ = nullptr;
  }
  for (const std::exception_ptr &e : errors)
    if (e) std::rethrow_exception(e);
}

void LanePool::stop_all() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
  for (std::thread &t : threads_)
    t.join();
  threads_.clear();
}

void LanePool::serve(std::size_t lane) {
  std::uint64_t seen = 0;
  for (;;) {
    const auto posted = [&] { return generation_.load(std::memory_order_acquire) != seen; };
    const std::function<void(std::size_t)> *job = nullptr;
    std::vector<std::exception_ptr> *errors = nullptr;
    {
      if (!spin_until([&] { return posted() || stop_.load(); })) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_.load() || posted(); });
      }
      const std::lock_guard<std::mutex> lock(mutex_);
      if (stop_.load()) return;
      seen = generation_.load(std::memory_order_acquire);
      job = job_;
      errors = errors_;
    }
    std::exception_ptr error;
    try {
      (*job)(lane);
    } catch (...) {
      error = std::current_exception();
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    (*errors)[lane] = error;
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) done_.notify_one();
  }
}

} // namespace parasearch::detail
