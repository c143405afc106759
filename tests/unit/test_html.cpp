// The HTML reader (formats/html*.cpp) through extract_document(): charsets and entities, BOMs, the
// boilerplate it drops on small crafted pages, table rows, title and language, depth and size limits.
#include "parasearch/extract.hpp"
#include "parasearch/text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

namespace {

using parasearch::ExtractedDocument;
using parasearch::Format;

ExtractedDocument read(const std::string &html) { return parasearch::extract_document(html, Format::kHtml); }

std::vector<std::string> texts(const ExtractedDocument &doc) {
  std::vector<std::string> out;
  for (const auto &p : doc.paragraphs)
    out.push_back(p.text);
  return out;
}

bool any_contains(const ExtractedDocument &doc, const std::string &needle) {
  return std::any_of(doc.paragraphs.begin(), doc.paragraphs.end(),
                     [&](const auto &p) { return p.text.find(needle) != std::string::npos; });
}

const std::string kArticle = "<p>The Security Council met on Tuesday to discuss the situation in Libya, where fighting "
                             "has displaced thousands of families since the spring.</p>"
                             "<p>Members called for an immediate ceasefire, for humanitarian access to the affected "
                             "areas, and for the resumption of the political process.</p>";

} // namespace

TEST_CASE("html: entities are decoded, in the title and the text", "[html][charset]") {
  const auto doc = read("<html><head><title>Communiqu&eacute; de presse</title></head><body>"
                        "<p>Le Conseil &agrave; l&#39;unanimit&#xE9; &mdash; caf&eacute;&nbsp;cr&egrave;me, "
                        "5 &lt; 6 &amp; 7 &gt; 3, comme pr&eacute;vu dans la r&eacute;solution.</p></body></html>");
  CHECK(doc.format == Format::kHtml);
  CHECK(doc.title == "Communiqué de presse");
  REQUIRE(doc.paragraphs.size() == 1);
  CHECK(doc.paragraphs[0].text ==
        "Le Conseil à l'unanimité — café crème, 5 < 6 & 7 > 3, comme prévu dans la résolution.");
}

TEST_CASE("html: a declared legacy charset is decoded, but UTF-8 wins over a stale declaration", "[html][charset]") {
  SECTION("windows-1252 declared with <meta charset>") {
    const auto doc = read("<html><head><meta charset=\"windows-1252\"></head><body><p>D\xE9\x63laration "
                          "\x93universelle\x94 des droits de l\x92homme, adopt\xE9\x65 \xE0 Paris.</p></body></html>");
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0].text == "Déclaration “universelle” des droits de l’homme, adoptée à Paris.");
  }
  SECTION("ISO-8859-1 in an http-equiv content type is read as windows-1252, as browsers do") {
    const auto doc = read("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
                          "</head><body><p>Caf\xE9 \x96 cr\xE8me br\xFBl\xE9\x65, a dessert of the region.</p></body>"
                          "</html>");
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0].text == "Café – crème brûlée, a dessert of the region.");
  }
  SECTION("GB2312 declared, real GB2312 bytes") {
    // "人权" (human rights) in GB2312 is C8 CB C8 A8.
    const auto doc = read("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>"
                          "<body><p>\xC8\xCB\xC8\xA8 and more words to make a paragraph.</p></body></html>");
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0].text == "人权 and more words to make a paragraph.");
  }
  SECTION("GB2312 declared, but the page was re-saved as UTF-8 (web-html/qq)") {
    const auto doc = read("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
                          "</head><body><p>人人生而自由，在尊严和权利上一律平等。</p></body></html>");
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0].text == "人人生而自由，在尊严和权利上一律平等。");
  }
  SECTION("nothing declared, not UTF-8: windows-1252") {
    const auto doc = read("<html><body><p>R\xE9sum\xE9 of the d\xE9\x62\x61t g\xE9n\xE9ral.</p></body></html>");
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0].text == "Résumé of the débat général.");
  }
  SECTION("broken UTF-8 in a UTF-8 page becomes U+FFFD, output stays valid") {
    const auto doc = read("<html><head><meta charset=utf-8></head><body><p>Na\xC3\xAFve text \xC3 with one bad "
                          "byte and then more than enough ordinary words.</p></body></html>");
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(parasearch::is_valid_utf8(doc.paragraphs[0].text));
    CHECK(doc.paragraphs[0].text.find("Naïve") == 0);
  }
}

TEST_CASE("html: a BOM, a double-encoded BOM (DHL tables) and two of them are stripped", "[html][charset][bom]") {
  const std::string body = "<table><tr><td>S/PV.7599</td><td>31 December</td><td>Peacekeeping</td></tr></table>";
  for (const std::string prefix : {"\xEF\xBB\xBF", "\xC3\xAF\xC2\xBB\xC2\xBF", "\xC3\xAF\xC2\xBB\xC2\xBF\t\r\n",
                                   "\xEF\xBB\xBF\xEF\xBB\xBF", "\xC3\xAF\xC2\xBB\xC2\xBF\xC3\xAF\xC2\xBB\xC2\xBF"}) {
    const auto doc = read(prefix + body);
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0].text == "S/PV.7599 | 31 December | Peacekeeping");
  }
  // The double-encoded BOM is not taken for text in a legacy encoding either: é stays é.
  const auto doc = read("\xC3\xAF\xC2\xBB\xC2\xBF<p>Communiqu&eacute; on the situation in the Middle East.</p>");
  REQUIRE(doc.paragraphs.size() == 1);
  CHECK(doc.paragraphs[0].text == "Communiqué on the situation in the Middle East.");
}

TEST_CASE("html: detect_format sniffs markup, or trusts .html/.htm/.xhtml with markup in it", "[html][detect]") {
  using parasearch::detect_format;
  CHECK(detect_format("<!DOCTYPE html><html><body>x</body></html>", "page") == Format::kHtml);
  CHECK(detect_format("\xEF\xBB\xBF  <!-- generated -->\n<HTML lang=en>", "notes.txt") == Format::kHtml);
  CHECK(detect_format("\xC3\xAF\xC2\xBB\xC2\xBF<head><title>t</title>", "x") == Format::kHtml);
  CHECK(detect_format("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", "a") == Format::kHtml);
  CHECK(detect_format("<body>", "a") == Format::kHtml);
  CHECK(detect_format("\xC3\xAF\xC2\xBB\xC2\xBF<link href=\"x.css\"/><table>", "scact2015_table_en.html") ==
        Format::kHtml);
  CHECK(detect_format("<link href=\"x.css\"/><table>", "PAGE.HTM") == Format::kHtml);
  // Not HTML: text that merely mentions tags, a .html file without markup, <htmlx>.
  CHECK(detect_format("Use the <html> element to start a page.", "notes.txt") == Format::kText);
  CHECK(detect_format("Plain words only.", "page.html") == Format::kText);
  CHECK(detect_format("<htmlx>", "a") == Format::kText);
}

TEST_CASE("html: boilerplate is dropped, the article's paragraphs are the passages", "[html][boilerplate]") {
  const std::string page =
      "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Council meets on Libya | UN News</title>"
      "<style>p { color: red }</style><script>var tracking = 'script text';</script></head><body>"
      "<div class=\"cookie-banner\">We use cookies to improve your experience. Accept all cookies?</div>"
      "<header><a href=\"/\">UN News</a> <a href=\"/topics\">Topics</a> Global perspective human stories</header>"
      "<nav><ul><li><a href=\"/a\">Africa</a></li><li><a href=\"/b\">Americas</a></li></ul></nav>"
      "<div id=\"main\"><h1>Council meets on Libya</h1>" +
      kArticle +
      "<h2>Next steps</h2><p>A draft resolution is expected next week, after consultations with the "
      "regional organizations and the parties.</p>"
      "<ul class=\"links\"><li><a href=\"/1\">Read the statement in full on the website</a></li>"
      "<li><a href=\"/2\">Watch the meeting on UN Web TV today</a></li></ul>"
      "<form action=\"/subscribe\"><label>Email</label><input name=e><button>Subscribe now</button></form>"
      "</div><aside><p>Most read: Other stories you may like, with many more words in them.</p></aside>"
      "<noscript>Please enable JavaScript to view this page properly.</noscript>"
      "<template><p>Template content never shown to a reader at all.</p></template>"
      "<div style=\"display: none\">Hidden text that a reader never sees on the page.</div>"
      "<footer>Copyright United Nations. Terms of use. Privacy notice. Fraud alert.</footer></body></html>";
  const auto doc = read(page);
  CHECK(doc.language == "en");
  CHECK(doc.title == "Council meets on Libya"); // the <title>'s " | UN News" dropped: what is left is the <h1>
  const std::vector<std::string> want = {
      "The Security Council met on Tuesday to discuss the situation in Libya, where fighting has displaced "
      "thousands of families since the spring.",
      "Members called for an immediate ceasefire, for humanitarian access to the affected areas, and for the "
      "resumption of the political process.",
      "Next steps — A draft resolution is expected next week, after consultations with the regional "
      "organizations and the parties."};
  CHECK(texts(doc) == want);
}

TEST_CASE("html: a page of text without scoring paragraphs keeps its body, minus the chrome", "[html][boilerplate]") {
  const auto doc = read("<html><body><nav><a href=\"/\">Home</a></nav><div><p>Short note.</p><p>Second line of "
                        "it.</p></div><footer>(c) Someone</footer></body></html>");
  CHECK(texts(doc) == std::vector<std::string>{"Short note.", "Second line of it."});
}

TEST_CASE("html: list items, block quotes and pre are passages of their own", "[html][blocks]") {
  const auto doc = read("<html><body><article>" + kArticle +
                        "<ul><li>First, the parties must respect the ceasefire.</li><li>Second, aid must reach "
                        "those in need.</li></ul><blockquote>We will not fail the people of Libya, said the "
                        "President.</blockquote><p>Line one<br>still line one<br><br>A new paragraph after two "
                        "breaks, as old pages write them.</p></article></body></html>");
  const auto t = texts(doc);
  REQUIRE(t.size() == 7);
  CHECK(t[2] == "First, the parties must respect the ceasefire.");
  CHECK(t[3] == "Second, aid must reach those in need.");
  CHECK(t[4] == "We will not fail the people of Libya, said the President.");
  CHECK(t[5] == "Line one still line one");
  CHECK(t[6] == "A new paragraph after two breaks, as old pages write them.");
}

TEST_CASE("html: each row of a data table is one passage, cells joined with ' | '", "[html][table]") {
  const auto doc = read("<table summary=\"Meetings\"><tr><th colspan=\"3\">Meetings conducted by the Security "
                        "Council in 2015</th></tr><tr><th>Record</th><th>Date</th><th>Topic</th></tr>"
                        "<tr><td><a href=\"/S/PV.7599\">S/PV.7599</a></td><td>31 December</td>"
                        "<td>United Nations peacekeeping operations</td></tr>"
                        // a row without its <tr> (DHL 2017) and one whose cells hold paragraphs (DHL 1985)
                        "<td><a href=\"/S/PV.7598\">S/PV.7598</a></td><td>23 December</td>"
                        "<td>The situation in Libya</td></tr>"
                        "<tr><th><p>S/PV.2623</p></th><th><p>17 October</p></th><td>The question of South "
                        "Africa</td></tr></table>");
  CHECK(doc.title == "Meetings conducted by the Security Council in 2015"); // no <title>: the table's caption row
  const std::vector<std::string> want = {"S/PV.7599 | 31 December | United Nations peacekeeping operations",
                                         "S/PV.7598 | 23 December | The situation in Libya",
                                         "S/PV.2623 | 17 October | The question of South Africa"};
  CHECK(texts(doc) == want); // the column names row (th only) is not a passage
}

TEST_CASE("html: title from og:title, <title> or <h1>, language from lang, meta or og:locale", "[html][title]") {
  CHECK(read("<html><head><meta property=\"og:title\" content=\"OG title\"><title>T | Site</title></head>"
             "<body><h1>H</h1></body></html>")
            .title == "OG title");
  // A separator but the rest is not the <h1>: kept whole (it may be part of the title).
  CHECK(read("<html><head><title>Peace - and security</title></head><body><h1>Other</h1></body></html>").title ==
        "Peace - and security");
  CHECK(read("<html><body><h1>Only a heading</h1><p>Text.</p></body></html>").title == "Only a heading");
  CHECK(read("<html lang=\"FR-ca\"><body><p>x</p></body></html>").language == "fr");
  CHECK(read("<html><head><meta http-equiv=\"content-language\" content=\"es\"></head></html>").language == "es");
  CHECK(read("<html><head><meta property=\"og:locale\" content=\"ru_RU\"></head></html>").language == "ru");
  CHECK(read("<html lang=\"x-klingon\"><body></body></html>").language.empty());
  // The heading that repeats the title is not a passage again.
  const auto doc =
      read("<html><head><title>Council meets</title></head><body><h1>Council meets</h1>" + kArticle + "</body></html>");
  CHECK_FALSE(any_contains(doc, "Council meets"));
}

TEST_CASE("html: 100,000 nested elements give their text, without a crash or quadratic time", "[html][limits]") {
  constexpr int kDepth = 100000;
  const std::string text = "The deepest paragraph holds the text, with commas, that a reader would see.";
  for (const std::string tag : {"div", "blockquote", "span", "table"}) {
    std::string page = "<html><body>";
    for (int i = 0; i < kDepth; ++i)
      page += "<" + tag + ">";
    page += text;
    if (tag != "table") // unclosed tables too
      for (int i = 0; i < kDepth; ++i)
        page += "</" + tag + ">";
    const std::clock_t start = std::clock();
    const auto doc = read(page);
    const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    INFO(tag << ": " << seconds << " s of CPU");
    CHECK(seconds < 10);
    CHECK(any_contains(doc, "deepest paragraph"));
  }
}

TEST_CASE("html: a 50 MB page is read in linear time, every paragraph kept", "[html][limits][slow]") {
  const std::string para = "<p>The Security Council, recalling its resolutions, expresses grave concern at the "
                           "situation and calls upon all parties to respect the ceasefire, number ";
  const auto make = [&](std::size_t bytes, std::size_t &count) {
    std::string page = "<html><head><title>Big</title></head><body><article>";
    for (count = 0; page.size() < bytes; ++count)
      page += para + std::to_string(count) + ".</p>\n";
    return page + "</article></body></html>";
  };
  const auto time_it = [&](std::size_t bytes) {
    std::size_t count = 0;
    const std::string page = make(bytes, count);
    const std::clock_t start = std::clock(); // CPU time: other processes on the machine do not count
    const auto doc = read(page);
    const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    REQUIRE(doc.paragraphs.size() == count);
    CHECK(doc.paragraphs.back().text.ends_with("number " + std::to_string(count - 1) + "."));
    return seconds;
  };
  const double small = time_it(std::size_t{5} << 20);
  const double large = time_it(std::size_t{50} << 20);
  INFO("5 MB: " << small << " s, 50 MB: " << large << " s of CPU");
  CHECK(large < 20 * std::max(small, 0.01)); // 10x the input, 10x the time (20x: cache and allocator noise)
}

TEST_CASE("html: malformed markup never crashes and gives valid UTF-8", "[html][malformed]") {
  for (const std::string page :
       {"", "<", "<html", "<p>unclosed <b>bold <i>italic", "</p></div></table>", "<table><td>a<td>b</table>",
        "<!-- never closed", "<p a='\xFF\xFE'>&#xD800;&#0;&#x110000;&bogus; text</p>", "<script>never closed",
        "<title>only a title", "\xFF\xFE<\0h\0t\0m\0l\0>\0", "<tr><td>row outside a table</td></tr>"}) {
    const auto doc = read(page);
    CHECK(parasearch::is_valid_utf8(doc.title));
    for (const auto &p : doc.paragraphs) {
      CHECK(parasearch::is_valid_utf8(p.text));
      CHECK_FALSE(p.text.empty());
    }
  }
}

TEST_CASE("html: a layout table's cell holding the article keeps its paragraphs apart", "[html][table]") {
  // As web-html/clean-links: the whole story inside one <td>, with headings and many paragraphs.
  std::string page = "<html><body><center><table width=\"675\"><tr><td><h3>Study Webtext</h3>"
                     "<h2>Bartleby the Scrivener</h2>";
  for (int i = 1; i <= 6; ++i)
    page += "<p>Paragraph " + std::to_string(i) +
            " of the story, long enough to be a paragraph that a reader would read as one, with commas.</p>";
  page += "</td></tr></table></center></body></html>";
  const auto doc = read(page);
  REQUIRE(doc.paragraphs.size() == 7); // the first heading alone, the second joined to paragraph 1
  CHECK(doc.paragraphs[0].text == "Study Webtext");
  CHECK(doc.paragraphs[1].text.starts_with("Bartleby the Scrivener — Paragraph 1 of the story"));
  CHECK(doc.paragraphs[6].text ==
        "Paragraph 6 of the story, long enough to be a paragraph that a reader would read as one, with commas.");
}
