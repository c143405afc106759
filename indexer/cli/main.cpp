// parasearch-index: build or update a paragraph index from files and folders.
#include "common/cli.hpp"
#include "indexer/cli/progress.hpp"
#include "indexer/cli/summary.hpp"
#include "parasearch/check.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/jsonl.hpp"
#include "parasearch/stemmer.hpp"

#include <cxxopts.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace {

constexpr const char *kTool = "parasearch-index";

int run(int argc, char **argv) {
  cxxopts::Options opts(kTool, "Build or update a paragraph index from text files and folders.\n");
  opts.custom_help("[OPTION...]");
  opts.positional_help("PATH...");
  using parasearch::cli::whole_number;
  parasearch::cli::add_db_option(opts);
  // clang-format off
  opts.add_options()
    ("lang", "Stemming language for a new index (default: english; 'none' = no stemming; 'auto' = detect "
             "each document's language, and a paragraph's where it clearly differs, and stem, stop-word and "
             "search each in its own). An existing index keeps its own.", cxxopts::value<std::string>(), "LANG")
    ("list-languages", "List the stemming languages and exit")
    ("check", "Check the index for damage (Xapian's consistency check) and exit: 0 sound, 4 damaged; "
              "read-only, works while an indexer is writing")
    ("show-split", "Print how FILE is split into title and paragraphs, and exit (nothing is indexed); "
                   "with --json, as one JSON object (format, title, language, paragraphs with their page)",
     cxxopts::value<std::string>(), "FILE")
    ("commit-every", "Documents a bucket writer buffers before flushing", cxxopts::value<std::string>()->default_value("1000"), "N")
    ("follow-symlinks", "Follow symbolic links (loops are detected)")
    ("include-hidden", "Also index files and folders whose names start with '.'")
    ("ext", "File extensions to read in folders, comma-separated; '*' = all files (files named on the "
            "command line are always read)", cxxopts::value<std::string>()->default_value("txt,text,pdf,html,htm,xhtml,docx,odt"), "LIST")
    ("v,verbose", "Report every file, not only those skipped, with its detected encoding")
    ("q,quiet", "No progress bar; report only failures")
    ("full", "Rebuild from scratch: forget what is indexed, re-read every file (and allow a new --lang, "
             "--path-fields or --buckets); built beside the old index, which searches see until the switch")
    ("merge", "Also rebuild (compact) every bucket that earlier runs changed in place, so the index is "
              "what a fresh build makes, and every bucket built before root tallies existed, so a run of "
              "named files reads only their states (paths optional: with none, only this)")
    ("j,jobs", "Writer threads (default: one per core); results never depend on it", cxxopts::value<std::string>(), "N")
    ("path-fields", "Turn parts of each file's path into fields, e.g. '{country}_{session}_{year}.txt' "
                    "(see below); set when the index is created", cxxopts::value<std::string>(), "PATTERN")
    ("buckets", "Bucket databases of a new index (1 to 256; default: one per core, at most 8). Fewer "
                "are faster to search; a build writes at most one per writer thread",
     cxxopts::value<std::string>(), "N")
    ("shard", "Make this index shard I of N (0 <= I < N): it keeps only the files whose path (relative to the "
              "folder given) hashes to shard I; set when the index is created, kept by later runs. Build N "
              "shards from the same folders, serve each with xapian-tcpsrv, and search them through a stub "
              "of 'remote HOST:PORT' lines (README, \"Shards on several machines\")", cxxopts::value<std::string>(), "I/N")
    ("format", "Input format: 'text' (files and folders) or 'jsonl' (JSON Lines files, one document per "
               "line; '-' reads standard input)", cxxopts::value<std::string>()->default_value("text"), "FORMAT")
    ("id-field", "jsonl: the field holding each document's id (stored as its path)",
     cxxopts::value<std::string>()->default_value("id"), "NAME")
    ("title-field", "jsonl: the field holding the title", cxxopts::value<std::string>()->default_value("title"), "NAME")
    ("text-field", "jsonl: the field holding the text", cxxopts::value<std::string>()->default_value("text"), "NAME")
    ("json", "Print the closing summary (or --show-split's result) as one JSON object")
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
                 "path, each is shown with its folder's name in front (en/udhr.txt, fr/udhr.txt). A file or\n"
                 "folder given inside a folder indexed before is identified as part of that folder: a file\n"
                 "keeps its path (docs/s1/a.txt given after docs: still s1/a.txt), and a subfolder's files\n"
                 "gone from it are removed, the rest of the folder kept. A file named after it was deleted\n"
                 "is removed from the index.\n\n"
                 "Formats are recognised by content, not by name. Word (.docx) and OpenDocument text (.odt):\n"
                 "each paragraph, heading, list item and table row (cells joined with ' | ') is a passage;\n"
                 "the title is the document's own (its properties), else its first heading. A damaged file or\n"
                 "a zip bomb is skipped with a reason. Other zips (XLSX, PPTX, ODS) are skipped with a hint.\n\n"
                 "Incremental: a later run re-reads only new and changed files (size and time, confirmed by a\n"
                 "content hash) and removes files gone from the folders given. Their paragraphs are replaced in\n"
                 "place in their bucket, at a cost proportional to the files; a bucket is rebuilt (compacted)\n"
                 "when a run changes over a quarter of it or over half its document ids are deleted, and by\n"
                 "--merge. A crash or kill leaves each file as it was or as it is now; the next run finishes\n"
                 "the job. One writer at a time ('index is busy').\n\n"
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
  if (args.count("show-split")) {
    parasearch::cli::print_split(std::cout, args["show-split"].as<std::string>(), args.count("json") > 0);
    return 0;
  }
  const std::filesystem::path db = parasearch::cli::db_option(args);
  if (args.count("check"))
    return parasearch::check_index(db, std::cout) ? 0 : static_cast<int>(parasearch::ExitCode::kDatabase);
  if (!args.count("paths") && !args.count("merge"))
    throw parasearch::UsageError("no files or folders to index were given");

  parasearch::IndexOptions options;
  options.db = db;
  if (args.count("lang")) {
    const std::string lang = args["lang"].as<std::string>();
    options.language = lang == "auto" ? lang : parasearch::canonical_language(lang);
  }
  options.commit_every = whole_number(args, "commit-every");
  options.full = args.count("full") > 0;
  options.merge = args.count("merge") > 0;
  if (args.count("jobs")) options.jobs = static_cast<unsigned>(whole_number(args, "jobs", 0, 1024));
  if (args.count("buckets")) {
    options.buckets = static_cast<unsigned>(whole_number(args, "buckets", 1, 256));
  }
  if (args.count("shard")) {
    const std::string v = args["shard"].as<std::string>();
    const auto slash = v.find('/');
    const auto digits = [](const std::string &t) {
      return !t.empty() && t.size() <= 3 && t.find_first_not_of("0123456789") == std::string::npos;
    };
    if (slash == std::string::npos || !digits(v.substr(0, slash)) || !digits(v.substr(slash + 1)))
      throw parasearch::UsageError("--shard must be I/N with 0 <= I < N <= 256, e.g. 0/3, not '" + v + "'");
    options.shard = static_cast<unsigned>(std::stoul(v.substr(0, slash)));
    options.shards = static_cast<unsigned>(std::stoul(v.substr(slash + 1)));
    if (options.shards == 0 || options.shards > 256 || options.shard >= options.shards)
      throw parasearch::UsageError("--shard must be I/N with 0 <= I < N <= 256, e.g. 0/3, not '" + v + "'");
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
  if (args.count("paths"))
    for (const auto &p : args["paths"].as<std::vector<std::string>>())
      paths.emplace_back(p);

  const std::string format = args["format"].as<std::string>();
  if (format != "text" && format != "jsonl")
    throw parasearch::UsageError("--format must be text or jsonl, not '" + format + "'");
  parasearch::Indexer indexer(options);
  parasearch::cli::ProgressBar bar(stderr);
  const bool show_bar = !quiet && parasearch::cli::is_terminal(2);
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
  auto on_bad_line = [&](const std::string &where, const std::string &reason) {
    if (quiet) return;
    if (show_bar) bar.clear();
    std::cerr << kTool << ": skipped '" << parasearch::cli::printable(where)
              << "': " << parasearch::cli::printable(reason) << "\n";
  };
  parasearch::IndexSummary summary;
  if (format == "jsonl") {
    const parasearch::JsonlFields fields{args["id-field"].as<std::string>(), args["title-field"].as<std::string>(),
                                         args["text-field"].as<std::string>()};
    summary = parasearch::index_jsonl(indexer, paths, fields, on_file, on_bad_line);
  } else {
    summary = indexer.index_paths(paths, on_file);
  }
  if (show_bar) bar.clear();

  if (json)
    parasearch::cli::print_summary_json(std::cout, summary, options.db, indexer.language(), indexer.path_fields());
  else if (!quiet)
    parasearch::cli::print_summary_text(std::cout, summary, options.db, indexer.language());
  return summary.failed > 0 ? static_cast<int>(parasearch::ExitCode::kPartial) : 0;
}

} // namespace

int main(int argc, char **argv) {
  return parasearch::cli::run(kTool, [&] { return run(argc, argv); });
}
