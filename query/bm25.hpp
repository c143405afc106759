// Private: BM25 with the non-negative idf of Lucene and Anserini, log(1 + (N - n + 0.5) / (n + 0.5)),
// as a Xapian weighting scheme. Xapian's own BM25Weight uses log((N - n + 0.5) / (n + 0.5)) and
// squashes low values, which under-weights the common-but-useful words of long natural queries.
#pragma once

#include <xapian.h>

#include <string>

namespace parasearch::detail {

/// BM25: idf(n) * wqf * wdf * (k1 + 1) / (wdf + k1 * (1 - b + b * len / avglen)), scaled by OP_SCALE_WEIGHT.
class Bm25Weight final : public Xapian::Weight {
public:
  /// A scheme with saturation `k1` (>= 0) and length normalisation `b` (0..1).
  Bm25Weight(double k1, double b);
  /// A copy with the same parameters.
  Bm25Weight *clone() const override;
  /// Precomputes the idf of the term this copy weighs, times `factor`.
  void init(double factor) override;
  /// "parasearch.bm25".
  std::string name() const override;
  /// k1 and b, for remote databases.
  std::string serialise() const override;
  /// The scheme serialise() described.
  Bm25Weight *unserialise(const std::string &serialised) const override;
  /// The term's contribution to a document with `wdf` occurrences and length `len`.
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount len, Xapian::termcount uniqterms) const override;
  /// An upper bound of get_sumpart() over the documents.
  double get_maxpart() const override;
  /// No per-document extra: 0.
  double get_sumextra(Xapian::termcount len, Xapian::termcount uniqterms) const override;
  /// 0.
  double get_maxextra() const override;

private:
  double k1_, b_;
  double idf_ = 0; // includes the factor and wqf
};

} // namespace parasearch::detail
