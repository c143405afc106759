// Paragraph splitter: each layout of the UN corpora, on short real excerpts (UN General Debate Corpus,
// CC0; the seed press release; the UDHR), plus line ends, titles, headers and caps.
#include "parasearch/paragraphs.hpp"
#include "parasearch/text.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using parasearch::split_paragraphs;
using parasearch::TextLayout;

namespace {

std::vector<std::string> texts(const parasearch::SplitDocument &doc) {
  std::vector<std::string> out;
  for (const auto &p : doc.paragraphs)
    out.push_back(p.text);
  return out;
}

// Session 50 (1995), AFG: hard-wrapped PDF text with a page number and a page break mid-sentence.
constexpr const char *kWrapped = "On the eve of the\n"
                                 "fiftieth anniversary of the United Nations, the\n"
                                 "representatives of the world\xE2\x80\x99s nations are gathered here\n"
                                 "with hearts full of hope for a better future, as well as for\n"
                                 "the cause of the peace and prosperity of mankind, in an\n"
                                 "atmosphere of great enthusiasm and animation.\n"
                                 "The Afghan nation, in spite of the immense\n"
                                 "difficulties it has encountered, shares that optimism with\n"
                                 "many of the nations represented here, as well as\n"
                                 "confidence in its ability to overcome those challenges.\n"
                                 "We turn to this world family, as an institution\n"
                                 "dedicated to the cause of humanity, the self-determination\n"
                                 "of nations, human rights and democracy, to pronounce\n"
                                 "6\n"
                                 "\n"
                                 "\n"
                                 "itself opposed to the forces aiming to create a bloodbath in\n"
                                 "an already devastated Afghanistan. We support preventive\n"
                                 "diplomacy and the removal of unexploded land-\n"
                                 "mines, and the inter-\n"
                                 "national community must act.\n"
                                 "Short line.\n";

// Session 10 (1955), ARG: one paragraph per line, numbered, tab after the number.
constexpr const char *kLinePerParagraph =
    "107.\tBefore I begin my statement, I should like first of all to express my delegation's pleasure at the "
    "election as President of this august Assembly of an eminent public figure from our sister republic of Chile.\n"
    "108.\tIn addressing this tenth session of the United Nations General Assembly on behalf of the Argentine "
    "Republic, let me say at once that the people of my country are most gratified.\n"
    "109.\tPerhaps at this point I may be allowed to make a digression.\n";

} // namespace

TEST_CASE("splitter: hard-wrapped PDF text is rejoined into paragraphs", "[splitter][wrapped]") {
  const auto doc = split_paragraphs(kWrapped);
  CHECK(doc.layout == TextLayout::kHardWrapped);
  CHECK(doc.title.empty()); // "On the eve of the" continues on the next line: not a title
  const auto t = texts(doc);
  REQUIRE(t.size() >= 3);
  CHECK(t[0].starts_with("On the eve of the fiftieth anniversary of the United Nations, the representatives"));
  CHECK(t[0].ends_with("great enthusiasm and animation."));
  // The page number "6" and the page break are dropped, and the sentence continues across them.
  bool joined_page_break = false;
  for (const auto &p : t) {
    CHECK(p.find("pronounce 6") == std::string::npos);
    if (p.find("to pronounce itself opposed") != std::string::npos) joined_page_break = true;
  }
  CHECK(joined_page_break);
  // Phrases split over a line end are rejoined with a space.
  const std::string all = [&] {
    std::string s;
    for (const auto &p : t)
      s += p + "\n";
    return s;
  }();
  CHECK(all.find("preventive diplomacy") != std::string::npos);
  // Line-end hyphens: "inter-/national" is a syllable break; "self-determination" keeps its hyphen.
  CHECK(all.find("international community") != std::string::npos);
  CHECK(all.find("self-determination") != std::string::npos);
  // "land-/mines": neither form appears elsewhere in this excerpt and both parts are words: a compound,
  // so the hyphen stays (joining made non-words such as "machinereadable").
  CHECK(all.find("unexploded land-mines") != std::string::npos);
}

TEST_CASE("splitter: a hyphenated compound the document uses elsewhere keeps its hyphen", "[splitter][wrapped]") {
  std::string text = kWrapped;
  text += "I turn now to the question of land-mines, which kill thirty people every day in my country and\n"
          "maim many more, most of them children who were born long after the war began there.\n";
  const auto doc = split_paragraphs(text);
  std::string all;
  for (const auto &p : doc.paragraphs)
    all += p.text + "\n";
  CHECK(all.find("unexploded land-mines") != std::string::npos);
}

TEST_CASE("splitter: a hyphenated word the document spells closed elsewhere is joined", "[splitter][wrapped]") {
  std::string text = kWrapped;
  text += "I turn now to the question of landmines, which kill thirty people every day in my country and\n"
          "maim many more, most of them children who were born long after the war began there.\n";
  const auto doc = split_paragraphs(text);
  std::string all;
  for (const auto &p : doc.paragraphs)
    all += p.text + "\n";
  CHECK(all.find("unexploded landmines") != std::string::npos);
}

TEST_CASE("splitter: a line-end hyphen before a capital keeps the hyphen, with no space", "[splitter][wrapped]") {
  // Session 50 (1995): "Secretary-/General" 53 times, "Non-/Proliferation", "Boutros-/Ghali".
  const auto doc = split_paragraphs("We thank the Secretary-\n"
                                    "General, Mr. Boutros Boutros-\n"
                                    "Ghali, for his report, and we welcome the extension of the Treaty on the Non-\n"
                                    "Proliferation of Nuclear Weapons and the work of the inter-\n"
                                    "American system in the region.\n");
  REQUIRE(doc.paragraphs.size() == 1);
  CHECK(doc.paragraphs[0].text == "We thank the Secretary-General, Mr. Boutros Boutros-Ghali, for his report, and "
                                  "we welcome the extension of the Treaty on the Non-Proliferation of Nuclear "
                                  "Weapons and the work of the inter-American system in the region.");
}

TEST_CASE("splitter: line-end hyphens of compounds are kept, syllable breaks joined", "[splitter][wrapped]") {
  // CISI-style abstract (library science): compounds broken at line ends, whose joined forms are not words.
  const auto doc = split_paragraphs("The use of machine-\n"
                                    "readable catalogue records in a library-\n"
                                    "oriented network permits resource-\n"
                                    "sharing between the inter-\n"
                                    "national centres, and the develop-\n"
                                    "ment of the self-\n"
                                    "governing regional systems.\n");
  REQUIRE(doc.paragraphs.size() == 1);
  CHECK(doc.paragraphs[0].text ==
        "The use of machine-readable catalogue records in a library-oriented network permits resource-sharing "
        "between the international centres, and the development of the self-governing regional systems.");
}

TEST_CASE("splitter: a large hard-wrapped file with a hyphen every other line splits correctly",
          "[splitter][wrapped][large]") {
  // The hyphen repair consults the document's vocabulary: built once, this is linear in the file's size
  // (it was a scan of the whole text per hyphen, so a 50 MB file hung). ctest's timeout guards the time;
  // scripts/bench-split measures it.
  const auto code = [](std::size_t i) {
    std::string s;
    do {
      s.insert(s.begin(), static_cast<char>('a' + i % 26));
      i /= 26;
    } while (i > 0);
    return s;
  };
  std::string text, glossary = "Glossary:";
  std::size_t breaks = 0;
  while (text.size() < (std::size_t{4} << 20)) {
    // A word broken at the line end, spelled whole only in the closing glossary: the repair must look
    // at the whole document to join it.
    text += "We note that the delegations of the member states spoke of ex" + code(breaks) + "-\n";
    text += "tension and of the work done in the region so far, and\n";
    glossary += (breaks % 8 == 0 ? "\n" : " ") + ("ex" + code(breaks) + "tension");
    if (++breaks % 10 == 0) text += "the meeting rose.\n";
  }
  text += glossary + ".\n";
  const auto doc = split_paragraphs(text);
  CHECK(doc.layout == TextLayout::kHardWrapped);
  std::size_t continued = 0, hyphens = 0;
  for (const auto &p : doc.paragraphs) {
    for (std::size_t at = p.text.find("tension and"); at != std::string::npos; at = p.text.find("tension and", at + 1))
      ++continued;
    for (std::size_t at = p.text.find("-tension"); at != std::string::npos; at = p.text.find("-tension", at + 1))
      ++hyphens;
  }
  CHECK(breaks > 30000);
  CHECK(continued == breaks); // every broken line is in a paragraph ...
  CHECK(hyphens == 0);        // ... and its word rejoined without the hyphen
  REQUIRE(!doc.paragraphs.empty());
  CHECK(doc.paragraphs.back().text.ends_with(" ex" + code(breaks - 1) + "tension."));
}

TEST_CASE("splitter: one paragraph per line, numbered UN records", "[splitter][line]") {
  const auto doc = split_paragraphs(kLinePerParagraph);
  CHECK(doc.layout == TextLayout::kLinePerParagraph);
  const auto t = texts(doc);
  REQUIRE(t.size() == 3);
  CHECK(t[0].starts_with("107. Before I begin my statement")); // tab collapsed to a space
  CHECK(t[2] == "109. Perhaps at this point I may be allowed to make a digression.");
  CHECK(doc.paragraphs[1].number == 2);
  CHECK(doc.paragraphs[1].first_line == 2);
}

TEST_CASE("splitter: CR, CRLF and LF line ends give the same paragraphs", "[splitter][line-ends]") {
  std::string lf = kLinePerParagraph;
  std::string cr = lf, crlf;
  for (char &c : cr)
    if (c == '\n') c = '\r';
  for (char c : lf)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const auto a = texts(split_paragraphs(lf));
  CHECK(texts(split_paragraphs(cr)) == a);
  CHECK(texts(split_paragraphs(crlf)) == a);
  // And for wrapped text too.
  std::string wcr = kWrapped;
  for (char &c : wcr)
    if (c == '\n') c = '\r';
  CHECK(texts(split_paragraphs(wcr)) == texts(split_paragraphs(kWrapped)));
}

TEST_CASE("splitter: UDHR layout, title then blank-line separated paragraphs", "[splitter][blank]") {
  const char *udhr = "Universal Declaration of Human Rights\n\nPreamble\n\n"
                     "Whereas recognition of the inherent dignity and of the equal and inalienable rights of all "
                     "members of the human family is the foundation of freedom, justice and peace in the world,\n\n"
                     "Whereas disregard and contempt for human rights have resulted in barbarous acts,\n\n"
                     "Article 1\n\n"
                     "All human beings are born free and equal in dignity and rights.\n";
  const auto doc = split_paragraphs(udhr);
  CHECK(doc.layout == TextLayout::kBlankLineSeparated);
  CHECK(doc.title == "Universal Declaration of Human Rights");
  const auto t = texts(doc);
  REQUIRE(!t.empty());
  CHECK(t.front().starts_with("Whereas recognition")); // a leading lone heading is not a passage
  CHECK(t.back() == "All human beings are born free and equal in dignity and rights.");
}

TEST_CASE("splitter: blank-line separated paragraphs of wrapped lines", "[splitter][blank]") {
  const char *text = "The General Assembly met to consider the report of the\n"
                     "Secretary-General on the work of the Organization.\n"
                     "\n"
                     "Several delegations stressed the importance of preventive\n"
                     "diplomacy and of early warning.\n"
                     "\n"
                     "The meeting rose at 1 p.m.\n";
  const auto doc = split_paragraphs(text);
  CHECK(doc.layout == TextLayout::kBlankLineSeparated);
  CHECK(texts(doc) == std::vector<std::string>{
                          "The General Assembly met to consider the report of the Secretary-General on the work of "
                          "the Organization.",
                          "Several delegations stressed the importance of preventive diplomacy and of early warning.",
                          "The meeting rose at 1 p.m."});
}

TEST_CASE("splitter: the seed press release", "[splitter][seed]") {
  const std::string bytes =
      parasearch::test::read_file(parasearch::test::source_dir() / "corpus" / "000_8dde486aecdac76d.txt");
  const auto doc = split_paragraphs(parasearch::decode_text(bytes).text);
  CHECK(doc.title.starts_with("Preventive Diplomacy Encompasses More than Conflict, Secretary-General Tells "
                              "International Meeting on Security Issues"));
  const auto t = texts(doc);
  REQUIRE(t.size() == 8); // 13 lines: title, 2 non-prose, header, 2-line title copy, footer
  CHECK(t.front().starts_with("Following is UN Secretary-General Ban Ki-moon"));
  CHECK(t[3].starts_with("Since taking office, I have tried to make prevention a priority"));
  CHECK(t.back().starts_with("I look forward to hearing about the outcome"));
  for (const auto &p : t) {
    CHECK(p != "| |||");
    CHECK(p != "* *** *");
    CHECK(p.find("Department of Public Information") == std::string::npos); // header
    CHECK(p.find("For information media") == std::string::npos);            // footer
    CHECK(p.find("Preventive Diplomacy Encompasses") == std::string::npos); // title copy
  }
  for (std::size_t i = 0; i < doc.paragraphs.size(); ++i)
    CHECK(doc.paragraphs[i].number == i + 1);
}

TEST_CASE("splitter: non-prose lines are never passages", "[splitter]") {
  const auto table =
      GENERATE(as<std::string>{}, "| |||", "* *** *", "----", "12", "- 3 -", "Page 4 of 9", "\xE2\x80\xA2");
  const std::string text =
      "First paragraph of the statement ends here.\n" + table + "\nSecond paragraph of the statement ends here.\n";
  const auto t = texts(split_paragraphs(text));
  CHECK(t == std::vector<std::string>{"First paragraph of the statement ends here.",
                                      "Second paragraph of the statement ends here."});
}

TEST_CASE("splitter: empty and whitespace-only input give no paragraphs", "[splitter]") {
  CHECK(split_paragraphs("").paragraphs.empty());
  CHECK(split_paragraphs("\n\n  \r\n\t\n").paragraphs.empty());
  CHECK(split_paragraphs("| |||\n* *** *\n").paragraphs.empty());
}

TEST_CASE("splitter: over-long paragraphs are cut at sentence ends under the cap", "[splitter][limits]") {
  std::string line;
  for (int i = 0; i < 2000; ++i)
    line += "This is sentence number " + std::to_string(i) + ". ";
  parasearch::SplitOptions options;
  options.max_paragraph_bytes = 1000;
  const auto doc = split_paragraphs(line, options);
  REQUIRE(doc.paragraphs.size() > 50);
  std::string rejoined;
  for (const auto &p : doc.paragraphs) {
    CHECK(p.text.size() <= 1000);
    CHECK(p.text.ends_with("."));
    rejoined += p.text + " ";
  }
  CHECK(rejoined == line); // nothing lost
}

TEST_CASE("splitter: a single word longer than the cap is cut on a UTF-8 boundary", "[splitter][limits]") {
  std::string word;
  for (int i = 0; i < 600; ++i)
    word += "\xC3\xA9"; // é, two bytes each
  parasearch::SplitOptions options;
  options.max_paragraph_bytes = 101;
  const auto doc = split_paragraphs("Intro sentence here.\n" + word + "\n", options);
  for (const auto &p : doc.paragraphs) {
    CHECK(p.text.size() <= 101);
    CHECK(parasearch::is_valid_utf8(p.text));
  }
}

TEST_CASE("splitter: title detection", "[splitter][title]") {
  SECTION("a heading followed by prose lines is the title") {
    const auto doc = split_paragraphs("Statement by the Prime Minister\nI thank you, Mr. President.\nWe meet "
                                      "in difficult times.\n");
    CHECK(doc.title == "Statement by the Prime Minister");
    CHECK(doc.paragraphs.size() == 2);
  }
  SECTION("a first line that ends a sentence is a paragraph, not a title") {
    const auto doc = split_paragraphs(kLinePerParagraph);
    CHECK(doc.title.empty());
    CHECK(doc.paragraphs.size() == 3);
  }
  SECTION("title detection can be turned off") {
    parasearch::SplitOptions options;
    options.detect_title = false;
    const auto doc = split_paragraphs("Statement by the Prime Minister\nI thank you, Mr. President.\n", options);
    CHECK(doc.title.empty());
  }
}

TEST_CASE("splitter: a short first line that is not taken as the title stays a passage", "[splitter][title]") {
  // A SciFact-style record: its title line is not capitalised like a title, and must not be lost.
  const auto doc = split_paragraphs("Microstructural development of human newborn cerebral white matter\n\n"
                                    "Alterations of the architecture of cerebral white matter in the developing "
                                    "human brain can affect cortical development.\n");
  REQUIRE(doc.paragraphs.size() == 2);
  CHECK(doc.paragraphs[0].text == "Microstructural development of human newborn cerebral white matter");
}
