// Private: the steps of split_paragraphs() (indexer/paragraphs.cpp), each testable on its own.
// Pipeline: normalise line ends -> describe lines -> detect the layout -> find the title and its
// copies -> join lines into drafts, repairing line-end hyphens -> drop header/footer drafts -> cut
// long paragraphs.
#pragma once

#include "parasearch/paragraphs.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace parasearch::detail {

// ---- characters (indexer/split_lines.cpp) ----------------------------------------------------------

/// Decodes the code point starting at s[i] (valid UTF-8 assumed; a cut sequence is clamped) and advances i.
char32_t next_cp(std::string_view s, std::size_t &i);
/// Decodes the code point ending just before s[end] and moves end to its first byte (end > 0).
char32_t prev_cp(std::string_view s, std::size_t &end);
/// True for a Unicode letter (categories Lu, Ll, Lt, Lm, Lo).
bool is_letter(char32_t cp);
/// True for a lower-case letter (category Ll).
bool is_lower(char32_t cp);
/// True for an upper-case or title-case letter (categories Lu, Lt).
bool is_upper(char32_t cp);
/// True for ASCII or Unicode whitespace, NBSP and the ideographic space included.
bool is_space(char32_t cp);
/// True for a hyphen that may end a line inside a word: '-', the soft hyphen, U+2010.
bool is_hyphen(char32_t cp);
/// `word` lower-cased (ASCII fast path; Unicode simple case mapping otherwise).
std::string lower(std::string_view word);

// ---- lines (indexer/split_lines.cpp) -------------------------------------------------------------

/// One line of the text, described by the statistics the later steps need.
struct Line {
  std::size_t begin = 0, end = 0; ///< Trimmed content, byte offsets into the normalised text.
  unsigned number = 0;            ///< From 1.
  bool blank = false;             ///< Only whitespace.
  bool skippable = false;         ///< A page number or no letters at all ("| |||", "* *** *", "12").
  bool ends_sentence = false;     ///< Ends with . ! ? : ; … (closing quotes and brackets skipped).
  bool ends_hyphen = false;       ///< A letter followed by a hyphen at the end: a possible word break.
  bool ends_weak = false;         ///< Ends with , ; : or a hyphen: cannot be a title.
  bool starts_lower = false;      ///< Its first letter (after opening quotes) is lower-case.
  bool list_item = false;         ///< Starts like "1.", "(a)", "•", "- ".
  std::size_t width = 0;          ///< Code points.
};

/// A content line (neither blank nor skippable) and whether blank lines precede it.
struct Content {
  const Line *line;  ///< Into the vector describe_lines() returned.
  bool blank_before; ///< A blank line lies between it and the previous content line.
};

/// `in` with CRLF and lone CR turned into LF.
std::string normalise_line_ends(std::string_view in);
/// True if `in` holds a mark join_broken_words() removes (a quick test that spares the copy).
bool has_word_break_marks(std::string_view in);
/// `in` without the marks of a word broken across a line that the line break left behind inside the
/// word: a soft hyphen (U+00AD) between two letters, and a not sign (U+00AC, which some PDF converters
/// write for it: "responsi¬bility" in the UN General Debate Corpus) between a letter and a lower-case one.
std::string join_broken_words(std::string_view in);
/// Describes text[begin, end) as line `number` (begin/end are trimmed of whitespace).
Line describe(std::string_view text, std::size_t begin, std::size_t end, unsigned number);
/// Describes every LF-separated line of `text`; trailing blank lines are dropped.
std::vector<Line> describe_lines(std::string_view text);
/// The lines that are neither blank nor skippable, each with whether a blank line precedes it.
std::vector<Content> content_lines(const std::vector<Line> &lines);
/// The layout that the line statistics of `content` suggest.
TextLayout detect_layout(const std::vector<Content> &content);
/// True if a line could be a heading: no sentence end, no weak end, at most 250 code points.
bool is_heading_like(const Line &l);
/// The body's layout: detect_layout() without a heading-like first line (a title says nothing of it).
TextLayout detect_body_layout(const std::vector<Content> &content);

// ---- title (indexer/paragraphs.cpp) ----------------------------------------------------------------
/// True if `s` reads like a title: short, or most longer words capitalised, not ending in "of", "the"...
bool reads_like_title(std::string_view s);
/// Index of the first body line in `content`: 1 if content[0] is the title (then `title` is set), else 0.
std::size_t find_title(std::string_view text, const std::vector<Content> &content, TextLayout layout,
                       std::string &title);
/// Marks (true) the lines from `first_body` on, near the top, that repeat `title`, whole or wrapped.
std::vector<bool> find_title_copies(std::string_view text, const std::vector<Content> &content, std::size_t first_body,
                                    const std::string &title);

// ---- hyphens (indexer/hyphens.cpp) ---------------------------------------------------------------

/// A document's own words, lower-cased and counted, built once in one pass over its text: every word
/// (maximal run of letters) and every pair of words joined by one '-' on one line ("land-mines"). The
/// two halves of a word broken at a line end ("inter-⏎national") are not words of it.
class Vocabulary {
public:
  /// Collects the words of `text` (LF line ends).
  explicit Vocabulary(std::string_view text);
  /// How often the document uses `lower_word` (a word, or two joined by '-') outside line-end breaks.
  std::size_t count(const std::string &lower_word) const {
    const auto it = words_.find(lower_word);
    return it == words_.end() ? 0 : it->second;
  }
  /// True if count(lower_word) > 0.
  bool has(const std::string &lower_word) const { return count(lower_word) > 0; }

private:
  std::unordered_map<std::string, std::size_t> words_;
};

/// What to do with a word broken by a hyphen at a line end.
enum class HyphenRepair {
  kJoin, ///< A syllable break: "inter-⏎national" -> "international".
  kKeep, ///< A compound: "machine-⏎readable" -> "machine-readable".
};

/// Decides how to repair `before`-⏎`after` (the letters either side of a line-end hyphen; `after`
/// starts lower-case). In order: the spelling the document itself uses more (joined or hyphenated);
/// a prefix that keeps its hyphen ("self", "non") -> keep; a syllable break ("inter"+"national",
/// "multi"+"lateralism" when "lateralism" is no word of the document, a second part such as "ment"
/// or "tion" that is no word) -> join; anything else -> keep, the safe choice
/// for search, since line-end hyphens in the UN corpora are nearly all compounds ("machine-readable").
HyphenRepair repair_hyphen(std::string_view before, std::string_view after, const Vocabulary &vocabulary);

/// Joins lines into paragraph text: collapses whitespace and repairs line-end hyphens. Builds the
/// document's Vocabulary on the first hyphen it meets, once.
class LineJoiner {
public:
  /// A joiner for lines of `text` (which must outlive it).
  explicit LineJoiner(std::string_view text) : text_(text) {}
  /// Appends `line` to `para` after a space; after a letter and a line-end hyphen, with no space: the
  /// hyphen kept or dropped by repair_hyphen() before a lower-case letter, kept before a capital
  /// ("Secretary-⏎General" -> "Secretary-General").
  void append(std::string &para, std::string_view line);

private:
  std::string_view text_;
  std::optional<Vocabulary> vocabulary_; // made on first use
};

// ---- paragraphs (indexer/paragraphs.cpp) -----------------------------------------------------------

/// A paragraph being built: its text so far and the line it starts on.
struct Draft {
  std::string text;    ///< Joined so far: one line, whitespace collapsed.
  unsigned first_line; ///< Line (from 1) it starts on.
};

/// Groups the content lines from `first_body` on (except those `drop`ped) into paragraphs by `layout`.
std::vector<Draft> join_lines(std::string_view text, const std::vector<Content> &content, TextLayout layout,
                              std::size_t first_body, const std::vector<bool> &drop);
/// The range [first, last) of `drafts` left after dropping header and footer lines at both ends.
std::pair<std::size_t, std::size_t> body_range(const std::vector<Draft> &drafts, bool has_masthead);
/// Appends `text` to `out` in pieces of at most max_bytes, cut at a sentence end or space if possible.
void cut_long(const std::string &text, std::size_t max_bytes, std::vector<std::string> &out);

} // namespace parasearch::detail
