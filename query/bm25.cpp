#include "query/bm25.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace parasearch::detail {

Bm25Weight::Bm25Weight(double k1, double b) : k1_(std::max(0.0, k1)), b_(std::clamp(b, 0.0, 1.0)) {
  need_stat(TERMFREQ);
  need_stat(COLLECTION_SIZE);
  need_stat(WDF);
  need_stat(WDF_MAX);
  need_stat(WQF);
  need_stat(AVERAGE_LENGTH);
  need_stat(DOC_LENGTH);
  need_stat(DOC_LENGTH_MIN);
}

Bm25Weight *Bm25Weight::clone() const { return new Bm25Weight(k1_, b_); }

void Bm25Weight::init(double factor) {
  const double n = get_termfreq();
  const double docs = get_collection_size();
  idf_ = factor * get_wqf() * std::log(1.0 + (docs - n + 0.5) / (n + 0.5));
}

std::string Bm25Weight::name() const { return "parasearch.bm25"; }

std::string Bm25Weight::serialise() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g %.17g", k1_, b_);
  return buf;
}

Bm25Weight *Bm25Weight::unserialise(const std::string &serialised) const {
  char *end = nullptr;
  const double k1 = std::strtod(serialised.c_str(), &end);
  const double b = std::strtod(end, nullptr);
  return new Bm25Weight(k1, b);
}

double Bm25Weight::get_sumpart(Xapian::termcount wdf, Xapian::termcount len, Xapian::termcount) const {
  if (wdf == 0) return 0;
  const double avg = get_average_length() > 0 ? get_average_length() : 1.0;
  const double norm = k1_ * (1 - b_ + b_ * len / avg);
  return idf_ * wdf * (k1_ + 1) / (wdf + norm);
}

double Bm25Weight::get_maxpart() const {
  const double wdf = get_wdf_upper_bound();
  if (wdf == 0) return 0;
  const double avg = get_average_length() > 0 ? get_average_length() : 1.0;
  // The score grows with wdf and shrinks with length: bound it at the largest wdf and shortest document.
  const double len = std::max<double>(get_doclength_lower_bound(), 0.0);
  const double norm = k1_ * (1 - b_ + b_ * len / avg);
  return idf_ * wdf * (k1_ + 1) / (wdf + norm);
}

double Bm25Weight::get_sumextra(Xapian::termcount, Xapian::termcount) const { return 0; }

double Bm25Weight::get_maxextra() const { return 0; }

} // namespace parasearch::detail
