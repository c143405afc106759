#include "capi/options.hpp"

#include "parasearch/errors.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>

namespace parasearch::capi {

namespace {

using nlohmann::json;

// Reads the values of one JSON object of options, naming `what` ("search options") and the key in errors.
class Reader {
public:
  explicit Reader(std::string what) : what_(std::move(what)) {}

  // Parses `text` (NULL or "" = {}) as one JSON object.
  json object(const char *text) const {
    if (text == nullptr || *text == '\0') return json::object();
    json j;
    try {
      j = json::parse(text);
    } catch (const json::parse_error &e) {
      throw UsageError(what_ + " are not valid JSON: " + e.what());
    }
    if (!j.is_object()) throw UsageError(what_ + " must be a JSON object, not " + shown(j));
    return j;
  }

  // Calls the setter of each key of `j`; throws UsageError for a key with none.
  void each(const json &j, const std::map<std::string, std::function<void(const json &)>> &setters,
            const std::string &prefix = "") const {
    for (const auto &[key, value] : j.items()) {
      const auto it = setters.find(key);
      if (it == setters.end()) {
        std::string known;
        for (const auto &[name, setter] : setters)
          known += (known.empty() ? "" : ", ") + name;
        throw UsageError(what_ + ": unknown key '" + prefix + key + "' (known: " + known + ")");
      }
      it->second(value);
    }
  }

  bool boolean(const std::string &key, const json &v) const {
    if (!v.is_boolean()) throw wrong(key, "true or false", v);
    return v.get<bool>();
  }

  std::size_t whole(const std::string &key, const json &v,
                    std::uint64_t max = std::numeric_limits<std::size_t>::max()) const {
    if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<std::int64_t>() < 0) ||
        v.get<std::uint64_t>() > max)
      throw wrong(key, "a whole number from 0 to " + std::to_string(max), v);
    return static_cast<std::size_t>(v.get<std::uint64_t>());
  }

  double real(const std::string &key, const json &v) const {
    if (!v.is_number() || !std::isfinite(v.get<double>())) throw wrong(key, "a number", v);
    return v.get<double>();
  }

  std::string string(const std::string &key, const json &v) const {
    if (!v.is_string()) throw wrong(key, "a string", v);
    return v.get<std::string>();
  }

private:
  // `v` as JSON, shortened for a message.
  static std::string shown(const json &v) {
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
  }

  UsageError wrong(const std::string &key, const std::string &expected, const json &v) const {
    return UsageError(what_ + ": '" + key + "' must be " + expected + ", not " + shown(v));
  }

  std::string what_;
};

} // namespace

SearchOptions search_options(const char *text) {
  const Reader r("search options");
  SearchOptions o;
  RankingOptions &k = o.ranking;
  auto ranking = [&](const json &v) {
    if (!v.is_object()) throw UsageError("search options: 'ranking' must be a JSON object");
    r.each(v,
           {
               {"k1", [&](const json &x) { k.k1 = r.real("ranking.k1", x); }},
               {"b", [&](const json &x) { k.b = r.real("ranking.b", x); }},
               {"proximity", [&](const json &x) { k.proximity = r.real("ranking.proximity", x); }},
               {"proximity_window",
                [&](const json &x) {
                  k.proximity_window = static_cast<unsigned>(
                      r.whole("ranking.proximity_window", x, std::numeric_limits<unsigned>::max()));
                }},
               {"rerank_depth", [&](const json &x) { k.rerank_depth = r.whole("ranking.rerank_depth", x); }},
               {"title_weight", [&](const json &x) { k.title_weight = r.real("ranking.title_weight", x); }},
           },
           "ranking.");
  };
  // An array of strings into `out` ("facets", "filters").
  auto strings = [&](const char *key, std::vector<std::string> &out) {
    return [&r, key, &out](const json &v) {
      if (!v.is_array()) throw UsageError(std::string("search options: '") + key + "' must be an array of strings");
      out.clear();
      for (const json &e : v)
        out.push_back(r.string(std::string(key) + "[]", e));
    };
  };
  auto default_op = [&](const json &v) {
    const std::string op = r.string("default_op", v);
    if (op != "or" && op != "and" && op != "OR" && op != "AND")
      throw UsageError("search options: 'default_op' must be \"or\" or \"and\", not \"" + op + "\"");
    o.default_and = op == "and" || op == "AND";
  };
  r.each(r.object(text), {
                             {"limit", [&](const json &v) { o.limit = r.whole("limit", v); }},
                             {"offset", [&](const json &v) { o.offset = r.whole("offset", v); }},
                             {"per_doc", [&](const json &v) { o.per_doc = r.boolean("per_doc", v); }},
                             {"context", [&](const json &v) { o.context = r.whole("context", v); }},
                             {"lang", [&](const json &v) { o.language = r.string("lang", v); }},
                             {"explain", [&](const json &v) { o.explain = r.boolean("explain", v); }},
                             {"spelling", [&](const json &v) { o.spelling = r.boolean("spelling", v); }},
                             {"exact_count", [&](const json &v) { o.exact_count = r.boolean("exact_count", v); }},
                             {"default_op", default_op},
                             {"plain", [&](const json &v) { o.plain = r.boolean("plain", v); }},
                             {"snippet_chars", [&](const json &v) { o.snippet_chars = r.whole("snippet_chars", v); }},
                             {"snippets", [&](const json &v) { o.snippets = r.boolean("snippets", v); }},
                             {"html", [&](const json &v) { o.html = r.boolean("html", v); }},
                             {"mark_start", [&](const json &v) { o.mark_start = r.string("mark_start", v); }},
                             {"mark_end", [&](const json &v) { o.mark_end = r.string("mark_end", v); }},
                             {"ranking", ranking},
                             {"facets", strings("facets", o.facets)},
                             {"filters", strings("filters", o.filters)},
                         });
  return o;
}

IndexOptions index_options(const char *db, const char *text) {
  const Reader r("index options");
  IndexOptions o;
  o.db = db;
  auto extensions = [&](const json &v) {
    if (!v.is_array()) throw UsageError("index options: 'extensions' must be an array of strings");
    o.extensions.clear();
    for (const json &e : v)
      o.extensions.push_back(r.string("extensions[]", e));
  };
  r.each(r.object(text),
         {
             {"lang", [&](const json &v) { o.language = r.string("lang", v); }},
             {"path_fields", [&](const json &v) { o.path_fields = r.string("path_fields", v); }},
             {"buckets",
              [&](const json &v) {
                o.buckets = static_cast<unsigned>(r.whole("buckets", v, 256)); // 0 = the default
              }},
             {"full", [&](const json &v) { o.full = r.boolean("full", v); }},
             {"jobs", [&](const json &v) { o.jobs = static_cast<unsigned>(r.whole("jobs", v, 1024)); }},
             {"commit_every", [&](const json &v) { o.commit_every = r.whole("commit_every", v); }},
             {"max_file_bytes", [&](const json &v) { o.max_file_bytes = r.whole("max_file_bytes", v); }},
             {"follow_symlinks", [&](const json &v) { o.follow_symlinks = r.boolean("follow_symlinks", v); }},
             {"include_hidden", [&](const json &v) { o.include_hidden = r.boolean("include_hidden", v); }},
             {"extensions", extensions},
         });
  return o;
}

} // namespace parasearch::capi
