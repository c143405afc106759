#include "parasearch/indexer.hpp"

#include <nlohmann/json.hpp>

namespace parasearch {

std::string summary_json(const IndexSummary &summary, const std::filesystem::path &db, const std::string &language,
                         const std::string &path_fields) {
  const nlohmann::json j = {{"db", db.string()},
                            {"language", language},
                            {"path_fields", path_fields},
                            {"files", summary.files},
                            {"indexed", summary.indexed()},
                            {"added", summary.added},
                            {"updated", summary.updated},
                            {"unchanged", summary.unchanged},
                            {"removed", summary.removed},
                            {"empty", summary.empty},
                            {"skipped", summary.skipped},
                            {"failed", summary.failed},
                            {"ignored", summary.ignored},
                            {"paragraphs", summary.paragraphs},
                            {"bytes", summary.bytes},
                            {"buckets_rebuilt", summary.buckets_rebuilt},
                            {"buckets_updated", summary.buckets_updated},
                            {"total_paragraphs", summary.total_paragraphs},
                            {"states_read", summary.states_read},
                            {"seconds", summary.seconds},
                            {"write_seconds", summary.write_seconds},
                            {"segments_merged", summary.segments_merged},
                            {"merge_cpu_seconds", summary.merge_cpu_seconds}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace parasearch
