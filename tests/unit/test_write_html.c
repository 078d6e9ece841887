/* test_write_html.c - the HTML writer and the index page: the sample
 * document against a golden page (byte for byte), escaping of hostile text
 * and addresses, lang and title, heading levels, labels, exempt marks, and
 * the index. */
#include "html.h"
#include "html_index.h"
#include "style.h"
#include "testutil.h"
#include "write.h"

#include <string.h>

/* ---- helpers -------------------------------------------------------------- */

static char *html_of(const doc_document *doc)
{
    house_style *style = style_default();
    GByteArray *bytes = g_byte_array_new();
    write_sink sink;
    write_sink_to_bytes(&sink, bytes);
    write_options opt = {.source_date_epoch = -1};
    GError *error = NULL;
    ck_assert_msg(write_html(doc, style, &opt, &sink, &error), "write_html: %s",
                  error ? error->message : "");
    g_byte_array_append(bytes, (const guint8 *)"", 1);
    style_free(style);
    return (char *)g_byte_array_free(bytes, FALSE);
}

static char *index_of(const html_index *index)
{
    house_style *style = style_default();
    GByteArray *bytes = g_byte_array_new();
    write_sink sink;
    write_sink_to_bytes(&sink, bytes);
    GError *error = NULL;
    ck_assert_msg(write_html_index(index, style, &sink, &error), "write_html_index: %s",
                  error ? error->message : "");
    g_byte_array_append(bytes, (const guint8 *)"", 1);
    style_free(style);
    return (char *)g_byte_array_free(bytes, FALSE);
}

#define assert_contains(haystack, needle)                                                  \
    ck_assert_msg(strstr((haystack), (needle)) != NULL, "missing: %s", (needle))
#define assert_lacks(haystack, needle)                                                     \
    ck_assert_msg(strstr((haystack), (needle)) == NULL, "should not be there: %s", (needle))

/* Compare with tests/data/golden/NAME; UPDATE_GOLDEN=1 rewrites it. */
static void assert_golden(const char *name, const char *actual)
{
    char *path = g_build_filename(PAPERS_TEST_DATA, "golden", name, NULL);
    if (g_getenv("UPDATE_GOLDEN"))
        ck_assert(g_file_set_contents(path, actual, -1, NULL));
    char *expected = testutil_read(path, NULL);
    ck_assert_msg(expected != NULL, "missing golden file %s", path);
    ck_assert_str_eq(actual, expected);
    g_free(expected);
    g_free(path);
}

/* A document of one paragraph whose text is text; prepared. */
static doc_document *one_paragraph(const char *text)
{
    doc_document *doc = doc_document_new();
    testutil_add_para(doc, doc_document_root(doc), text);
    testutil_prepare(doc);
    return doc;
}

/* A document of one paragraph holding a link to url with text (NULL: none). */
static doc_document *one_link(const char *url, const char *text)
{
    doc_document *doc = doc_document_new();
    doc_node *p = testutil_add(doc, doc_document_root(doc), DOC_PARAGRAPH);
    testutil_add_text(doc, p, "See ");
    doc_node *link = testutil_add(doc, p, DOC_LINK);
    ck_assert(doc_node_set_url(link, url));
    if (text)
        testutil_add_text(doc, link, text);
    testutil_prepare(doc);
    return doc;
}

/* ---- the sample page ----------------------------------------------------- */

START_TEST(sample_document_golden)
{
    doc_document *doc = testutil_sample_document();
    char *html = html_of(doc);
    assert_golden("sample.html", html);
    char *again = html_of(doc);
    ck_assert_str_eq(html, again); /* deterministic */
    g_free(again);
    g_free(html);
    doc_document_free(doc);
}
END_TEST

START_TEST(sample_has_the_pages_parts)
{
    doc_document *doc = testutil_sample_document();
    char *html = html_of(doc);
    ck_assert(g_str_has_prefix(html, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n"));
    assert_contains(html, "<title>Community Safety Strategy 2019-2021</title>");
    assert_contains(html, "<meta name=\"viewport\"");
    /* The title block is the h1; the headings below it start at h2. */
    assert_contains(html, "<h1 class=\"title\"><span class=\"title1\">REPORT OF THE CABINET"
                          "</span>\n<span class=\"title2\">");
    assert_contains(html, "<h2 id=\"purpose/heading-1\" class=\"level1\">Purpose");
    assert_contains(html, "<h3 id=\"themes/heading-2\" class=\"level2\">Themes and plans</h3>");
    /* The labels the text and the PDF print. */
    assert_contains(html, "\">1.</span> This report");
    assert_contains(html, "\">3.</span> The Strategy");
    assert_contains(html, "<ol role=\"list\"");
    assert_contains(html, "\">2.</span> Second step.");
    assert_contains(html, "aria-hidden=\"true\">•</span> Identify");
    assert_contains(html, "aria-hidden=\"true\">◦</span> A nested point.");
    /* The table's header cells, the motion and the signature. */
    assert_contains(html, "<thead>\n<tr><th scope=\"col\"><p>Theme</p>");
    assert_contains(html, "<div class=\"motion\">");
    assert_contains(html, "<div class=\"signature\">");
    /* Escaped text and address. */
    assert_contains(html, "Background &amp; “Context”");
    assert_contains(html, "and &lt;angle&gt; &apos;quotes&apos;");
    assert_contains(html,
                    "<a href=\"https://example.org/search?q=a&amp;b=&lt;c&gt;&quot;d&quot;\">");
    assert_lacks(html, "<script");
    assert_lacks(html, "style=\"");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

/* A table's caption is its <caption>, escaped, before the columns. */
START_TEST(table_caption_is_the_caption)
{
    doc_document *doc = testutil_sample_document();
    ck_assert(doc_node_set_caption(testutil_first(doc, DOC_TABLE), "Table 1: Themes & plans",
                                   NULL));
    char *html = html_of(doc);
    assert_contains(html, "\n<caption>Table 1: Themes &amp; plans</caption>\n<colgroup>");
    assert_contains(html, "caption{font-size:");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

/* ---- lang and title ----------------------------------------------------------- */

START_TEST(language_from_document_or_default)
{
    doc_document *doc = one_paragraph("Text.");
    char *html = html_of(doc);
    assert_contains(html, "<html lang=\"en-GB\">");
    g_free(html);
    doc_document_set_meta(doc, DOC_META_LANGUAGE, "cy");
    html = html_of(doc);
    assert_contains(html, "<html lang=\"cy\">");
    g_free(html);
    doc_document_set_meta(doc, DOC_META_LANGUAGE, "en\"><script>alert(1)</script>");
    html = html_of(doc);
    assert_contains(html, "<html lang=\"en-GB\">");
    assert_lacks(html, "<script");
    g_free(html);
    doc_document_free(doc);

    static const char *const good[] = {"en", "en-GB", "cy-GB", "sr-Latn-RS", "de-CH-1996"};
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++)
        ck_assert_str_eq(html_language(good[i]), good[i]);
    static const char *const bad[] = {"", "e", "en-", "-GB", "en_GB", "en GB", "1a",
                                      "en-toolongsubtag", "en--GB"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
        ck_assert_str_eq(html_language(bad[i]), HTML_DEFAULT_LANGUAGE);
    ck_assert_str_eq(html_language(NULL), HTML_DEFAULT_LANGUAGE);
}
END_TEST

START_TEST(title_from_meta_title_block_or_default)
{
    doc_document *doc = one_paragraph("Text.");
    char *html = html_of(doc);
    assert_contains(html, "<title>Document</title>");
    g_free(html);
    doc_document_free(doc);

    doc = doc_document_new();
    doc_node *t = testutil_add(doc, doc_document_root(doc), DOC_TITLE);
    doc_node_set_level(t, 1);
    testutil_add_text(doc, t, "Cabinet <report>");
    testutil_prepare(doc);
    html = html_of(doc);
    assert_contains(html, "<title>Cabinet &lt;report&gt;</title>");
    g_free(html);
    doc_document_set_meta(doc, DOC_META_TITLE, "A & B </title><script>");
    html = html_of(doc);
    assert_contains(html, "<title>A &amp; B &lt;/title&gt;&lt;script&gt;</title>");
    assert_lacks(html, "<script");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

/* ---- escaping --------------------------------------------------------------------- */

START_TEST(hostile_text_is_escaped)
{
    doc_document *doc =
        one_paragraph("<script>alert(\"x\")</script> & <img src=x onerror=alert(1)> ]]> '");
    char *html = html_of(doc);
    assert_contains(html, "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                          "&lt;img src=x onerror=alert(1)&gt; ]]&gt; &apos;</p>");
    assert_lacks(html, "<script");
    assert_lacks(html, "<img");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

START_TEST(c1_controls_are_not_character_references)
{
    /* "&#x80;" would be read as the euro sign: the character goes out as
     * it is in the tree. */
    doc_document *doc = one_paragraph("a\xc2\x80z & \xc2\x9f");
    char *html = html_of(doc);
    assert_contains(html, "<p>a\xc2\x80z &amp; \xc2\x9f</p>");
    assert_lacks(html, "&#x80;");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

START_TEST(properties_that_are_not_utf8_are_made_valid)
{
    /* Text is checked by the tree; properties and addresses are not. */
    doc_document *doc = one_link("https://example.org/\xe2", "x");
    doc_document_set_meta(doc, DOC_META_TITLE, "Bad \xff title \xe2");
    char *html = html_of(doc);
    ck_assert(g_utf8_validate(html, -1, NULL));
    assert_contains(html, "<title>Bad \xef\xbf\xbd title \xef\xbf\xbd</title>");
    assert_contains(html, "href=\"https://example.org/\xef\xbf\xbd\"");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

START_TEST(unsafe_addresses_are_not_links)
{
    static const char *const unsafe[] = {
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "javascript\r:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "blob:https://example.org/x",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(unsafe); i++) {
        ck_assert_msg(!html_url_is_safe(unsafe[i]), "taken as safe: %s", unsafe[i]);
        doc_document *doc = one_link(unsafe[i], "the page");
        char *html = html_of(doc);
        assert_lacks(html, "<a ");
        assert_lacks(html, "href");
        assert_contains(html, "<p>See the page</p>"); /* the words stay */
        g_free(html);
        doc_document_free(doc);
    }
}
END_TEST

START_TEST(safe_addresses_are_links)
{
    static const char *const safe[] = {
        "https://example.org/a?b=1&c=2", "http://example.org", "HTTPS://EXAMPLE.ORG",
        "mailto:clerk@example.gov.uk",   "tel:+441632960000",  "appendix-a.html",
        "#purpose",                      "/papers/x.pdf",      "../x.html",
        "1javascript:alert(1)", /* not a scheme: a relative path */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(safe); i++)
        ck_assert_msg(html_url_is_safe(safe[i]), "taken as unsafe: %s", safe[i]);
    doc_document *doc = one_link("https://example.org/?a=1&b=\"2\"", "the page");
    char *html = html_of(doc);
    assert_contains(html, "<p>See <a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">"
                          "the page</a></p>");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

START_TEST(link_without_text_shows_its_address)
{
    doc_document *doc = one_link("https://example.org/plan", NULL);
    char *html = html_of(doc);
    assert_contains(html, "<a href=\"https://example.org/plan\">https://example.org/plan</a>");
    g_free(html);
    doc_document_free(doc);
    doc = one_link("", "no address");
    html = html_of(doc);
    assert_contains(html, "<p>See no address</p>");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

/* ---- structure ----------------------------------------------------------------------- */

static void add_heading(doc_document *doc, doc_node *parent, int level, const char *text)
{
    doc_node *h = testutil_add(doc, parent, DOC_HEADING);
    doc_node_set_level(h, level);
    testutil_add_text(doc, h, text);
}

START_TEST(heading_levels_never_skip)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    add_heading(doc, root, 2, "A");
    add_heading(doc, root, 3, "B");
    add_heading(doc, root, 1, "C");
    add_heading(doc, root, 3, "D");
    testutil_prepare(doc);
    char *html = html_of(doc);
    /* No title block: level 1 is h1; a heading is never more than one level
     * below the one before it, and keeps the look of its own level. */
    assert_contains(html, "<h1 id=\"doc/heading-1\" class=\"level2\">A</h1>");
    assert_contains(html, "<h2 id=\"doc/heading-2\" class=\"level3\">B</h2>");
    assert_contains(html, "<h1 id=\"doc/heading-3\" class=\"level1\">C</h1>");
    assert_contains(html, "<h2 id=\"doc/heading-4\" class=\"level3\">D</h2>");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

START_TEST(numbered_with_blocks_is_a_div)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *num = testutil_add(doc, root, DOC_NUMBERED);
    testutil_add_para(doc, num, "First.");
    testutil_add_para(doc, num, "Second.");
    doc_node *bare = testutil_add(doc, root, DOC_NUMBERED); /* a list, no paragraph */
    doc_node *list = testutil_add(doc, bare, DOC_LIST);
    doc_node_set_list_kind(list, DOC_LIST_ORDERED);
    doc_node_set_numbering(list, "letters");
    testutil_add_para(doc, testutil_add(doc, list, DOC_ITEM), "Lettered.");
    testutil_prepare(doc);
    char *html = html_of(doc);
    assert_contains(html, "<div id=\"doc/numbered-1\" class=\"p1\">\n<p><span class=\"label "
                          "hang w2\">1.</span> First.</p>\n<p>Second.</p>\n</div>");
    /* A label with no paragraph of its own stands on its own line. */
    assert_contains(html, "<p><span class=\"label\">2.</span> </p>");
    assert_contains(html, "\">(a)</span> Lettered.</p>");
    /* The hanging indent is the tree's: 1.27cm = 36pt = 3rem at 12pt. */
    assert_contains(html, ".p1{padding-left:3rem}\n.w2{min-width:3rem;margin-left:-3rem}");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

START_TEST(exempt_marks_are_not_written)
{
    doc_document *doc = testutil_sample_document();
    char *before = html_of(doc);
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        if (ev == DOC_EVENT_ENTER)
            doc_node_set_exempt(doc_iter_node(&it), 3);
    char *after = html_of(doc);
    ck_assert_str_eq(before, after);
    assert_lacks(after, "exempt");
    g_free(after);
    g_free(before);
    doc_document_free(doc);
}
END_TEST

START_TEST(page_breaks_are_ignored)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    testutil_add_para(doc, root, "Before.");
    testutil_add(doc, root, DOC_PAGE_BREAK);
    testutil_add_para(doc, root, "After.");
    testutil_prepare(doc);
    char *html = html_of(doc);
    assert_contains(html, "<main>\n<p>Before.</p>\n<p>After.</p>\n</main>");
    g_free(html);
    doc_document_free(doc);
}
END_TEST

START_TEST(failed_sink_is_an_error)
{
    doc_document *doc = one_paragraph("Text.");
    house_style *style = style_default();
    FILE *full = fopen("/dev/full", "w");
    if (!full) { /* no /dev/full here: nothing to test */
        style_free(style);
        doc_document_free(doc);
        return;
    }
    setvbuf(full, NULL, _IONBF, 0);
    write_sink sink;
    write_sink_to_stream(&sink, full);
    GError *error = NULL;
    ck_assert(!write_html(doc, style, NULL, &sink, &error));
    ck_assert_int_eq(error->code, WRITE_ERROR_IO);
    assert_contains(error->message, "cannot write the web page");
    g_error_free(error);
    fclose(full);
    style_free(style);
    doc_document_free(doc);
}
END_TEST

/* ---- the index ----------------------------------------------------------------------- */

START_TEST(index_lists_documents_and_formats)
{
    static const char *const paper_files[] = {"cabinet-report.pdf", "cabinet-report.docx", NULL};
    static const char *const appendix_files[] = {"appendix-b.pdf", NULL};
    html_index_entry entries[] = {
        {NULL, "Community Safety Strategy", "cabinet-report.html", paper_files},
        {"Appendix B", "Safety <Agreement> & \"links\"", "appendix-b.html", appendix_files},
        {"Appendix C", "Hostile", "javascript:alert(1)", NULL},
    };
    html_index_group group = {"Item 5 <urgent>", entries, 3};
    html_index index = {"cy", "Papers & more", "Council: Report of the Cabinet", &group, 1};
    char *html = index_of(&index);
    ck_assert(g_str_has_prefix(html, "<!DOCTYPE html>\n<html lang=\"cy\">\n"));
    assert_contains(html, "<title>Papers &amp; more</title>");
    assert_contains(html, "<h1><span class=\"title1\">Papers &amp; more</span></h1>");
    assert_contains(html, "<p class=\"summary\">Council: Report of the Cabinet</p>");
    assert_contains(html, "<h2 class=\"group\">Item 5 &lt;urgent&gt;</h2>");
    assert_contains(html, "<a href=\"cabinet-report.html\">Community Safety Strategy</a>");
    assert_contains(html, "Also as <a href=\"cabinet-report.pdf\">PDF<span class=\"vh\">: "
                          "Community Safety Strategy</span></a>, <a href=\"cabinet-report.docx\">"
                          "Word document<span class=\"vh\">");
    assert_contains(html, "<a href=\"appendix-b.html\">Appendix B: Safety &lt;Agreement&gt; "
                          "&amp; &quot;links&quot;</a>");
    assert_contains(html, "<p class=\"paper\">Appendix C: Hostile</p>"); /* not a link */
    assert_lacks(html, "javascript");
    assert_lacks(html, "<script");
    g_free(html);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("write_html");
    TCase *tc = tcase_create("html");
    tcase_add_test(tc, sample_document_golden);
    tcase_add_test(tc, sample_has_the_pages_parts);
    tcase_add_test(tc, table_caption_is_the_caption);
    tcase_add_test(tc, language_from_document_or_default);
    tcase_add_test(tc, title_from_meta_title_block_or_default);
    tcase_add_test(tc, hostile_text_is_escaped);
    tcase_add_test(tc, c1_controls_are_not_character_references);
    tcase_add_test(tc, properties_that_are_not_utf8_are_made_valid);
    tcase_add_test(tc, unsafe_addresses_are_not_links);
    tcase_add_test(tc, safe_addresses_are_links);
    tcase_add_test(tc, link_without_text_shows_its_address);
    tcase_add_test(tc, heading_levels_never_skip);
    tcase_add_test(tc, numbered_with_blocks_is_a_div);
    tcase_add_test(tc, exempt_marks_are_not_written);
    tcase_add_test(tc, page_breaks_are_ignored);
    tcase_add_test(tc, failed_sink_is_an_error);
    tcase_add_test(tc, index_lists_documents_and_formats);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
