#include "query/filters.hpp"

#include "common/hash.hpp"
#include "index/document.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"

#include <algorithm>

namespace parasearch::detail {

std::vector<std::string> facet_names(const std::vector<std::string> &fields) {
  std::vector<std::string> names = fields;
  if (std::find(fields.begin(), fields.end(), schema::kFieldLanguage) == fields.end())
    names.emplace_back(schema::kFieldLanguage);
  return names;
}

Xapian::Query filter_query(const std::vector<std::string> &filters, const std::vector<std::string> &fields,
                           QueryLanguages &parsers) {
  const std::vector<std::string> names = facet_names(fields);
  std::vector<Xapian::Query> parts;
  for (const std::string &f : filters) {
    const std::size_t colon = f.find(':');
    const std::string name = f.substr(0, colon);
    if (colon != std::string::npos && name == schema::kFieldPath &&
        std::find(fields.begin(), fields.end(), name) == fields.end()) { // one file: its XF term
      parts.emplace_back(DocumentBuilder::file_term(file_id(f.substr(colon + 1))));
      continue;
    }
    if (colon == std::string::npos || std::find(names.begin(), names.end(), name) == names.end()) {
      std::string list;
      for (const std::string &n : names)
        list += (list.empty() ? "" : ", ") + n;
      throw UsageError("filter '" + f + "' must be FIELD:VALUE with FIELD one of " + list + ", or path:STORED PATH");
    }
    const std::string value = f.substr(colon + 1);
    if (value.find_first_not_of(" \t") == std::string::npos || value.find('"') != std::string::npos)
      throw UsageError("filter '" + f + "' needs a value after ':', without '\"'");
    const bool spaced = value.find_first_of(" \t()") != std::string::npos;
    parts.push_back(parsers.parse(name + ":" + (spaced ? "\"" + value + "\"" : value), SearchOptions{}).query);
  }
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

} // namespace parasearch::detail
