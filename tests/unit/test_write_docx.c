/* test_write_docx.c - the DOCX writer: package validity (check-docx),
 * escaping, odd shapes, tables, determinism, numbering, page furniture and
 * failed writes. */
#include "doc.h"
#include "doc_diff.h"
#include "style.h"
#include "testutil.h"
#include "write.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>
#include <zip.h>

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* ---- helpers -------------------------------------------------------------- */

/* Write doc with the default house style into dir/name; returns the path. */
static char *write_doc(const doc_document *doc, const char *dir, const char *name, int64_t epoch)
{
    house_style *style = style_default();
    write_options opt = {.source_date_epoch = epoch};
    char *path = g_build_filename(dir, name, NULL);
    GError *error = NULL;
    bool ok = write_to_file(write_docx, doc, style, &opt, path, &error);
    ck_assert_msg(ok, "write_docx: %s", error ? error->message : "(no error)");
    ck_assert_ptr_null(error);
    style_free(style);
    return path;
}

/* One entry of a zip archive, NUL-terminated; NULL if missing. */
static char *zip_entry(const char *path, const char *name, gsize *length)
{
    int code = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &code);
    ck_assert_msg(za != NULL, "cannot open %s as a zip (%d)", path, code);
    zip_stat_t st;
    char *data = NULL;
    if (zip_stat(za, name, 0, &st) == 0) {
        zip_file_t *f = zip_fopen(za, name, 0);
        ck_assert_ptr_nonnull(f);
        data = g_malloc(st.size + 1);
        ck_assert_int_eq(zip_fread(f, data, st.size), (zip_int64_t)st.size);
        data[st.size] = '\0';
        zip_fclose(f);
        if (length)
            *length = st.size;
    }
    zip_close(za);
    return data;
}

static xmlDocPtr parse_entry(const char *path, const char *name)
{
    gsize len = 0;
    char *text = zip_entry(path, name, &len);
    ck_assert_msg(text != NULL, "%s has no %s", path, name);
    xmlDocPtr xml = xmlReadMemory(text, (int)len, name, "UTF-8", XML_PARSE_NONET);
    ck_assert_msg(xml != NULL, "%s is not well-formed", name);
    g_free(text);
    return xml;
}

/* Evaluate an XPath (prefixes w, r, rel, cp, dc, dcterms). */
static xmlXPathObjectPtr xpath(xmlDocPtr xml, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(xml);
    xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST NS_W);
    xmlXPathRegisterNs(ctx, BAD_CAST "r", BAD_CAST NS_R);
    xmlXPathRegisterNs(ctx, BAD_CAST "rel",
                       BAD_CAST "http://schemas.openxmlformats.org/package/2006/relationships");
    xmlXPathRegisterNs(ctx, BAD_CAST "cp",
                       BAD_CAST "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
    xmlXPathRegisterNs(ctx, BAD_CAST "dcterms", BAD_CAST "http://purl.org/dc/terms/");
    xmlXPathRegisterNs(ctx, BAD_CAST "a",
                       BAD_CAST "http://schemas.openxmlformats.org/drawingml/2006/main");
    xmlXPathRegisterNs(ctx, BAD_CAST "ct",
                       BAD_CAST "http://schemas.openxmlformats.org/package/2006/content-types");
    xmlXPathObjectPtr result = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    ck_assert_msg(result != NULL, "bad XPath %s", expr);
    xmlXPathFreeContext(ctx);
    return result;
}

static double xpath_number(xmlDocPtr xml, const char *expr)
{
    xmlXPathObjectPtr r = xpath(xml, expr);
    double v = xmlXPathCastToNumber(r);
    xmlXPathFreeObject(r);
    return v;
}

/* String value of an XPath; caller frees. */
static char *xpath_string(xmlDocPtr xml, const char *expr)
{
    xmlXPathObjectPtr r = xpath(xml, expr);
    xmlChar *s = xmlXPathCastToString(r);
    char *out = g_strdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(r);
    return out;
}

/* The text of every w:t, w:tab (\t) and w:br (\n) under the first
 * element matching expr, in order. */
static char *runs_text(xmlDocPtr xml, const char *expr)
{
    char *full = g_strdup_printf("(%s)[1]//*[self::w:t or self::w:tab or self::w:br]", expr);
    xmlXPathObjectPtr r = xpath(xml, full);
    GString *out = g_string_new(NULL);
    for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
        xmlNodePtr n = r->nodesetval->nodeTab[i];
        if (xmlStrEqual(n->name, BAD_CAST "tab")) {
            g_string_append_c(out, '\t');
        } else if (xmlStrEqual(n->name, BAD_CAST "br")) {
            g_string_append_c(out, '\n');
        } else {
            xmlChar *s = xmlNodeGetContent(n);
            g_string_append(out, (const char *)s);
            xmlFree(s);
        }
    }
    xmlXPathFreeObject(r);
    g_free(full);
    return g_string_free(out, FALSE);
}

/* Run check-docx [--strict] on path; the test fails unless it passes.
 * The checker lives in ../shared: on a clone without it this one check
 * says "SKIPPED: <test>: ..." and the rest of the test still runs. */
#define assert_check_docx(path) check_docx_or_skip(__func__, (path))
static void check_docx_or_skip(const char *test, const char *path)
{
    char *checker = g_build_filename(PAPERS_SHARED_DIR, "tools", "check-docx", NULL);
    if (!g_file_test(checker, G_FILE_TEST_IS_EXECUTABLE)) {
        /* START_TEST(x) defines x_fn: name the test as written. */
        int name_len = g_str_has_suffix(test, "_fn") ? (int)strlen(test) - 3 : (int)strlen(test);
        printf("SKIPPED: %.*s: check-docx: no ../shared (%s)\n", name_len, test, checker);
        g_free(checker);
        return;
    }
    char *argv[] = {checker, "--strict", (char *)path, NULL};
    char *out = NULL, *err = NULL;
    int status = 0;
    GError *error = NULL;
    bool ran = g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                            &error);
    ck_assert_msg(ran, "cannot run %s: %s", checker, error ? error->message : "");
    ck_assert_msg(g_spawn_check_wait_status(status, NULL), "check-docx failed on %s:\n%s%s",
                  path, out, err);
    ck_assert_msg(strstr(out, "0 failures, 0 warnings") || strstr(err, "0 failures, 0 warnings"),
                  "check-docx did not report a clean pass:\n%s%s", out, err);
    g_free(out);
    g_free(err);
    g_free(checker);
}

static bool files_equal(const char *a, const char *b)
{
    gsize la = 0, lb = 0;
    char *da = testutil_read(a, &la), *db = testutil_read(b, &lb);
    ck_assert_ptr_nonnull(da);
    ck_assert_ptr_nonnull(db);
    bool same = la == lb && memcmp(da, db, la) == 0;
    g_free(da);
    g_free(db);
    return same;
}

/* A prepared document with one section; the caller fills it. */
static doc_document *new_doc(doc_node **section)
{
    doc_document *doc = doc_document_new();
    doc_document_set_meta(doc, DOC_META_TITLE, "Test paper");
    *section = testutil_add(doc, doc_document_root(doc), DOC_SECTION);
    doc_node_set_id(*section, "test");
    return doc;
}

/* ---- (a) the sample document is a valid package ---------------------------------- */

START_TEST(sample_passes_check_docx)
{
    doc_document *doc = testutil_sample_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "sample.docx", 1576540800);
    assert_check_docx(path);

    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    /* The title block is styled, headings keep with the next paragraph. */
    ck_assert_double_eq(xpath_number(xml, "count(//w:p[w:pPr/w:pStyle/@w:val='Title'])"), 1);
    ck_assert_double_eq(xpath_number(xml, "count(//w:p[w:pPr/w:pStyle/@w:val='Subtitle'])"), 1);
    ck_assert_double_eq(xpath_number(xml, "count(//w:p[w:pPr/w:pStyle/@w:val='Heading1'])"), 3);
    ck_assert_double_eq(xpath_number(xml, "count(//w:p[w:pPr/w:pStyle/@w:val='Motion'])"), 2);
    ck_assert_double_eq(xpath_number(xml, "count(//w:tbl)"), 1); /* the table */
    /* The signature is two lines laid out with a tab stop at the middle
     * (a hanging indent, so the right side wraps under itself). */
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:p[w:pPr/w:pStyle/@w:val='Signature']"
                          "[w:pPr/w:tabs/w:tab[@w:val='left'][@w:pos='4513']]"
                          "[w:pPr/w:ind[@w:left='4513'][@w:hanging='4513']][w:r/w:tab])"),
        2);
    ck_assert_double_eq(xpath_number(xml, "count(//w:sectPr/w:pgSz[@w:w='11906'][@w:h='16838'])"),
                        1);
    xmlFreeDoc(xml);
    xml = parse_entry(path, "word/styles.xml");
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:style[@w:styleId='Heading1']/w:pPr/w:keepNext)"), 1);
    ck_assert_double_eq(xpath_number(xml, "count(//w:rPrDefault//w:rFonts[@w:ascii='Arial'])"), 1);
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:style[@w:styleId='Normal']/w:pPr/w:widowControl)"), 1);
    xmlFreeDoc(xml);

    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* ---- (b) escaping ------------------------------------------------------------------ */

START_TEST(special_characters_round_trip)
{
    static const char *const text = "Fish & chips <b>not bold</b> \"double\" 'single' ]]> &amp;";
    static const char *const url = "https://example.org/search?q=a&b=<c>\"d\"&e='f'#frag";
    doc_node *s;
    doc_document *doc = new_doc(&s);
    doc_node *p = testutil_add_para(doc, s, text);
    doc_node *link = testutil_add(doc, p, DOC_LINK);
    doc_node_set_url(link, url);
    testutil_add_text(doc, link, " & <link>");
    testutil_prepare(doc);
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "escape.docx", 0);
    assert_check_docx(path);

    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    char *got = runs_text(xml, "//w:body/w:p");
    char *want = g_strconcat(text, " & <link>", NULL);
    ck_assert_str_eq(got, want);
    char *style = xpath_string(xml, "string(//w:hyperlink/w:r/w:rPr/w:rStyle/@w:val)");
    ck_assert_str_eq(style, "Hyperlink");
    char *rid = xpath_string(xml, "string(//w:hyperlink/@r:id)");
    xmlFreeDoc(xml);

    xml = parse_entry(path, "word/_rels/document.xml.rels");
    char *expr = g_strdup_printf("string(//rel:Relationship[@Id='%s']/@Target)", rid);
    char *target = xpath_string(xml, expr);
    ck_assert_str_eq(target, url);
    g_free(expr);
    expr = g_strdup_printf("string(//rel:Relationship[@Id='%s']/@TargetMode)", rid);
    char *mode = xpath_string(xml, expr);
    ck_assert_str_eq(mode, "External");
    xmlFreeDoc(xml);

    g_free(mode);
    g_free(expr);
    g_free(target);
    g_free(rid);
    g_free(style);
    g_free(want);
    g_free(got);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

START_TEST(spaces_tabs_and_breaks)
{
    doc_node *s;
    doc_document *doc = new_doc(&s);
    doc_node *p = testutil_add_para(doc, s, "  two leading,\tTab, double  space, newline\nend ");
    testutil_add(doc, p, DOC_BREAK);
    testutil_add_text(doc, p, "after break\r\nCRLF");
    testutil_prepare(doc);
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "spaces.docx", 0);
    assert_check_docx(path);
    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    char *got = runs_text(xml, "//w:body/w:p");
    ck_assert_str_eq(got, "  two leading,\tTab, double  space, newline\nend \nafter break\nCRLF");
    /* Every w:t with edge or double spaces says so. */
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:t[(starts-with(., ' ') or contains(., '  ') or "
                          "substring(., string-length(.)) = ' ') and not(@xml:space='preserve')])"),
        0);
    xmlFreeDoc(xml);
    g_free(got);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* ---- (c) (d) odd shapes ----------------------------------------------------------------- */

START_TEST(empty_list)
{
    doc_node *s;
    doc_document *doc = new_doc(&s);
    testutil_add_para(doc, s, "Before.");
    testutil_add(doc, s, DOC_LIST);
    testutil_add_para(doc, s, "After.");
    testutil_prepare(doc);
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "empty-list.docx", 0);
    assert_check_docx(path);
    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    ck_assert_double_eq(xpath_number(xml, "count(//w:body/w:p)"), 2);
    ck_assert_double_eq(xpath_number(xml, "count(//w:numPr)"), 0);
    xmlFreeDoc(xml);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

START_TEST(very_long_paragraph)
{
    GString *text = g_string_new(NULL);
    for (int i = 0; i < 20000; i++)
        g_string_append_printf(text, "word%d & more ", i);
    doc_node *s;
    doc_document *doc = new_doc(&s);
    testutil_add_para(doc, s, text->str);
    testutil_prepare(doc);
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "long.docx", 0);
    assert_check_docx(path);
    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    char *got = runs_text(xml, "//w:body/w:p");
    ck_assert_uint_eq(strlen(got), text->len);
    ck_assert_str_eq(got, text->str);
    xmlFreeDoc(xml);
    g_free(got);
    g_string_free(text, TRUE);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* Containers in unusual places: items and numbered paragraphs that start
 * with a list or table, tables in cells, short rows, an empty cell, a page
 * break, a one-cell signature, deep lists. */
START_TEST(unusual_shapes_are_valid)
{
    doc_node *s;
    doc_document *doc = new_doc(&s);
    doc_node *num = testutil_add(doc, s, DOC_NUMBERED);
    doc_node *t = testutil_add(doc, num, DOC_TABLE);
    doc_node *row = testutil_add(doc, t, DOC_ROW);
    doc_node *cell = testutil_add(doc, row, DOC_CELL);
    doc_node *inner = testutil_add(doc, cell, DOC_TABLE);
    testutil_add_para(doc, testutil_add(doc, testutil_add(doc, inner, DOC_ROW), DOC_CELL), "in");
    testutil_add(doc, row, DOC_CELL); /* empty */
    testutil_add_para(doc, testutil_add(doc, testutil_add(doc, t, DOC_ROW), DOC_CELL), "short");
    doc_node *list = testutil_add(doc, s, DOC_LIST);
    for (int depth = 0; depth < DOC_MAX_LIST_DEPTH - 1; depth++) { /* as deep as allowed */
        doc_node *item = testutil_add(doc, list, DOC_ITEM);
        testutil_add_para(doc, item, "level");
        testutil_add_para(doc, item, "second paragraph");
        list = testutil_add(doc, item, DOC_LIST);
        doc_node_set_list_kind(list, depth % 2 ? DOC_LIST_ORDERED : DOC_LIST_BULLET);
    }
    doc_node *item = testutil_add(doc, testutil_add(doc, s, DOC_LIST), DOC_ITEM);
    testutil_add(doc, testutil_add(doc, item, DOC_LIST), DOC_ITEM);
    testutil_add(doc, s, DOC_PAGE_BREAK);
    testutil_add(doc, s, DOC_NUMBERED);
    testutil_add_para(doc, testutil_add(doc, testutil_add(doc, s, DOC_SIGNATURE), DOC_CELL),
                      "date only");
    doc_node *h = testutil_add(doc, s, DOC_HEADING);
    ck_assert(!doc_node_set_level(h, 7)); /* refused: stays a level-1 heading */
    testutil_add(doc, testutil_add(doc, h, DOC_LINK), DOC_TEXT); /* no URL */
    testutil_add(doc, s, DOC_TABLE); /* no rows: still a valid w:tbl */
    testutil_prepare(doc);
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "shapes.docx", 0);
    assert_check_docx(path);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* ---- (e) tables ------------------------------------------------------------------------ */

START_TEST(table_with_header_row)
{
    doc_document *doc = testutil_sample_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "table.docx", 0);
    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    const char *tbl = "(//w:tbl[w:tblPr/w:tblStyle/@w:val='CouncilTable'])[1]";
    char *expr = g_strdup_printf("count(%s/w:tr)", tbl);
    ck_assert_double_eq(xpath_number(xml, expr), 3);
    g_free(expr);
    expr = g_strdup_printf("count(%s/w:tr[1]/w:trPr/w:tblHeader)", tbl);
    ck_assert_double_eq(xpath_number(xml, expr), 1);
    g_free(expr);
    expr = g_strdup_printf("count(%s/w:tr[position() > 1]/w:trPr/w:tblHeader)", tbl);
    ck_assert_double_eq(xpath_number(xml, expr), 0);
    g_free(expr);
    expr = g_strdup_printf("count(%s/w:tr[1]/w:tc/w:tcPr/w:shd[@w:fill='D9D9D9'])", tbl);
    ck_assert_double_eq(xpath_number(xml, expr), 2);
    g_free(expr);
    expr = g_strdup_printf("count(%s/w:tr[1]/w:tc/w:p/w:pPr/w:pStyle[@w:val='TableHeading'])", tbl);
    ck_assert_double_eq(xpath_number(xml, expr), 2);
    g_free(expr);
    /* Columns 1:2 of the full text width (A4 less 2 x 2.54 cm = 9026 twips). */
    expr = g_strdup_printf("number(%s/w:tblGrid/w:gridCol[1]/@w:w)", tbl);
    double first = xpath_number(xml, expr);
    g_free(expr);
    expr = g_strdup_printf("number(%s/w:tblGrid/w:gridCol[2]/@w:w)", tbl);
    double second = xpath_number(xml, expr);
    g_free(expr);
    ck_assert_double_eq(first + second, 9026);
    ck_assert_double_eq_tol(second / first, 2.0, 0.01);
    expr = g_strdup_printf("count(%s/w:tblPr/w:tblBorders/*[@w:val='single'][@w:sz='4'])", tbl);
    ck_assert_double_eq(xpath_number(xml, expr), 6);
    g_free(expr);
    /* The header row's text is bold through its style. */
    xmlFreeDoc(xml);
    xml = parse_entry(path, "word/styles.xml");
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:style[@w:styleId='TableHeading']/w:rPr/w:b)"), 1);
    xmlFreeDoc(xml);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* A caption: a Caption paragraph kept with the table, just above it, and
 * the table's own caption (what Word's Alt Text shows first). */
START_TEST(table_caption)
{
    doc_document *doc = testutil_sample_document();
    ck_assert(doc_node_set_caption(testutil_first(doc, DOC_TABLE), "Table 1: Themes & plans",
                                   NULL));
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "caption.docx", 0);
    assert_check_docx(path);
    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    char *text = runs_text(xml, "//w:tbl/preceding-sibling::w:p[1][w:pPr/w:pStyle/@w:val='Caption']");
    ck_assert_str_eq(text, "Table 1: Themes & plans");
    g_free(text);
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:tbl/w:tblPr/w:tblCaption[@w:val='Table 1: Themes & plans'])"),
        1);
    xmlFreeDoc(xml);
    xml = parse_entry(path, "word/styles.xml");
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:style[@w:styleId='Caption'][w:name/@w:val='caption']"
                          "/w:pPr/w:keepNext)"),
        1);
    xmlFreeDoc(xml);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* ---- (f) determinism ---------------------------------------------------------------------- */

START_TEST(same_input_same_bytes)
{
    doc_document *doc = testutil_sample_document();
    char *dir = testutil_tmpdir();
    char *a = write_doc(doc, dir, "a.docx", 1576540800);
    char *b = write_doc(doc, dir, "b.docx", 1576540800);
    ck_assert_msg(files_equal(a, b), "two writes of the same tree differ");
    char *c = write_doc(doc, dir, "c.docx", 1600000000);
    ck_assert_msg(!files_equal(a, c), "a different SOURCE_DATE_EPOCH changed nothing");

    xmlDocPtr xml = parse_entry(a, "docProps/core.xml");
    char *created = xpath_string(xml, "string(//dcterms:created)");
    char *modified = xpath_string(xml, "string(//dcterms:modified)");
    ck_assert_str_eq(created, "2019-12-17T00:00:00Z");
    ck_assert_str_eq(modified, "2019-12-17T00:00:00Z");
    char *title = xpath_string(xml, "string(//dc:title)");
    ck_assert_str_eq(title, "Community Safety Strategy 2019-2021");
    char *creator = xpath_string(xml, "string(//dc:creator)");
    ck_assert_str_eq(creator, "Leicestershire County Council");
    g_free(created);
    g_free(modified);
    g_free(title);
    g_free(creator);
    xmlFreeDoc(xml);
    xml = parse_entry(c, "docProps/core.xml");
    created = xpath_string(xml, "string(//dcterms:created)");
    ck_assert_str_eq(created, "2020-09-13T12:26:40Z");
    g_free(created);
    xmlFreeDoc(xml);

    /* No epoch: the paper's own date, never the clock. */
    char *d = write_doc(doc, dir, "d.docx", -1);
    xml = parse_entry(d, "docProps/core.xml");
    created = xpath_string(xml, "string(//dcterms:created)");
    ck_assert_str_eq(created, "2019-12-17T00:00:00Z");
    g_free(created);
    xmlFreeDoc(xml);

    g_free(a);
    g_free(b);
    g_free(c);
    g_free(d);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* ---- (g) numbering ------------------------------------------------------------------------ */

START_TEST(numbered_paragraphs_share_one_num)
{
    doc_document *doc = testutil_sample_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "numbering.docx", 0);
    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    /* The sample has three NUMBERED nodes; each numbered paragraph points to
     * the same numId at level 0. */
    const char *numbered = "//w:p[w:pPr/w:pStyle/@w:val='NumberedParagraph']";
    char *expr = g_strdup_printf("count(%s)", numbered);
    ck_assert_double_eq(xpath_number(xml, expr), 3);
    g_free(expr);
    expr = g_strdup_printf("string((%s)[1]/w:pPr/w:numPr/w:numId/@w:val)", numbered);
    char *num_id = xpath_string(xml, expr);
    g_free(expr);
    ck_assert_str_ne(num_id, "");
    expr = g_strdup_printf("count(%s[w:pPr/w:numPr/w:numId/@w:val='%s'][w:pPr/w:numPr/w:ilvl/@w:val='0'])",
                           numbered, num_id);
    ck_assert_double_eq(xpath_number(xml, expr), 3);
    g_free(expr);
    /* No other paragraph uses it, and no number is typed in. */
    expr = g_strdup_printf("count(//w:p[w:pPr/w:numPr/w:numId/@w:val='%s'])", num_id);
    ck_assert_double_eq(xpath_number(xml, expr), 3);
    g_free(expr);
    char *first = runs_text(xml, numbered);
    ck_assert_msg(g_str_has_prefix(first, "This report"), "typed number? '%s'", first);
    g_free(first);
    /* Bullets: the nested list is one level deeper than its parent list. */
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:p[w:pPr/w:pStyle/@w:val='ListBullet'][w:pPr/w:numPr/w:ilvl/@w:val='1'])"),
        2);
    xmlFreeDoc(xml);

    xml = parse_entry(path, "word/numbering.xml");
    expr = g_strdup_printf("string(//w:num[@w:numId='%s']/w:abstractNumId/@w:val)", num_id);
    char *abstract = xpath_string(xml, expr);
    g_free(expr);
    expr = g_strdup_printf("count(//w:abstractNum[@w:abstractNumId='%s']/w:lvl[@w:ilvl='0']"
                           "[w:numFmt/@w:val='decimal'][w:lvlText/@w:val='%%1.'])",
                           abstract);
    ck_assert_double_eq(xpath_number(xml, expr), 1);
    g_free(expr);
    /* A hanging indent: the number at the margin, the text at 1.27 cm. */
    expr = g_strdup_printf("count(//w:abstractNum[@w:abstractNumId='%s']/w:lvl[@w:ilvl='0']"
                           "/w:pPr/w:ind[@w:left='720'][@w:hanging='720'])",
                           abstract);
    ck_assert_double_eq(xpath_number(xml, expr), 1);
    g_free(expr);
    /* Bullets come from the house style: the nest of bullets is one
     * instance, its nested list one level down; the ordered list is its own
     * instance, so it starts again at 1.  One w:num per instance. */
    /* (Then the list styles' own: one more bullet and one more decimal.) */
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:abstractNum/w:lvl[@w:ilvl='0'][w:numFmt/@w:val='bullet'][w:lvlText/@w:val='\xE2\x80\xA2'][not(w:pStyle)])"),
        1);
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:abstractNum[not(w:lvl/w:pStyle)]/w:lvl[@w:ilvl='1'][w:numFmt/@w:val='bullet'][w:lvlText/@w:val='\xE2\x97\xA6'])"),
        1);
    ck_assert_double_eq(xpath_number(xml, "count(//w:num)"), 3 + 2);
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:abstractNum[not(w:lvl/w:pStyle[@w:val='ListNumber'])]/w:lvl[w:numFmt/@w:val='decimal'][w:start/@w:val='1'][w:lvlText/@w:val='%1.'])"),
        2);
    xmlFreeDoc(xml);
    g_free(abstract);
    g_free(num_id);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* ---- (h) page furniture -------------------------------------------------------------------- */

/* The styles carry their numbering: an officer who applies "List Bullet"
 * gets a bullet, "List Number" a number, and "Numbered Paragraph" (which
 * follows itself) the paper's numbers, in a paper without any as well. */
static void assert_style_numbered(xmlDocPtr styles, xmlDocPtr numbering, const char *style,
                                  const char *format)
{
    char *expr = g_strdup_printf("string(//w:style[@w:styleId='%s']/w:pPr/w:numPr/w:numId/@w:val)",
                                 style);
    char *num_id = xpath_string(styles, expr);
    g_free(expr);
    ck_assert_msg(*num_id, "the %s style has no numbering", style);
    expr = g_strdup_printf("count(//w:abstractNum[@w:abstractNumId=//w:num[@w:numId='%s']"
                           "/w:abstractNumId/@w:val]/w:lvl[@w:ilvl='0'][w:numFmt/@w:val='%s']"
                           "[w:pStyle/@w:val='%s'])",
                           num_id, format, style);
    ck_assert_msg(xpath_number(numbering, expr) == 1, "%s: numId %s is not %s", style, num_id,
                  format);
    g_free(expr);
    g_free(num_id);
}

START_TEST(styles_carry_their_numbering)
{
    for (int k = 0; k < 2; k++) {
        doc_node *section = NULL;
        doc_document *doc = k == 0 ? testutil_sample_document() : new_doc(&section);
        if (k == 1) {
            testutil_add_text(doc, testutil_add(doc, section, DOC_HEADING), "Only a heading");
            testutil_prepare(doc);
        }
        char *dir = testutil_tmpdir();
        char *path = write_doc(doc, dir, "styles.docx", 1576540800);
        assert_check_docx(path);
        xmlDocPtr styles = parse_entry(path, "word/styles.xml");
        xmlDocPtr numbering = parse_entry(path, "word/numbering.xml");
        assert_style_numbered(styles, numbering, "ListBullet", "bullet");
        assert_style_numbered(styles, numbering, "ListNumber", "decimal");
        assert_style_numbered(styles, numbering, "NumberedParagraph", "decimal");
        ck_assert_double_eq(
            xpath_number(styles, "count(//w:style[@w:styleId='NumberedParagraph']"
                                 "[w:next/@w:val='NumberedParagraph'])"),
            1);
        /* The title is the first entry of Word's outline, as in the PDF. */
        ck_assert_double_eq(
            xpath_number(styles, "count(//w:style[@w:styleId='Title']/w:pPr/w:outlineLvl[@w:val='0'])"),
            1);
        xmlFreeDoc(styles);
        xmlFreeDoc(numbering);
        g_free(path);
        testutil_rm_rf(dir);
        g_free(dir);
        doc_document_free(doc);
    }
}
END_TEST

/* What Word writes into every document it saves: a theme (in the house
 * font and link colour) and its usual settings, so that it rewrites
 * nothing on the first save; the language in both places. */
START_TEST(theme_and_settings_as_word_writes_them)
{
    doc_document *doc = testutil_sample_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "theme.docx", 1576540800);
    xmlDocPtr xml = parse_entry(path, "word/theme/theme1.xml");
    ck_assert_double_eq(xpath_number(xml, "count(/a:theme/a:themeElements/a:fontScheme/"
                                          "a:minorFont/a:latin[@typeface='Arial'])"),
                        1);
    ck_assert_double_eq(
        xpath_number(xml, "count(//a:clrScheme/a:hlink/a:srgbClr[@val='0563C1'])"), 1);
    xmlFreeDoc(xml);
    xml = parse_entry(path, "[Content_Types].xml");
    ck_assert_double_eq(
        xpath_number(xml, "count(//ct:Override[@PartName='/word/theme/theme1.xml'])"), 1);
    xmlFreeDoc(xml);
    xml = parse_entry(path, "word/_rels/document.xml.rels");
    ck_assert_double_eq(xpath_number(xml, "count(//rel:Relationship[@Target='theme/theme1.xml'])"),
                        1);
    xmlFreeDoc(xml);
    xml = parse_entry(path, "word/settings.xml");
    static const char *const settings[] = {
        "//w:compat/w:compatSetting[@w:name='compatibilityMode'][@w:val='15']",
        "//w:compat/w:compatSetting[@w:name='overrideTableStyleFontSizeAndJustification']",
        "//w:compat/w:compatSetting[@w:name='enableOpenTypeFeatures']",
        "//w:compat/w:compatSetting[@w:name='doNotFlipMirrorIndents']",
        "//w:compat/w:compatSetting[@w:name='differentiateMultirowTableHeaders']",
        "/w:settings/w:themeFontLang[@w:val='en-GB']",
        "/w:settings/w:clrSchemeMapping[@w:hyperlink='hyperlink']",
        "/w:settings/w:characterSpacingControl[@w:val='doNotCompress']",
        "/w:settings/w:defaultTabStop[@w:val='720']",
        "/w:settings/w:decimalSymbol[@w:val='.']",
        "/w:settings/w:listSeparator[@w:val=',']",
        NULL};
    for (const char *const *s = settings; *s; s++) {
        char *expr = g_strdup_printf("count(%s)", *s);
        ck_assert_msg(xpath_number(xml, expr) == 1, "settings.xml lacks %s", *s);
        g_free(expr);
    }
    xmlFreeDoc(xml);
    xml = parse_entry(path, "word/styles.xml");
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:docDefaults//w:lang[@w:val='en-GB'])"), 1);
    xmlFreeDoc(xml);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

START_TEST(footer_has_page_fields)
{
    doc_document *doc = testutil_sample_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "footer.docx", 0);
    xmlDocPtr xml = parse_entry(path, "word/footer1.xml");
    ck_assert_double_eq(xpath_number(xml, "count(//w:fldSimple[normalize-space(@w:instr)='PAGE'])"), 1);
    ck_assert_double_eq(
        xpath_number(xml, "count(//w:fldSimple[normalize-space(@w:instr)='NUMPAGES'])"), 1);
    char *text = xpath_string(xml, "string(//w:p)");
    ck_assert_str_eq(text, "Page 1 of 1"); /* the fields' placeholders */
    g_free(text);
    char *order = xpath_string(xml, "string(//w:p/*[3]/@w:instr)");
    ck_assert_str_eq(order, " PAGE ");
    g_free(order);
    xmlFreeDoc(xml);
    xml = parse_entry(path, "word/header1.xml");
    text = xpath_string(xml, "string(//w:p)");
    ck_assert_str_eq(text, "Sample paper");
    g_free(text);
    xmlFreeDoc(xml);
    xml = parse_entry(path, "word/document.xml");
    ck_assert_double_eq(xpath_number(xml, "count(//w:sectPr/w:footerReference)"), 1);
    ck_assert_double_eq(xpath_number(xml, "count(//w:sectPr/w:headerReference)"), 1);
    xmlFreeDoc(xml);
    g_free(path);

    /* No running header when the house style hides it. */
    house_style *style = style_default();
    style->show_header = false;
    path = g_build_filename(dir, "noheader.docx", NULL);
    write_options opt = {.source_date_epoch = 0};
    ck_assert(write_to_file(write_docx, doc, style, &opt, path, NULL));
    char *header = zip_entry(path, "word/header1.xml", NULL);
    ck_assert_ptr_null(header);
    assert_check_docx(path);
    style_free(style);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* ---- (i) failed writes ---------------------------------------------------------------------- */

START_TEST(failed_write_leaves_no_file)
{
    doc_document *doc = testutil_sample_document();
    house_style *style = style_default();
    write_options opt = {.source_date_epoch = 0};
    char *dir = testutil_tmpdir();
    char *path = g_build_filename(dir, "no-such-folder", "out.docx", NULL);
    GError *error = NULL;
    ck_assert(!write_to_file(write_docx, doc, style, &opt, path, &error));
    ck_assert_ptr_nonnull(error);
    ck_assert(g_error_matches(error, WRITE_ERROR, WRITE_ERROR_IO));
    ck_assert_msg(strstr(error->message, "no-such-folder"), "unhelpful: %s", error->message);
    ck_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
    g_clear_error(&error);
    g_free(path);

    /* A tree the writer refuses (not prepared): an error, and nothing left
     * in the folder, not even the temporary file. */
    doc_node *s;
    doc_document *raw = new_doc(&s);
    testutil_add_para(raw, testutil_add(raw, s, DOC_NUMBERED), "unnumbered");
    path = g_build_filename(dir, "raw.docx", NULL);
    ck_assert(!write_to_file(write_docx, raw, style, &opt, path, &error));
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strstr(error->message, "word/document.xml"), "unhelpful: %s", error->message);
    g_clear_error(&error);
    GDir *d = g_dir_open(dir, 0, NULL);
    ck_assert_ptr_null(g_dir_read_name(d));
    g_dir_close(d);

    /* An existing file is replaced only by a complete new one. */
    ck_assert(g_file_set_contents(path, "old", -1, NULL));
    ck_assert(!write_to_file(write_docx, raw, style, &opt, path, NULL));
    gsize len = 0;
    char *old = testutil_read(path, &len);
    ck_assert_str_eq(old, "old");
    g_free(old);
    ck_assert(write_to_file(write_docx, doc, style, &opt, path, NULL));
    assert_check_docx(path);

    doc_document_free(raw);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
    doc_document_free(doc);
}
END_TEST

/* ---- tracked changes ----------------------------------------------------------- */

/* A paper: numbered paragraphs, a table of one cell, a closing paragraph. */
static doc_document *versioned_doc(bool amended)
{
    doc_node *s;
    doc_document *doc = new_doc(&s);
    const char *second = amended ? "Two pears." : "Two apples.";
    const char *const numbered[] = {"One.", second, "Three."};
    for (int i = 0; i < 3; i++)
        testutil_add_para(doc, testutil_add(doc, s, DOC_NUMBERED), numbered[i]);
    doc_node *cell = testutil_add(doc, testutil_add(doc, testutil_add(doc, s, DOC_TABLE),
                                                    DOC_ROW), DOC_CELL);
    testutil_add_para(doc, cell, "Cell a.");
    if (!amended)
        testutil_add_para(doc, cell, "Cell b.");
    if (!amended)
        testutil_add_para(doc, s, "The end.");
    testutil_prepare(doc);
    return doc;
}

/* Word and run changes with the tree's author and date; a deleted last
 * paragraph of a cell gives its mark to the paragraph before it; one with
 * no such paragraph (the end of the body, after a table) keeps its mark
 * and gets an empty paragraph after it to join. */
START_TEST(tracked_changes_and_paragraph_marks)
{
    doc_document *old_doc = versioned_doc(false), *new_doc = versioned_doc(true);
    doc_document *r = doc_diff(old_doc, new_doc);
    doc_document_set_meta(r, DOC_META_CHANGE_AUTHOR, "Tester");
    doc_document_set_meta(r, DOC_META_CHANGE_DATE, "2026-01-02T03:04:05Z");
    doc_document_set_meta(r, DOC_META_CHANGE_NOTE, "Changes to the test paper.");
    testutil_prepare(r);
    char *dir = testutil_tmpdir();
    char *path = write_doc(r, dir, "changes.docx", 0);
    xmlDocPtr xml = parse_entry(path, "word/document.xml");
    ck_assert_double_eq(xpath_number(xml, "count(//w:ins[@w:author='Tester'][@w:date="
                                          "'2026-01-02T03:04:05Z'])"), 1);
    ck_assert_double_eq(xpath_number(xml, "count(//w:del[not(@w:author='Tester')])"), 0);
    char *inserted = runs_text(xml, "//w:ins");
    ck_assert_str_eq(inserted, "pears.");
    g_free(inserted);
    char *deleted = xpath_string(xml, "(//w:p[w:pPr/w:numPr])[2]//w:delText");
    ck_assert_str_eq(deleted, "apples.");
    g_free(deleted);
    /* the cell: "Cell a." takes the mark of the deleted "Cell b." */
    ck_assert_double_eq(xpath_number(xml, "count(//w:tc/w:p[1]/w:pPr/w:rPr/w:del)"), 1);
    ck_assert_double_eq(xpath_number(xml, "count(//w:tc/w:p[2]/w:pPr/w:rPr/w:del)"), 0);
    deleted = xpath_string(xml, "//w:tc/w:p[2]//w:delText");
    ck_assert_str_eq(deleted, "Cell b.");
    g_free(deleted);
    /* the end of the body: the deleted paragraph keeps its mark, an empty
     * unchanged paragraph follows for it to join */
    ck_assert_double_eq(xpath_number(xml, "count(/w:document/w:body/w:p[last()-1]"
                                          "/w:pPr/w:rPr/w:del)"), 1);
    ck_assert_double_eq(xpath_number(xml, "count(/w:document/w:body/w:p[last()]/node())"), 0);
    /* every w:id is unique */
    ck_assert_double_eq(xpath_number(xml, "count(//*[@w:id][@w:id = preceding::*/@w:id])"),
                        0);
    xmlFreeDoc(xml);
    xmlDocPtr core = parse_entry(path, "docProps/core.xml");
    char *description = xpath_string(core, "//dc:description");
    ck_assert_str_eq(description, "Changes to the test paper.");
    g_free(description);
    xmlFreeDoc(core);
    assert_check_docx(path);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(r);
    doc_document_free(old_doc);
    doc_document_free(new_doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("write_docx");
    TCase *tc = tcase_create("docx");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sample_passes_check_docx);
    tcase_add_test(tc, special_characters_round_trip);
    tcase_add_test(tc, spaces_tabs_and_breaks);
    tcase_add_test(tc, empty_list);
    tcase_add_test(tc, very_long_paragraph);
    tcase_add_test(tc, unusual_shapes_are_valid);
    tcase_add_test(tc, table_with_header_row);
    tcase_add_test(tc, table_caption);
    tcase_add_test(tc, same_input_same_bytes);
    tcase_add_test(tc, numbered_paragraphs_share_one_num);
    tcase_add_test(tc, footer_has_page_fields);
    tcase_add_test(tc, styles_carry_their_numbering);
    tcase_add_test(tc, theme_and_settings_as_word_writes_them);
    tcase_add_test(tc, failed_write_leaves_no_file);
    tcase_add_test(tc, tracked_changes_and_paragraph_marks);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
