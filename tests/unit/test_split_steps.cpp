// The splitter's steps (indexer/split_steps.hpp) one by one, on short inputs modelled on the UN corpora.
#include "indexer/split_steps.hpp"

#include <catch2/catch.hpp>

using namespace parasearch::detail;
using parasearch::TextLayout;

namespace {

// The content lines of `text` (LF line ends); `lines` must outlive the result.
std::vector<Content> content_of(const std::vector<Line> &lines) { return content_lines(lines); }

std::string_view str(std::string_view text, const Line &l) { return text.substr(l.begin, l.end - l.begin); }

} // namespace

TEST_CASE("split steps: line ends are normalised to LF", "[splitter][steps]") {
  CHECK(normalise_line_ends("a\r\nb\rc\nd\r\r\n") == "a\nb\nc\nd\n\n");
  CHECK(normalise_line_ends("").empty());
}

TEST_CASE("split steps: marks a line break left inside a word are removed, others kept", "[splitter][steps]") {
  // UN General Debate Corpus, session 37: "responsi¬bility", "interna¬tionally" (U+00AC).
  CHECK(join_broken_words("its responsi\xC2\xAC"
                          "bility, interna\xC2\xAC"
                          "tionally") == "its responsibility, internationally");
  CHECK(join_broken_words("co\xC2\xAD"
                          "operation") == "cooperation"); // soft hyphen between letters
  CHECK(join_broken_words("Viet\xC2\xAC"
                          "Nam") == "Viet\xC2\xAC"
                                    "Nam"); // before a capital: kept
  CHECK(join_broken_words("p \xC2\xAC"
                          "q, \xC2\xAC"
                          "x") == "p \xC2\xAC"
                                  "q, \xC2\xAC"
                                  "x");                     // logic
  CHECK(join_broken_words("end\xC2\xAD") == "end\xC2\xAD"); // nothing after it
  CHECK(join_broken_words("\xC3\xA9t\xC3\xA9\xC2\xAC"
                          "\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9\xC3\xA9t\xC3\xA9");
  CHECK(has_word_break_marks("a\xC2\xAD"
                             "b"));
  CHECK_FALSE(has_word_break_marks("plain text"));
}

TEST_CASE("split steps: each line is described", "[splitter][steps]") {
  const std::string text = "  Statement by the Minister  \n"
                           "\n"
                           "the inter-\n"
                           "12\n"
                           "1. We agree, as \xE2\x80\x9Cwe said.\xE2\x80\x9D\n"
                           "| |||\n"
                           "\n\n";
  const std::vector<Line> lines = describe_lines(text);
  REQUIRE(lines.size() == 6); // trailing blank lines dropped
  CHECK(str(text, lines[0]) == "Statement by the Minister");
  CHECK(lines[0].width == 25);
  CHECK_FALSE(lines[0].ends_sentence);
  CHECK(is_heading_like(lines[0]));
  CHECK(lines[1].blank);
  CHECK(lines[2].starts_lower);
  CHECK(lines[2].ends_hyphen);
  CHECK(lines[2].ends_weak);
  CHECK(lines[3].skippable); // a page number
  CHECK(lines[4].list_item);
  CHECK(lines[4].ends_sentence); // the closing quote is skipped
  CHECK(lines[5].skippable);     // no letters
  CHECK(lines[4].number == 5);

  const std::vector<Content> content = content_of(lines);
  REQUIRE(content.size() == 3);
  CHECK(content[1].blank_before);
  CHECK_FALSE(content[2].blank_before);
}

TEST_CASE("split steps: the layout is detected from line statistics", "[splitter][steps]") {
  const std::string wrapped = "We turn to this world family, as an institution\n"
                              "dedicated to the cause of humanity, the self-determination\n"
                              "of nations, human rights and democracy, to pronounce\n"
                              "itself opposed to the forces aiming to create a bloodbath in\n"
                              "an already devastated Afghanistan.\n";
  const std::string per_line = "First paragraph of the statement ends here.\n"
                               "Second paragraph of the statement ends here.\n"
                               "Third paragraph of the statement ends here.\n";
  const std::string blank = "First paragraph of the\nstatement ends here.\n\nSecond paragraph ends here.\n\nThird.\n";
  const std::vector<Line> w = describe_lines(wrapped), p = describe_lines(per_line), b = describe_lines(blank);
  CHECK(detect_layout(content_of(w)) == TextLayout::kHardWrapped);
  CHECK(detect_layout(content_of(p)) == TextLayout::kLinePerParagraph);
  CHECK(detect_layout(content_of(b)) == TextLayout::kBlankLineSeparated);
  // A heading first line does not change the body's layout.
  const std::string titled = "Statement by the Minister\n" + wrapped;
  const std::vector<Line> t = describe_lines(titled);
  CHECK(detect_body_layout(content_of(t)) == TextLayout::kHardWrapped);
}

TEST_CASE("split steps: the title and its wrapped copy are found", "[splitter][steps]") {
  const std::string text = "Preventive Diplomacy Encompasses More than Conflict\n"
                           "\n"
                           "Preventive Diplomacy Encompasses\n"
                           "More than Conflict\n"
                           "Following is the statement of the Secretary-General.\n";
  const std::vector<Line> lines = describe_lines(text);
  const std::vector<Content> content = content_of(lines);
  std::string title;
  const std::size_t first_body = find_title(text, content, TextLayout::kLinePerParagraph, title);
  CHECK(first_body == 1);
  CHECK(title == "Preventive Diplomacy Encompasses More than Conflict");
  CHECK(find_title_copies(text, content, first_body, title) == std::vector<bool>{false, true, true, false});
  // A first line that ends a sentence is no title.
  title.clear();
  const std::vector<Line> prose = describe_lines("We meet in difficult times.\nI thank you.\n");
  CHECK(find_title("We meet in difficult times.\nI thank you.\n", content_of(prose), TextLayout::kLinePerParagraph,
                   title) == 0);
  CHECK(title.empty());
  CHECK(reads_like_title("Statement by the Prime Minister"));
  CHECK_FALSE(reads_like_title("On the eve of the"));
}

TEST_CASE("split steps: the vocabulary holds the document's words but not halves of broken ones",
          "[splitter][steps][hyphen]") {
  const Vocabulary v("The Land-mines and the inter-\n  national community, long-\nterm \xC3\x89tat.\n");
  CHECK(v.has("land-mines"));
  CHECK(v.has("land"));
  CHECK(v.has("mines"));
  CHECK(v.has("community"));
  CHECK(v.has("\xC3\xA9tat")); // lower-cased beyond ASCII
  CHECK_FALSE(v.has("inter"));
  CHECK_FALSE(v.has("national"));
  CHECK_FALSE(v.has("international"));
  CHECK_FALSE(v.has("long"));
  CHECK_FALSE(v.has("term"));
}

TEST_CASE("split steps: repair_hyphen weighs the document's spelling, then prefixes, then syllable breaks",
          "[splitter][steps][hyphen]") {
  const Vocabulary v("Peacekeeping and peacekeeping, or peace-keeping; decision-making; land-mines and landmines;\n"
                     "ethnic groups.\n");
  CHECK(v.count("peacekeeping") == 2);
  CHECK(v.count("peace-keeping") == 1);
  struct Case {
    const char *before, *after;
    HyphenRepair want;
  };
  const auto c = GENERATE(values<Case>({
      {"peace", "keeping", HyphenRepair::kJoin},   // the document writes it closed more often
      {"decision", "making", HyphenRepair::kKeep}, // the document writes it with a hyphen
      {"land", "mines", HyphenRepair::kKeep},      // a tie: keep
      {"self", "governing", HyphenRepair::kKeep},  // a prefix that keeps its hyphen
      {"Non", "governmental", HyphenRepair::kKeep},
      {"inter", "national", HyphenRepair::kJoin},   // a bound prefix: a syllable break
      {"multi", "lateralism", HyphenRepair::kJoin}, // mostly closed, and "lateralism" is no word here
      {"multi", "ethnic", HyphenRepair::kKeep},     // ... but "ethnic" is
      {"develop", "ment", HyphenRepair::kJoin},     // a suffix that is no word
      {"Organiza", "tion", HyphenRepair::kJoin},
      {"machine", "readable", HyphenRepair::kKeep}, // no evidence: a compound is the safe guess
      {"resource", "sharing", HyphenRepair::kKeep},
  }));
  INFO(c.before << "-" << c.after);
  CHECK(repair_hyphen(c.before, c.after, v) == c.want);
}

TEST_CASE("split steps: lines are joined with whitespace collapsed", "[splitter][steps]") {
  const std::string text = "preventive\tdiplomacy  and the\n";
  LineJoiner joiner(text);
  std::string para;
  joiner.append(para, "preventive\tdiplomacy  and the");
  joiner.append(para, "work of the Organization.");
  CHECK(para == "preventive diplomacy and the work of the Organization.");
}

TEST_CASE("split steps: header and footer drafts are dropped at both ends", "[splitter][steps]") {
  const std::vector<Draft> drafts = {{"Department of Public Information", 1},
                                     {"The Secretary-General said that prevention is a priority.", 3},
                                     {"For information media", 9}};
  CHECK(body_range(drafts, true) == std::pair<std::size_t, std::size_t>{1, 2});
  CHECK(body_range(drafts, false) == std::pair<std::size_t, std::size_t>{0, 3}); // no masthead: keep them
}

TEST_CASE("split steps: a long paragraph is cut at sentence ends", "[splitter][steps]") {
  std::vector<std::string> pieces;
  cut_long("One sentence here. Two sentence here. Three sentence here.", 40, pieces);
  CHECK(pieces == std::vector<std::string>{"One sentence here. Two sentence here.", "Three sentence here."});
}
