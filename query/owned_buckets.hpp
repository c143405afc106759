// Private: the filter that lets a lane rank only its own buckets while its Database holds them all.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>

namespace parasearch::detail {

/// A boolean filter matching every document of the buckets a lane owns and none of the others: a
/// lane's Database holds every bucket (so BM25 statistics are the whole index's) but ranks only its own.
class OwnedBuckets final : public Xapian::PostingSource {
public:
  /// Matches the documents of the buckets whose uuids are in `owned`.
  explicit OwnedBuckets(std::shared_ptr<const std::set<std::string>> owned) : owned_(std::move(owned)) {}
  /// Matches all of `db` if this lane owns it (by uuid), else nothing.
  void init(const Xapian::Database &db) override {
    last_ = owned_->count(db.get_uuid()) != 0 ? db.get_lastdocid() : 0;
    did_ = 0;
  }
  /// None is certain (docids may have gaps).
  Xapian::doccount get_termfreq_min() const override { return 0; }
  /// Every docid of an owned bucket.
  Xapian::doccount get_termfreq_est() const override { return last_; }
  /// Every docid of an owned bucket.
  Xapian::doccount get_termfreq_max() const override { return last_; }
  /// Moves to the next docid.
  void next(double) override { ++did_; }
  /// Moves to `did` (every docid of an owned bucket matches).
  void skip_to(Xapian::docid did, double) override { did_ = std::max(did_, did); }
  /// Moves to `did`: a match in an owned bucket, else past the end. Either way a definite position,
  /// so it returns true, as the contract asks. (Returning false at the end made Xapian 1.4's
  /// ExternalPostList drop the source and then call next() on it: a crash for OR of phrases.)
  bool check(Xapian::docid did, double) override {
    did_ = std::max(did_, did);
    return true;
  }
  /// Past the last docid (at once for a bucket of another lane).
  bool at_end() const override { return did_ > last_; }
  /// The current docid.
  Xapian::docid get_docid() const override { return did_; }
  /// A copy for another bucket.
  OwnedBuckets *clone() const override { return new OwnedBuckets(owned_); }
  /// "parasearch.owned".
  std::string name() const override { return "parasearch.owned"; }

private:
  std::shared_ptr<const std::set<std::string>> owned_;
  Xapian::docid last_ = 0, did_ = 0;
};

} // namespace parasearch::detail
