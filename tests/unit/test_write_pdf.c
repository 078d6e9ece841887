/* test_write_pdf.c - the PDF writer: whole files checked with check-pdf,
 * poppler and qpdf, and the paginator run alone without drawing. */
#include "pdf_layout.h"
#include "style.h"
#include "testutil.h"
#include "write.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#define EPS 1e-6

/* ---- helpers ------------------------------------------------------------- */

/* Run argv; returns the exit status (-1 if it could not start), output in
 * *out (caller frees). */
static int run(const char *const *argv, char **out)
{
    char *so = NULL, *se = NULL;
    int status = -1;
    GError *error = NULL;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &so, &se,
                      &status, &error)) {
        ck_abort_msg("cannot run %s: %s", argv[0], error->message);
    }
    int code = g_spawn_check_wait_status(status, NULL) ? 0 : WEXITSTATUS(status);
    if (code != 0)
        fprintf(stderr, "%s exited %d:\n%s%s", argv[0], code, so, se);
    g_free(se);
    if (out)
        *out = so;
    else
        g_free(so);
    return code;
}

/* Write the sample document to dir/name; returns the path (caller frees). */
static char *write_sample(const char *dir, const char *name, const house_style *style)
{
    doc_document *doc = testutil_sample_document();
    char *path = g_build_filename(dir, name, NULL);
    write_options opt = {.source_date_epoch = 1576540800};
    GError *error = NULL;
    ck_assert_msg(write_to_file(write_pdf, doc, style, &opt, path, &error), "write_pdf: %s",
                  error ? error->message : "");
    doc_document_free(doc);
    return path;
}

/* Whitespace-separated words of s. */
static char **words(const char *s)
{
    char **w = g_regex_split_simple("\\s+", s, 0, 0);
    /* drop the empty strings split leaves at the ends */
    GPtrArray *kept = g_ptr_array_new();
    for (char **p = w; *p; p++)
        if (**p)
            g_ptr_array_add(kept, g_strdup(*p));
    g_ptr_array_add(kept, NULL);
    g_strfreev(w);
    return (char **)g_ptr_array_free(kept, FALSE);
}

/* ---- whole files --------------------------------------------------------- */

START_TEST(sample_passes_check_pdf)
{
    house_style *style = style_default();
    char *dir = testutil_tmpdir();
    char *path = write_sample(dir, "sample.pdf", style);
    char *checker = g_build_filename(PAPERS_SHARED_DIR, "tools", "check-pdf", NULL);
    if (!g_file_test(checker, G_FILE_TEST_IS_EXECUTABLE)) {
        printf("SKIPPED: sample_passes_check_pdf: no ../shared (%s)\n", checker);
        g_free(checker);
        g_free(path);
        testutil_rm_rf(dir);
        g_free(dir);
        style_free(style);
        return;
    }
    const char *argv[] = {checker, "--require-tagged", "--require-title", "--require-outline",
                          "--require-author", path, NULL};
    char *out = NULL;
    ck_assert_int_eq(run(argv, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "tagged PDF"));
    g_free(out);
    g_free(checker);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
}
END_TEST

/* The text of every block of inlines, one a line (plain text of the root
 * would run the last word of one block into the first of the next). */
static char *block_text(const doc_document *doc)
{
    GString *out = g_string_new(NULL);
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        doc_type t = doc_node_type(n);
        if (ev != DOC_EVENT_ENTER ||
            (t != DOC_TITLE && t != DOC_HEADING && t != DOC_PARAGRAPH))
            continue;
        char *text = doc_node_plain_text(n);
        g_string_append_printf(out, "%s\n", text);
        g_free(text);
    }
    return g_string_free(out, FALSE);
}

/* Every word of the tree's text appears in the PDF's text, in order (the
 * PDF also has labels, header and footer in between). */
START_TEST(sample_text_matches_tree)
{
    house_style *style = style_default();
    char *dir = testutil_tmpdir();
    char *path = write_sample(dir, "sample.pdf", style);
    const char *argv[] = {"pdftotext", "-layout", "-enc", "UTF-8", path, "-", NULL};
    char *text = NULL;
    ck_assert_int_eq(run(argv, &text), 0);
    doc_document *doc = testutil_sample_document();
    char *plain = block_text(doc);
    char **want = words(plain), **got = words(text);
    char **g = got;
    for (char **w = want; *w; w++) {
        while (*g && strcmp(*g, *w) != 0)
            g++;
        ck_assert_msg(*g != NULL, "word \"%s\" missing (or out of order) in:\n%s", *w, text);
        g++;
    }
    ck_assert_ptr_nonnull(strstr(text, "Page 1 of 1"));
    ck_assert_ptr_nonnull(strstr(text, "Sample paper"));
    g_strfreev(want);
    g_strfreev(got);
    g_free(plain);
    doc_document_free(doc);
    g_free(text);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
}
END_TEST

/* The tree's link URLs, in order. */
static GPtrArray *tree_urls(const doc_document *doc)
{
    GPtrArray *urls = g_ptr_array_new();
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        if (ev == DOC_EVENT_ENTER && doc_node_type(doc_iter_node(&it)) == DOC_LINK)
            g_ptr_array_add(urls, (gpointer)doc_node_url(doc_iter_node(&it)));
    return urls;
}

/* pdfinfo -url: "page  Annotation  URL" lines; repeats of one URL in a row
 * (a link split over two pages) count once. */
static GPtrArray *pdf_urls(const char *path)
{
    const char *argv[] = {"pdfinfo", "-url", path, NULL};
    char *out = NULL;
    ck_assert_int_eq(run(argv, &out), 0);
    GPtrArray *urls = g_ptr_array_new_with_free_func(g_free);
    char **lines = g_strsplit(out, "\n", -1);
    for (char **l = lines; *l; l++) {
        char *a = strstr(*l, "Annotation");
        if (!a)
            continue;
        char *url = g_strstrip(g_strdup(a + strlen("Annotation")));
        if (urls->len && strcmp(g_ptr_array_index(urls, urls->len - 1), url) == 0)
            g_free(url);
        else
            g_ptr_array_add(urls, url);
    }
    g_strfreev(lines);
    g_free(out);
    return urls;
}

START_TEST(sample_links_are_live)
{
    house_style *style = style_default();
    char *dir = testutil_tmpdir();
    char *path = write_sample(dir, "sample.pdf", style);
    doc_document *doc = testutil_sample_document();
    GPtrArray *want = tree_urls(doc), *got = pdf_urls(path);
    ck_assert_uint_gt(want->len, 0);
    ck_assert_uint_eq(got->len, want->len);
    for (guint i = 0; i < want->len; i++)
        ck_assert_str_eq(g_ptr_array_index(got, i), g_ptr_array_index(want, i));
    g_ptr_array_free(want, TRUE);
    g_ptr_array_free(got, TRUE);
    doc_document_free(doc);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
}
END_TEST

/* "title": "..." as qpdf --json writes it (UTF-8, JSON escapes). */
static char *json_title(const char *s)
{
    GString *out = g_string_new("\"title\": \"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            g_string_append_c(out, '\\');
        g_string_append_c(out, *s);
    }
    g_string_append_c(out, '"');
    return g_string_free(out, FALSE);
}

START_TEST(sample_outline_lists_headings)
{
    house_style *style = style_default();
    char *dir = testutil_tmpdir();
    char *path = write_sample(dir, "sample.pdf", style);
    const char *argv[] = {"qpdf", "--json", "--json-key=outlines", path, NULL};
    char *json = NULL;
    ck_assert_int_eq(run(argv, &json), 0);
    doc_document *doc = testutil_sample_document();
    int headings = 0;
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        if (ev != DOC_EVENT_ENTER || doc_node_type(n) != DOC_HEADING)
            continue;
        char *text = doc_node_plain_text(n);
        char *needle = json_title(text);
        ck_assert_msg(strstr(json, needle), "outline lacks %s:\n%s", needle, json);
        headings++;
        g_free(needle);
        g_free(text);
    }
    ck_assert_int_eq(headings, 4);
    /* "Themes and plans" (level 2) is a kid of "Themes" (level 1): qpdf
     * lists an entry's kids before its own title. */
    const char *sub = strstr(json, "\"title\": \"Themes and plans\"");
    const char *themes = strstr(json, "\"title\": \"Themes\"");
    ck_assert_ptr_nonnull(sub);
    ck_assert_ptr_nonnull(themes);
    doc_document_free(doc);
    g_free(json);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
}
END_TEST

START_TEST(same_input_same_bytes)
{
    house_style *style = style_default();
    char *dir = testutil_tmpdir();
    char *a = write_sample(dir, "a.pdf", style);
    char *b = write_sample(dir, "b.pdf", style);
    gsize la = 0, lb = 0;
    char *ba = testutil_read(a, &la), *bb = testutil_read(b, &lb);
    ck_assert_ptr_nonnull(ba);
    ck_assert_ptr_nonnull(bb);
    ck_assert_uint_eq(la, lb);
    ck_assert_msg(memcmp(ba, bb, la) == 0, "two builds differ");
    g_free(ba);
    g_free(bb);
    g_free(a);
    g_free(b);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
}
END_TEST

START_TEST(missing_font_is_an_error)
{
    house_style *style = style_default();
    g_free(style->render_font);
    style->render_font = g_strdup("No Such Font Family");
    char *dir = testutil_tmpdir();
    char *path = g_build_filename(dir, "x.pdf", NULL);
    doc_document *doc = testutil_sample_document();
    GError *error = NULL;
    ck_assert(!write_to_file(write_pdf, doc, style, NULL, path, &error));
    ck_assert_ptr_nonnull(error);
    ck_assert(g_error_matches(error, WRITE_ERROR, WRITE_ERROR_FONT));
    ck_assert_ptr_nonnull(strstr(error->message, "No Such Font Family"));
    ck_assert_ptr_nonnull(strstr(error->message, "fc-list"));
    ck_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
    g_error_free(error);
    doc_document_free(doc);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
}
END_TEST

static int count_entries(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (d && g_dir_read_name(d))
        n++;
    if (d)
        g_dir_close(d);
    return n;
}

START_TEST(impossible_path_leaves_nothing)
{
    house_style *style = style_default();
    doc_document *doc = testutil_sample_document();
    GError *error = NULL;
    ck_assert(!write_to_file(write_pdf, doc, style, NULL, "/nonexistent-papers-dir/x.pdf", &error));
    ck_assert(g_error_matches(error, WRITE_ERROR, WRITE_ERROR_IO));
    g_clear_error(&error);
    /* A folder in the way: the temporary file is made, the rename fails,
     * and the temporary file must go. */
    char *dir = testutil_tmpdir();
    char *target = g_build_filename(dir, "taken.pdf", NULL);
    ck_assert_int_eq(g_mkdir(target, 0755), 0);
    char *inside = g_build_filename(target, "keep", NULL);
    ck_assert(g_file_set_contents(inside, "x", 1, NULL));
    ck_assert(!write_to_file(write_pdf, doc, style, NULL, target, &error));
    ck_assert(g_error_matches(error, WRITE_ERROR, WRITE_ERROR_IO));
    ck_assert_int_eq(count_entries(dir), 1);
    g_clear_error(&error);
    g_free(inside);
    g_free(target);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
    style_free(style);
}
END_TEST

/* Regression: an item or numbered paragraph with no text left its label
 * pending, the label's tags drifted into the next section, cairo's tag
 * nesting failed and cairo 1.16 then aborted while writing the outline. */
START_TEST(empty_items_and_numbers_write_a_valid_pdf)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *s1 = testutil_add(doc, root, DOC_SECTION);
    testutil_add_text(doc, testutil_add(doc, s1, DOC_HEADING), "First");
    doc_node *list = testutil_add(doc, s1, DOC_LIST);
    testutil_add_para(doc, testutil_add(doc, list, DOC_ITEM), "an item");
    testutil_add(doc, list, DOC_ITEM); /* empty */
    testutil_add(doc, list, DOC_ITEM); /* empty, last */
    doc_node *s2 = testutil_add(doc, root, DOC_SECTION);
    testutil_add_text(doc, testutil_add(doc, s2, DOC_HEADING), "Second");
    testutil_add_para(doc, s2, "after the empty items");
    testutil_add(doc, s2, DOC_NUMBERED); /* empty */
    doc_node *s3 = testutil_add(doc, root, DOC_SECTION);
    testutil_add_text(doc, testutil_add(doc, s3, DOC_HEADING), "Third");
    testutil_prepare(doc);
    house_style *style = style_default();
    char *dir = testutil_tmpdir();
    char *path = g_build_filename(dir, "empty.pdf", NULL);
    GError *error = NULL;
    ck_assert_msg(write_to_file(write_pdf, doc, style, NULL, path, &error), "write_pdf: %s",
                  error ? error->message : "");
    char *check = g_build_filename(PAPERS_SHARED_DIR, "tools", "check-pdf", NULL);
    const char *argv[] = {check, "-q", "--require-tagged", "--require-outline", path, NULL};
    if (g_file_test(check, G_FILE_TEST_IS_EXECUTABLE))
        ck_assert_int_eq(run(argv, NULL), 0);
    else
        printf("SKIPPED: empty_items_and_numbers_write_a_valid_pdf: check-pdf: no ../shared (%s)\n",
               check);
    g_free(check);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
    doc_document_free(doc);
}
END_TEST

/* A list in a table cell reads label first, as it does on the page: the
 * label is drawn before its item's text, so copied text, pdftotext and the
 * tagged structure say "1. alpha", not "alpha 1.". */
START_TEST(labels_in_cells_come_before_their_text)
{
    doc_document *doc = doc_document_new();
    doc_document_set_meta(doc, DOC_META_TITLE, "Labels in cells"); /* PDF/UA needs one */
    doc_node *table = testutil_add(doc, doc_document_root(doc), DOC_TABLE);
    doc_node *cell = testutil_add(doc, testutil_add(doc, table, DOC_ROW), DOC_CELL);
    doc_node *list = testutil_add(doc, cell, DOC_LIST);
    doc_node_set_list_kind(list, DOC_LIST_ORDERED);
    testutil_add_para(doc, testutil_add(doc, list, DOC_ITEM), "alpha");
    testutil_add_para(doc, testutil_add(doc, list, DOC_ITEM), "beta");
    testutil_prepare(doc);
    house_style *style = style_default();
    char *dir = testutil_tmpdir();
    char *path = g_build_filename(dir, "cell.pdf", NULL);
    GError *error = NULL;
    ck_assert_msg(write_to_file(write_pdf, doc, style, NULL, path, &error), "write_pdf: %s",
                  error ? error->message : "");
    char *text = NULL;
    const char *argv[] = {"pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL};
    ck_assert_int_eq(run(argv, &text), 0);
    char **w = words(text);
    char *joined = g_strjoinv(" ", w);
    ck_assert_msg(strstr(joined, "1. alpha 2. beta") != NULL, "cell text reads: %s", joined);
    g_free(joined);
    g_strfreev(w);
    g_free(text);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    style_free(style);
    doc_document_free(doc);
}
END_TEST

/* ---- the paginator alone ------------------------------------------------- */

static char *sentence_text(int words_count)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < words_count; i++)
        g_string_append_printf(s, "%sword%d", i ? " " : "", i);
    return g_string_free(s, FALSE);
}

/* A paragraph of about n lines at the default width (about 12 words a line). */
static doc_node *add_lines(doc_document *doc, doc_node *parent, int lines)
{
    char *text = sentence_text(lines * 11);
    doc_node *p = testutil_add_para(doc, parent, text);
    g_free(text);
    return p;
}

static int find_item(const pdf_layout *lay, const doc_node *node, pdf_item_kind kind)
{
    for (guint i = 0; i < lay->items->len; i++) {
        const pdf_item *it = pdf_layout_item(lay, (int)i);
        if (it->node == node && it->kind == kind)
            return (int)i;
    }
    ck_abort_msg("no item for the node");
    return -1;
}

/* Placements of item i (content only), in order; caller frees. */
static GArray *places_of(const pdf_layout *lay, int i)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(pdf_place));
    for (guint p = 0; p < lay->places->len; p++)
        if (pdf_layout_place(lay, (int)p)->item == i)
            g_array_append_val(out, *pdf_layout_place(lay, (int)p));
    return out;
}

static double text_height(const pdf_text *t, int first, int end)
{
    return t->lines[end - 1].top + t->lines[end - 1].height - t->lines[first].top;
}

/* Nothing runs past the bottom margin; no paragraph leaves one line alone. */
static void assert_sound(const pdf_layout *lay)
{
    for (guint p = 0; p < lay->places->len; p++) {
        const pdf_place *pl = pdf_layout_place(lay, (int)p);
        const pdf_item *it = pdf_layout_item(lay, pl->item);
        ck_assert_int_ge(pl->page, 0);
        ck_assert_int_lt(pl->page, lay->n_pages);
        if (it->kind == PDF_ITEM_TEXT) {
            ck_assert_double_le(pl->y + text_height(it->text, pl->first_line, pl->end_line),
                                lay->bottom + EPS);
            ck_assert_double_ge(pl->y, lay->top - EPS);
            bool whole = pl->first_line == 0 && pl->end_line == it->text->n_lines;
            ck_assert_msg(whole || pl->end_line - pl->first_line >= 2,
                          "a single line of a paragraph alone on page %d", pl->page + 1);
        } else if (it->kind == PDF_ITEM_ROW) {
            ck_assert_double_le(pl->y + it->height, lay->bottom + EPS);
        }
    }
}

typedef struct {
    doc_document *doc;
    house_style *style;
    pdf_layout *lay;
} fixture;

static fixture fixture_new(void)
{
    fixture f = {doc_document_new(), style_default(), NULL};
    doc_document_set_meta(f.doc, DOC_META_LANGUAGE, "en-GB");
    return f;
}

static void fixture_layout(fixture *f)
{
    testutil_prepare(f->doc);
    f->lay = pdf_layout_new(f->style, "en-GB");
    pdf_layout_measure(f->lay, f->doc);
}

static void fixture_free(fixture *f)
{
    pdf_layout_free(f->lay);
    doc_document_free(f->doc);
    style_free(f->style);
}

static double body_line(const fixture *f, int item)
{
    return pdf_layout_item(f->lay, item)->text->lines[0].height;
}

START_TEST(paragraph_splits_without_orphan)
{
    fixture f = fixture_new();
    doc_node *root = doc_document_root(f.doc);
    doc_node *a = add_lines(f.doc, root, 1);
    doc_node *b = add_lines(f.doc, root, 6);
    fixture_layout(&f);
    int ia = find_item(f.lay, a, PDF_ITEM_TEXT), ib = find_item(f.lay, b, PDF_ITEM_TEXT);
    const pdf_text *tb = pdf_layout_item(f.lay, ib)->text;
    ck_assert_int_ge(tb->n_lines, 5);
    double line = body_line(&f, ib);
    double after_a = f.lay->top + text_height(pdf_layout_item(f.lay, ia)->text, 0, 1) +
                     pdf_layout_item(f.lay, ia)->space_after;
    /* Room for one line and a half of b: one line would be an orphan. */
    f.lay->bottom = after_a + 1.5 * line;
    pdf_layout_paginate(f.lay);
    GArray *pb = places_of(f.lay, ib);
    ck_assert_int_ge(pb->len, 2); /* pages this short hold under 3 lines */
    ck_assert_int_eq(g_array_index(pb, pdf_place, 0).page, 1);
    assert_sound(f.lay);
    g_array_free(pb, TRUE);

    /* Room for all lines but one: the last line would be a widow, so two
     * lines go over. */
    f.lay->bottom = after_a + (tb->n_lines - 0.5) * line;
    pdf_layout_paginate(f.lay);
    pb = places_of(f.lay, ib);
    ck_assert_int_eq(pb->len, 2);
    pdf_place first = g_array_index(pb, pdf_place, 0), second = g_array_index(pb, pdf_place, 1);
    ck_assert_int_eq(first.page, 0);
    ck_assert_int_eq(first.end_line, tb->n_lines - 2);
    ck_assert_int_eq(second.page, 1);
    ck_assert_int_eq(second.first_line, tb->n_lines - 2);
    ck_assert_int_eq(second.end_line, tb->n_lines);
    ck_assert_double_eq_tol(second.y, f.lay->top, EPS);
    assert_sound(f.lay);
    g_array_free(pb, TRUE);
    fixture_free(&f);
}
END_TEST

START_TEST(heading_moves_with_its_paragraph)
{
    fixture f = fixture_new();
    doc_node *root = doc_document_root(f.doc);
    doc_node *a = add_lines(f.doc, root, 1);
    doc_node *h = testutil_add(f.doc, root, DOC_HEADING);
    testutil_add_text(f.doc, h, "A heading");
    doc_node *b = add_lines(f.doc, root, 3);
    fixture_layout(&f);
    int ia = find_item(f.lay, a, PDF_ITEM_TEXT), ih = find_item(f.lay, h, PDF_ITEM_TEXT),
        ib = find_item(f.lay, b, PDF_ITEM_TEXT);
    const pdf_item *ha = pdf_layout_item(f.lay, ia), *hh = pdf_layout_item(f.lay, ih);
    ck_assert(hh->keep_with_next);
    /* Between two blocks, the larger of the spaces after and before. */
    double heading_end = f.lay->top + text_height(ha->text, 0, 1) +
                         fmax(ha->space_after, hh->space_before) + text_height(hh->text, 0, 1) +
                         hh->space_after;
    /* The heading fits, but not one line of the paragraph. */
    f.lay->bottom = heading_end + 0.5 * body_line(&f, ib);
    pdf_layout_paginate(f.lay);
    GArray *ph = places_of(f.lay, ih), *pb = places_of(f.lay, ib);
    ck_assert_int_eq(g_array_index(ph, pdf_place, 0).page, 1);
    ck_assert_int_eq(g_array_index(pb, pdf_place, 0).page, 1);
    ck_assert_double_eq_tol(g_array_index(ph, pdf_place, 0).y, f.lay->top, EPS);
    assert_sound(f.lay);
    g_array_free(ph, TRUE);
    g_array_free(pb, TRUE);
    fixture_free(&f);
}
END_TEST

/* LibreOffice's keepNext: the heading stays when the next paragraph's
 * first line fits below it; the orphan rule then moves a four-line
 * paragraph whole, as one line may not stand alone at a page's foot. */
START_TEST(heading_stays_when_a_line_fits)
{
    fixture f = fixture_new();
    doc_node *root = doc_document_root(f.doc);
    doc_node *a = add_lines(f.doc, root, 1);
    doc_node *h = testutil_add(f.doc, root, DOC_HEADING);
    testutil_add_text(f.doc, h, "A heading");
    doc_node *b = add_lines(f.doc, root, 4);
    fixture_layout(&f);
    int ia = find_item(f.lay, a, PDF_ITEM_TEXT), ih = find_item(f.lay, h, PDF_ITEM_TEXT),
        ib = find_item(f.lay, b, PDF_ITEM_TEXT);
    const pdf_item *ha = pdf_layout_item(f.lay, ia), *hh = pdf_layout_item(f.lay, ih);
    double heading_end = f.lay->top + text_height(ha->text, 0, 1) +
                         fmax(ha->space_after, hh->space_before) + text_height(hh->text, 0, 1) +
                         hh->space_after;
    f.lay->bottom = heading_end + 1.5 * body_line(&f, ib);
    pdf_layout_paginate(f.lay);
    GArray *ph = places_of(f.lay, ih), *pb = places_of(f.lay, ib);
    ck_assert_int_eq(g_array_index(ph, pdf_place, 0).page, 0);
    ck_assert_int_eq(g_array_index(pb, pdf_place, 0).page, 1);
    ck_assert_double_eq_tol(g_array_index(pb, pdf_place, 0).y, f.lay->top, EPS);
    assert_sound(f.lay);
    g_array_free(ph, TRUE);
    g_array_free(pb, TRUE);
    fixture_free(&f);
}
END_TEST

/* A heading over a heading needs nothing of the second below it: with no
 * room for the second, the first stays and the second moves (LibreOffice). */
START_TEST(heading_over_heading_stays)
{
    fixture f = fixture_new();
    doc_node *root = doc_document_root(f.doc);
    doc_node *a = add_lines(f.doc, root, 1);
    doc_node *h1 = testutil_add(f.doc, root, DOC_HEADING);
    testutil_add_text(f.doc, h1, "A heading");
    doc_node *h2 = testutil_add(f.doc, root, DOC_HEADING);
    testutil_add_text(f.doc, h2, "Another heading");
    add_lines(f.doc, root, 4);
    fixture_layout(&f);
    int ia = find_item(f.lay, a, PDF_ITEM_TEXT), ih = find_item(f.lay, h1, PDF_ITEM_TEXT);
    const pdf_item *ha = pdf_layout_item(f.lay, ia), *hh = pdf_layout_item(f.lay, ih);
    f.lay->bottom = f.lay->top + text_height(ha->text, 0, 1) +
                    fmax(ha->space_after, hh->space_before) + text_height(hh->text, 0, 1) + 1;
    pdf_layout_paginate(f.lay);
    GArray *p1 = places_of(f.lay, ih), *p2 = places_of(f.lay, find_item(f.lay, h2, PDF_ITEM_TEXT));
    ck_assert_int_eq(g_array_index(p1, pdf_place, 0).page, 0);
    ck_assert_int_eq(g_array_index(p2, pdf_place, 0).page, 1);
    g_array_free(p1, TRUE);
    g_array_free(p2, TRUE);
    fixture_free(&f);
}
END_TEST

START_TEST(list_spans_a_page_break)
{
    fixture f = fixture_new();
    doc_node *root = doc_document_root(f.doc);
    doc_node *list = testutil_add(f.doc, root, DOC_LIST);
    for (int i = 0; i < 12; i++) {
        char *text = g_strdup_printf("Item number %d of the list.", i + 1);
        testutil_add_para(f.doc, testutil_add(f.doc, list, DOC_ITEM), text);
        g_free(text);
    }
    fixture_layout(&f);
    f.lay->bottom = f.lay->top + 100; /* about five items a page */
    pdf_layout_paginate(f.lay);
    ck_assert_int_ge(f.lay->n_pages, 2);
    int pages_seen = 0, last_page = -1;
    for (doc_node *item = doc_node_first_child(list); item; item = doc_node_next(item)) {
        doc_node *para = doc_node_first_child(item);
        int it = find_item(f.lay, para, PDF_ITEM_TEXT), il = find_item(f.lay, para, PDF_ITEM_LABEL);
        GArray *pt = places_of(f.lay, it), *pl = places_of(f.lay, il);
        pdf_place t = g_array_index(pt, pdf_place, 0), l = g_array_index(pl, pdf_place, 0);
        ck_assert_int_eq(l.page, t.page); /* the bullet stays with its text */
        const pdf_text *tt = pdf_layout_item(f.lay, it)->text, *lt = pdf_layout_item(f.lay, il)->text;
        ck_assert_double_eq_tol(l.y + lt->lines[0].baseline, t.y + tt->lines[0].baseline, EPS);
        ck_assert_double_lt(lt->x, tt->x);
        if (t.page != last_page)
            pages_seen++, last_page = t.page;
        g_array_free(pt, TRUE);
        g_array_free(pl, TRUE);
    }
    ck_assert_int_ge(pages_seen, 2);
    assert_sound(f.lay);
    fixture_free(&f);
}
END_TEST

START_TEST(long_word_stays_within_width)
{
    fixture f = fixture_new();
    GString *url = g_string_new("https://example.org/");
    for (int i = 0; i < 40; i++)
        g_string_append(url, "averyveryverylongpathsegment");
    doc_node *p = testutil_add(f.doc, doc_document_root(f.doc), DOC_PARAGRAPH);
    testutil_add_text(f.doc, p, "See ");
    doc_node *link = testutil_add(f.doc, p, DOC_LINK);
    doc_node_set_url(link, url->str);
    testutil_add_text(f.doc, link, url->str);
    testutil_add_text(f.doc, p, " and Supercalifragilisticexpialidocious" "x" "x" "x.");
    fixture_layout(&f);
    const pdf_text *t = pdf_layout_item(f.lay, find_item(f.lay, p, PDF_ITEM_TEXT))->text;
    ck_assert_int_gt(t->n_lines, 3);
    ck_assert_double_le(t->x + t->width, f.lay->right + EPS);
    int width = pango_layout_get_width(t->layout);
    for (int i = 0; i < t->n_lines; i++) {
        PangoRectangle ink, logical;
        pango_layout_line_get_extents(pango_layout_get_line_readonly(t->layout, i), &ink,
                                      &logical);
        ck_assert_int_ge(logical.x, 0);
        ck_assert_int_le(logical.x + logical.width, width);
    }
    g_string_free(url, TRUE);
    fixture_free(&f);
}
END_TEST

START_TEST(table_row_moves_whole_under_repeated_header)
{
    fixture f = fixture_new();
    doc_node *root = doc_document_root(f.doc);
    add_lines(f.doc, root, 2);
    doc_node *table = testutil_add(f.doc, root, DOC_TABLE);
    for (int r = 0; r < 12; r++) {
        doc_node *row = testutil_add(f.doc, table, DOC_ROW);
        doc_node_set_header_row(row, r == 0);
        for (int c = 0; c < 2; c++) {
            char *text = r == 0 ? g_strdup_printf("Heading %d", c)
                                : g_strdup_printf("Row %d cell %d%s", r, c,
                                                  r % 3 == 0 ? " with a longer text that "
                                                               "wraps over lines in its cell"
                                                             : "");
            testutil_add_para(f.doc, testutil_add(f.doc, row, DOC_CELL), text);
            g_free(text);
        }
    }
    fixture_layout(&f);
    f.lay->bottom = f.lay->top + 150;
    pdf_layout_paginate(f.lay);
    ck_assert_int_ge(f.lay->n_pages, 3);
    int header = find_item(f.lay, doc_node_first_child(table), PDF_ITEM_ROW);
    /* The first row on every page is the header row; after the first page
     * it is a repeat. */
    int page = -1, body_rows = 0;
    for (guint p = 0; p < f.lay->places->len; p++) {
        const pdf_place *pl = pdf_layout_place(f.lay, (int)p);
        if (pdf_layout_item(f.lay, pl->item)->kind != PDF_ITEM_ROW)
            continue;
        if (pl->page != page) {
            ck_assert_int_eq(pl->item, header);
            ck_assert(pl->repeat == (page >= 0));
            page = pl->page;
        } else {
            ck_assert_int_ne(pl->item, header);
            body_rows++;
        }
    }
    ck_assert_int_eq(body_rows, 11); /* every body row once, none split */
    assert_sound(f.lay);
    fixture_free(&f);
}
END_TEST

START_TEST(page_break_starts_a_page_once)
{
    fixture f = fixture_new();
    doc_node *root = doc_document_root(f.doc);
    add_lines(f.doc, root, 1);
    testutil_add(f.doc, root, DOC_PAGE_BREAK);
    doc_node *b = add_lines(f.doc, root, 1);
    add_lines(f.doc, root, 40); /* runs onto a third page ... */
    testutil_add(f.doc, root, DOC_PAGE_BREAK);
    doc_node *c = add_lines(f.doc, root, 1);
    fixture_layout(&f);
    pdf_layout_paginate(f.lay);
    GArray *pb = places_of(f.lay, find_item(f.lay, b, PDF_ITEM_TEXT));
    GArray *pc = places_of(f.lay, find_item(f.lay, c, PDF_ITEM_TEXT));
    ck_assert_int_eq(g_array_index(pb, pdf_place, 0).page, 1);
    ck_assert_double_eq_tol(g_array_index(pb, pdf_place, 0).y, f.lay->top, EPS);
    ck_assert_int_eq(g_array_index(pc, pdf_place, 0).page, 3);
    ck_assert_int_eq(f.lay->n_pages, 4);
    assert_sound(f.lay);
    g_array_free(pb, TRUE);
    g_array_free(pc, TRUE);
    fixture_free(&f);
}
END_TEST

START_TEST(sample_layout_is_sound)
{
    doc_document *doc = testutil_sample_document();
    house_style *style = style_default();
    pdf_layout *lay = pdf_layout_new(style, "en-GB");
    pdf_layout_measure(lay, doc);
    pdf_layout_paginate(lay);
    ck_assert_int_eq(lay->n_pages, 1);
    assert_sound(lay);
    /* Tags balance. */
    int depth = 0;
    for (guint i = 0; i < lay->items->len; i++) {
        pdf_item_kind k = pdf_layout_item(lay, (int)i)->kind;
        depth += k == PDF_ITEM_TAG_BEGIN ? 1 : k == PDF_ITEM_TAG_END ? -1 : 0;
        ck_assert_int_ge(depth, 0);
    }
    ck_assert_int_eq(depth, 0);
    pdf_layout_free(lay);
    style_free(style);
    doc_document_free(doc);
}
END_TEST

static Suite *write_pdf_suite(void)
{
    Suite *s = suite_create("write_pdf");
    TCase *files = tcase_create("files");
    tcase_set_timeout(files, 120);
    tcase_add_test(files, sample_passes_check_pdf);
    tcase_add_test(files, sample_text_matches_tree);
    tcase_add_test(files, sample_links_are_live);
    tcase_add_test(files, sample_outline_lists_headings);
    tcase_add_test(files, same_input_same_bytes);
    tcase_add_test(files, missing_font_is_an_error);
    tcase_add_test(files, impossible_path_leaves_nothing);
    tcase_add_test(files, empty_items_and_numbers_write_a_valid_pdf);
    tcase_add_test(files, labels_in_cells_come_before_their_text);
    suite_add_tcase(s, files);
    TCase *pages = tcase_create("paginate");
    tcase_add_test(pages, paragraph_splits_without_orphan);
    tcase_add_test(pages, heading_moves_with_its_paragraph);
    tcase_add_test(pages, heading_stays_when_a_line_fits);
    tcase_add_test(pages, heading_over_heading_stays);
    tcase_add_test(pages, list_spans_a_page_break);
    tcase_add_test(pages, long_word_stays_within_width);
    tcase_add_test(pages, table_row_moves_whole_under_repeated_header);
    tcase_add_test(pages, page_break_starts_a_page_once);
    tcase_add_test(pages, sample_layout_is_sound);
    suite_add_tcase(s, pages);
    return s;
}

int main(void)
{
    return testutil_run(write_pdf_suite());
}
