// A bounded pool of Searchers for a server's request threads: a Searcher is not safe for concurrent
// use, so each request checks one out for the length of its search. Each Searcher reopens the index
// itself when an indexer installs new buckets.
#pragma once

#include "parasearch/searcher.hpp"

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace parasearch::serve {

/// `size` Searchers of one index, each searching on one thread.
class SearcherPool {
public:
  /// Opens `size` (at least 1) Searchers of `db`; throws DatabaseError naming it if it cannot be read.
  SearcherPool(const std::filesystem::path &db, unsigned size);

  /// A checked-out Searcher, given back when the lease ends.
  class Lease {
  public:
    /// Gives the Searcher back to its pool.
    ~Lease();
    Lease(const Lease &) = delete;
    Lease &operator=(const Lease &) = delete;
    /// The Searcher, for this thread only while the lease lasts.
    Searcher &operator*() const { return *searcher_; }

  private:
    friend class SearcherPool;
    Lease(SearcherPool &pool, Searcher *searcher) : pool_(pool), searcher_(searcher) {}
    SearcherPool &pool_;
    Searcher *searcher_;
  };

  /// Waits until a Searcher is free and checks it out.
  Lease checkout();
  /// Number of Searchers.
  std::size_t size() const { return all_.size(); }

private:
  std::vector<std::unique_ptr<Searcher>> all_;
  std::vector<Searcher *> free_; // guarded by mutex_
  std::mutex mutex_;
  std::condition_variable returned_;
};

} // namespace parasearch::serve
