// Private: the threads a search runs on. Lane 0 is the calling thread; the others live as long as
// the pool and wait for the next job, spinning for a moment before they sleep.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace parasearch::detail {

/// Runs a job on every lane at once: lane 0 on the calling thread, the others on threads that live
/// as long as the pool. Waiting threads spin for a moment before they sleep: waking a sleeping
/// thread can take longer than a whole search (on virtual machines especially).
class LanePool {
public:
  /// Starts `lanes - 1` threads; throws std::system_error (with none left running) if it cannot.
  explicit LanePool(std::size_t lanes);
  /// Stops and joins the threads.
  ~LanePool();
  LanePool(const LanePool &) = delete;
  LanePool &operator=(const LanePool &) = delete;

  /// Runs `job(i)` for each lane i and waits for all; then rethrows the first exception, if any.
  void run(const std::function<void(std::size_t)> &job);

private:
  /// Tells every thread to stop, and joins them.
  void stop_all();
  /// The loop of the thread of lane `lane`: waits for a job, runs it, reports its exception.
  void serve(std::size_t lane);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::size_t)> *job_ = nullptr; // guarded by mutex_
  std::vector<std::exception_ptr> *errors_ = nullptr;     // guarded by mutex_
  std::atomic<std::size_t> pending_{0};
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
};

} // namespace parasearch::detail
