#include "query/shards.hpp"

#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"
#include "query/reopen.hpp"

#include <fstream>
#include <system_error>

namespace fs = std::filesystem;

namespace parasearch::detail {
namespace {

/// `value` as a whole number of at most 9 digits, or throws DatabaseError naming `where`.
unsigned number(const std::string &value, const std::string &where) {
  if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos)
    throw DatabaseError(where + ": expected a whole number, not '" + value + "'");
  return static_cast<unsigned>(std::stoul(value));
}

/// "remote HOST:PORT (line N of STUB)", for messages.
std::string describe(const ShardSpec &s, const fs::path &stub) {
  return "shard '" + s.name + "' (line " + std::to_string(s.line) + " of '" + stub.string() + "')";
}

/// Throws DatabaseError if `have` (the settings shard `s` holds) disagrees with `want`.
void agree(const IndexConfig &want, const IndexConfig &have, const ShardSpec &s, const fs::path &stub,
           bool path_fields) {
  auto differ = [&](const std::string &what, const std::string &a, const std::string &b) {
    throw DatabaseError(describe(s, stub) + " has " + what + " '" + b + "' where the shard set has '" + a +
                        "': every shard must be built with the same settings");
  };
  if (have.schema != want.schema) differ("schema", std::to_string(want.schema), std::to_string(have.schema));
  if (have.language != want.language) differ("language", want.language, have.language);
  if (path_fields && have.path_fields != want.path_fields) differ("path fields", want.path_fields, have.path_fields);
}

} // namespace

fs::path stub_file_of(const fs::path &index) {
  std::error_code ec;
  return fs::is_regular_file(index, ec) ? index : index / schema::kStubFile;
}

bool is_shard_set(const fs::path &index) {
  std::error_code ec;
  return fs::is_regular_file(index, ec) || is_shard_set_stub(index / schema::kStubFile);
}

ShardSet read_shard_set(const fs::path &index) {
  ShardSet set;
  set.stub = stub_file_of(index);
  std::ifstream in(set.stub);
  if (!in) throw DatabaseError("cannot read the shard list '" + set.stub.string() + "'");
  const fs::path base = fs::absolute(set.stub).parent_path();
  unsigned n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = "shard list '" + set.stub.string() + "' line " + std::to_string(n);
    if (line.starts_with(schema::kStubConfigPrefix)) {
      const std::string setting = line.substr(schema::kStubConfigPrefix.size());
      const auto eq = setting.find('=');
      const std::string key = setting.substr(0, eq), value = eq == std::string::npos ? "" : setting.substr(eq + 1);
      if (key == "remote-timeout-ms")
        set.timeout_ms = number(value, where);
      else if (key == "connect-timeout-ms")
        set.connect_timeout_ms = number(value, where);
      else if (key == "retry-seconds")
        set.retry_seconds = number(value, where);
      else if (key == "reconnect-seconds")
        set.reconnect_seconds = number(value, where);
      else
        apply_setting(set.config, setting, set.stub);
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos || line.starts_with("#")) continue;
    ShardSpec s;
    s.line = n;
    s.name = line;
    if (line.starts_with("remote ")) {
      const std::string target = line.substr(7);
      const auto colon = target.rfind(':');
      if (colon == std::string::npos || colon == 0 || target.find(' ') != std::string::npos)
        throw DatabaseError(where + ": expected 'remote HOST:PORT', not '" + line + "'");
      s.host = target.substr(0, colon);
      s.port = number(target.substr(colon + 1), where);
      if (s.port == 0 || s.port > 65535) throw DatabaseError(where + ": port out of range in '" + line + "'");
    } else if (line.starts_with("auto ")) {
      s.local = base / line.substr(5);
    } else {
      throw DatabaseError(where + ": expected 'remote HOST:PORT' or 'auto PATH' (a shard), not '" + line + "'");
    }
    set.shards.push_back(std::move(s));
  }
  if (set.shards.empty()) throw DatabaseError("shard list '" + set.stub.string() + "' lists no shard");
  if (set.timeout_ms == 0) throw DatabaseError("shard list '" + set.stub.string() + "': remote-timeout-ms must be > 0");
  return set;
}

OpenShards open_shard_set(const ShardSet &set) {
  OpenShards out;
  IndexConfig want = set.config;
  bool known = !want.language.empty(); // the settings are known (from the stub or a shard before)
  if (known && want.schema == 0) want.schema = schema::kSchemaVersion;
  for (const ShardSpec &s : set.shards) {
    Xapian::Database db;
    IndexConfig have;
    bool fields = false; // `have` holds the shard's path fields (a local shard's stub does)
    try {
      if (!s.host.empty()) {
        db = Xapian::Remote::open(s.host, s.port, set.timeout_ms, set.connect_timeout_ms);
        have.language = db.get_metadata(std::string(schema::kMetaLanguage));
        const std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
        have.schema = version.empty() ? 0 : std::atoi(version.c_str());
      } else {
        have = read_config(s.local);
        fields = true;
        db = open_index_database(s.local);
      }
    } catch (const Xapian::Error &e) {
      out.down.push_back(s.name + " (" + e.get_description() + ")");
      continue;
    } catch (const DatabaseError &e) {
      out.down.push_back(s.name + " (" + e.what() + ")");
      continue;
    }
    if (db.get_doccount() == 0 && have.language.empty()) continue; // an empty shard: nothing to search
    if (!known) {
      want = have;
      known = true;
    }
    agree(want, have, s, set.stub, fields);
    out.db.add_database(db);
    if (!s.host.empty()) {
      // The server joins its buckets into one database; its uuid lists theirs, ':'-separated.
      const std::string uuid = db.get_uuid();
      Xapian::docid parts = 1;
      for (const char c : uuid)
        parts += c == ':' ? 1 : 0;
      out.strides.push_back(parts);
    } else {
      out.strides.insert(out.strides.end(), db.size(), 1);
    }
  }
  out.config = known ? want : IndexConfig{schema::kSchemaVersion, "english", schema::kMaxDefaultBuckets, "", 0, 0};
  if (out.config.schema == 0) out.config.schema = schema::kSchemaVersion;
  if (out.config.schema != schema::kSchemaVersion)
    throw DatabaseError("shard list '" + set.stub.string() + "' has schema version " +
                        std::to_string(out.config.schema) + "; this parasearch reads version " +
                        std::to_string(schema::kSchemaVersion) + " (rebuild the shards with parasearch-index --full)");
  return out;
}

} // namespace parasearch::detail
