// parasearch-index: build or update a paragraph index from files and folders.
#include "common/cli.hpp"
#include "parasearch/check.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/jsonl.hpp"
#include "parasearch/stemmer.hpp"
#include "parasearch/text.hpp"

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

constexpr const char *kTool = "parasearch-index";

std::string human_bytes(double b) {
  const char *units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4)
    b /= 1000, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  return buf;
}

// A one-line progress bar on stderr, redrawn at most 10 times a second.
class ProgressBar {
public:
  void update(const parasearch::FileEvent &ev) {
    bytes_ += ev.bytes;
    const auto now = std::chrono::steady_clock::now();
    if (ev.done != ev.total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double frac = ev.total ? static_cast<double>(ev.done) / static_cast<double>(ev.total) : 1.0;
    const int width = 30;
    const int filled = static_cast<int>(frac * width);
    std::string bar(static_cast<std::size_t>(filled), '=');
    if (filled < width) bar += '>' + std::string(static_cast<std::size_t>(width - filled - 1), ' ');
    const double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
    std::fprintf(stderr, "\r[%s] %zu/%zu files  %5.1f MB/s  ETA %d:%02d ", bar.c_str(), ev.done, ev.total,
                 elapsed > 0 ? static_cast<double>(bytes_) / 1e6 / elapsed : 0.0, static_cast<int>(eta) / 60,
                 static_cast<int>(eta) % 60);
    drawn_ = true;
  }
  void clear() {
    if (drawn_) std::fprintf(stderr, "\r%*s\r", 72, "");
    drawn_ = false;
  }

private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
  std::uintmax_t bytes_ = 0;
  bool drawn_ = false;
};

// Prints the split of one file, for checking the splitter on real data.
int show_split(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw parasearch::UsageError("cannot read '" + path + "'");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (auto why = parasearch::binary_reason(bytes)) throw parasearch::UsageError("'" + path + "' is " + *why);
  const auto doc = parasearch::split_paragraphs(parasearch::decode_text(bytes).text);
  std::cout << "layout: " << parasearch::layout_name(doc.layout) << "\ntitle: " << doc.title << "\n";
  for (const auto &p : doc.paragraphs)
    std::cout << "\n[" << p.number << "] (line " << p.first_line << ") " << p.text << "\n";
  return 0;
}

int run(int argc, char **argv) {
  cxxopts::Options opts(kTool, "Build or update a paragraph index from text files and folders.\n");
  opts.custom_help("[OPTION...]");
  opts.positional_help("PATH...");
  // clang-format off
  opts.add_options()
    ("db", "Index directory (default: $PARASEARCH_DB, else ./parasearch-db)", cxxopts::value<std::string>(), "DIR")
    ("lang", "Stemming language for a new index (default: english; 'none' = no stemming). "
             "An existing index keeps its own.", cxxopts::value<std::string>(), "LANG")
    ("list-languages", "List the stemming languages and exit")
    ("check", "Check the index for damage (Xapian's consistency check) and exit: 0 sound, 4 damaged; "
              "read-only, works while an indexer is writing")
    ("show-split", "Print how FILE is split into title and paragraphs, and exit (nothing is indexed)",
     cxxopts::value<std::string>(), "FILE")
    ("commit-every", "Documents a bucket writer buffers before flushing", cxxopts::value<std::size_t>()->default_value("1000"), "N")
    ("follow-symlinks", "Follow symbolic links (loops are detected)")
    ("include-hidden", "Also index files and folders whose names start with '.'")
    ("ext", "File extensions to read in folders, comma-separated; '*' = all files (files named on the "
            "command line are always read)", cxxopts::value<std::string>()->default_value("txt,text"), "LIST")
    ("v,verbose", "Report every file, not only those skipped, with its detected encoding")
    ("q,quiet", "No progress bar; report only failures")
    ("full", "Rebuild from scratch: forget what is indexed, re-read every file (and allow a new --lang, "
             "--path-fields or --buckets); built beside the old index, which searches see until the switch")
    ("j,jobs", "Writer threads (default: one per core); results never depend on it", cxxopts::value<unsigned>(), "N")
    ("path-fields", "Turn parts of each file's path into fields, e.g. '{country}_{session}_{year}.txt' "
                    "(see below); set when the index is created", cxxopts::value<std::string>(), "PATTERN")
    ("buckets", "Bucket databases of a new index (default 8; more = smaller incremental rebuilds)",
     cxxopts::value<unsigned>(), "N")
    ("format", "Input format: 'text' (files and folders) or 'jsonl' (JSON Lines files, one document per "
               "line; '-' reads standard input)", cxxopts::value<std::string>()->default_value("text"), "FORMAT")
    ("id-field", "jsonl: the field holding each document's id (stored as its path)",
     cxxopts::value<std::string>()->default_value("id"), "NAME")
    ("title-field", "jsonl: the field holding the title", cxxopts::value<std::string>()->default_value("title"), "NAME")
    ("text-field", "jsonl: the field holding the text", cxxopts::value<std::string>()->default_value("text"), "NAME")
    ("json", "Print the closing summary as one JSON object")
    ("h,help", "Show this help")
    ("paths", "Files and folders to index", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  opts.parse_positional({"paths"});
  const auto args = opts.parse(argc, argv);
  if (args.count("help")) {
    std::cout << opts.help() << "\n"
              << "Each file is split into paragraphs (one per line, blank-line separated, or hard-wrapped\n"
                 "text, detected per file); each paragraph becomes one searchable passage. Folders are\n"
                 "walked recursively; only regular files are read, binary files are skipped with a reason.\n"
                 "Paths are stored relative to the folder given; when two folders hold the same relative\n"
                 "path, each is shown with its folder's name in front (en/udhr.txt, fr/udhr.txt).\n\n"
                 "Incremental: a later run re-reads only new and changed files (size and time, confirmed by a\n"
                 "content hash) and removes files gone from the folders given. A crash or kill loses no\n"
                 "committed work; the next run finishes the job. One writer at a time ('index is busy').\n\n"
                 "Path fields: in --path-fields, {name} captures part of the file name (or of the whole\n"
                 "relative path, if the pattern contains '/'), '*' matches anything, other characters match\n"
                 "themselves. Digits-only values are numeric and can be searched as ranges. For the UN\n"
                 "General Debate Corpus (files like 'Session 50 - 1995/IND_50_1995.txt'):\n"
                 "  "
              << kTool
              << " --db un.db --path-fields '{country}_{session}_{year}.txt' ungdc/TXT\n"
                 "  parasearch-query --db un.db 'disarmament country:IND year:1990..1999'\n\n"
                 "Example:\n  "
              << kTool << " --db un.db ungdc/TXT\n\n"
              << parasearch::cli::exit_codes_help("finished, but some files could not be read");
    return 0;
  }
  if (args.count("list-languages")) {
    for (const auto &l : parasearch::stemming_languages())
      std::cout << l << "\n";
    return 0;
  }
  if (args.count("show-split")) return show_split(args["show-split"].as<std::string>());
  if (args.count("check")) {
    const std::filesystem::path db =
        args.count("db") ? std::filesystem::path(args["db"].as<std::string>()) : parasearch::cli::default_db_path();
    return parasearch::check_index(db, std::cout) ? 0 : static_cast<int>(parasearch::ExitCode::kDatabase);
  }
  if (!args.count("paths")) throw parasearch::UsageError("no files or folders to index were given");

  parasearch::IndexOptions options;
  options.db =
      args.count("db") ? std::filesystem::path(args["db"].as<std::string>()) : parasearch::cli::default_db_path();
  if (args.count("lang")) options.language = parasearch::canonical_language(args["lang"].as<std::string>());
  options.commit_every = args["commit-every"].as<std::size_t>();
  options.full = args.count("full") > 0;
  if (args.count("jobs")) options.jobs = args["jobs"].as<unsigned>();
  if (args.count("buckets")) {
    options.buckets = args["buckets"].as<unsigned>();
    if (options.buckets == 0 || options.buckets > 256) throw parasearch::UsageError("--buckets must be 1 to 256");
  }
  if (args.count("path-fields")) options.path_fields = args["path-fields"].as<std::string>();
  options.follow_symlinks = args.count("follow-symlinks") > 0;
  options.include_hidden = args.count("include-hidden") > 0;
  options.extensions.clear();
  if (const std::string ext = args["ext"].as<std::string>(); ext != "*") {
    std::stringstream list(ext);
    for (std::string e; std::getline(list, e, ',');) {
      while (!e.empty() && (e.front() == '.' || e.front() == ' '))
        e.erase(0, 1);
      for (char &c : e)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!e.empty()) options.extensions.push_back(e);
    }
    if (options.extensions.empty()) throw parasearch::UsageError("--ext needs at least one extension, or '*'");
  }
  const bool quiet = args.count("quiet") > 0;
  const bool verbose = args.count("verbose") > 0 && !quiet;
  const bool json = args.count("json") > 0;

  std::vector<std::filesystem::path> paths;
  for (const auto &p : args["paths"].as<std::vector<std::string>>())
    paths.emplace_back(p);

  parasearch::Indexer indexer(options);
  ProgressBar bar;
  const bool show_bar = !quiet && parasearch::cli::is_terminal(2);
  const std::string format = args["format"].as<std::string>();
  if (format != "text" && format != "jsonl")
    throw parasearch::UsageError("--format must be text or jsonl, not '" + format + "'");
  std::size_t bad_lines = 0;
  if (format == "jsonl") {
    const parasearch::JsonlFields fields{args["id-field"].as<std::string>(), args["title-field"].as<std::string>(),
                                         args["text-field"].as<std::string>()};
    for (const auto &p : paths) {
      std::ifstream file;
      if (p != "-") {
        file.open(p, std::ios::binary);
        if (!file) throw parasearch::UsageError("cannot read '" + p.string() + "'");
      }
      parasearch::JsonlReader reader(p == "-" ? std::cin : file, fields);
      parasearch::JsonlRecord record;
      for (std::string error; reader.next(record, error);) {
        if (!error.empty()) {
          ++bad_lines;
          std::cerr << kTool << ": skipped '" << p.string() << ":" << reader.line() << "': " << error << "\n";
          continue;
        }
        indexer.add_record(record.id, record.title, record.text);
      }
    }
  }
  auto on_file = [&](const parasearch::FileEvent &ev) {
    using parasearch::FileStatus;
    const bool problem = ev.status == FileStatus::kFailed || ev.status == FileStatus::kSkipped;
    const bool report =
        ev.status == FileStatus::kFailed || (!quiet && ev.status == FileStatus::kSkipped) || (verbose && !problem);
    if (report) {
      if (show_bar) bar.clear();
      const char *what = ev.status == FileStatus::kFailed      ? "failed"
                         : ev.status == FileStatus::kSkipped   ? "skipped"
                         : ev.status == FileStatus::kEmpty     ? "empty"
                         : ev.status == FileStatus::kUnchanged ? "unchanged"
                         : ev.status == FileStatus::kRemoved   ? "removed"
                         : ev.updated                          ? "updated"
                                                               : "added";
      std::cerr << kTool << ": " << what << " '" << parasearch::cli::printable(ev.path) << "'";
      if (!ev.reason.empty()) std::cerr << ": " << parasearch::cli::printable(ev.reason);
      if (ev.status == FileStatus::kFailed && ev.paragraphs > 0) std::cerr << " (its indexed paragraphs are kept)";
      if (ev.status == FileStatus::kIndexed)
        std::cerr << " (" << parasearch::cli::count(ev.paragraphs, "paragraph") << ")";
      if (!ev.encoding.empty()) std::cerr << " [" << ev.encoding << "]";
      std::cerr << "\n";
    }
    if (show_bar) bar.update(ev);
  };
  auto summary = format == "jsonl" ? indexer.commit(on_file) : indexer.index_paths(paths, on_file);
  summary.skipped += bad_lines;
  if (show_bar) bar.clear();

  if (json) {
    const nlohmann::json j = {{"db", options.db.string()},
                              {"language", indexer.language()},
                              {"path_fields", indexer.path_fields()},
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
                              {"total_paragraphs", summary.total_paragraphs},
                              {"seconds", summary.seconds}};
    std::cout << j.dump() << "\n";
  } else if (!quiet) {
    using parasearch::cli::count;
    std::printf("%s in %.2f s: %zu added, %zu updated, %zu unchanged, %zu removed, %zu empty, %zu skipped, "
                "%zu failed.\n",
                count(summary.files, "file").c_str(), summary.seconds, summary.added, summary.updated,
                summary.unchanged, summary.removed, summary.empty, summary.skipped, summary.failed);
    if (summary.indexed() > 0)
      std::printf("Indexed %s (%s of text).\n", count(summary.paragraphs, "paragraph").c_str(),
                  human_bytes(static_cast<double>(summary.bytes)).c_str());
    if (summary.ignored > 0)
      std::printf("Ignored %s with other extensions (see --ext).\n", count(summary.ignored, "file").c_str());
    std::printf("Index '%s' (%s) now holds %s.\n", parasearch::cli::printable(options.db.string()).c_str(),
                indexer.language().c_str(), count(summary.total_paragraphs, "paragraph").c_str());
  }
  return summary.failed > 0 ? static_cast<int>(parasearch::ExitCode::kPartial) : 0;
}

} // namespace

int main(int argc, char **argv) {
  return parasearch::cli::run(kTool, [&] { return run(argc, argv); });
}
