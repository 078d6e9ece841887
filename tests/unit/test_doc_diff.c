/* test_doc_diff.c - redlines: the word diff, block matching, labels of
 * deleted numbered paragraphs, the clerk's names, and the property every
 * redline must have: accepting its changes gives the new text, rejecting
 * them the old, and it prepares into a tree the checker accepts. */
#include "doc_diff.h"
#include "style.h"
#include "testutil.h"
#include "write.h"

#include <string.h>

/* ---- building and reading small trees ----------------------------------- */

static doc_node *para(doc_document *doc, doc_node *parent, const char *text)
{
    return testutil_add_para(doc, parent, text);
}

static doc_node *numbered(doc_document *doc, doc_node *parent, const char *text)
{
    doc_node *n = testutil_add(doc, parent, DOC_NUMBERED);
    para(doc, n, text);
    return n;
}

static doc_node *section(doc_document *doc, const char *id, const char *heading)
{
    doc_node *s = testutil_add(doc, doc_document_root(doc), DOC_SECTION);
    doc_node_set_id(s, id);
    testutil_add_text(doc, testutil_add(doc, s, DOC_HEADING), heading);
    return s;
}

/* The text of version v (0 old, 1 new) of a redline, or of a plain tree:
 * each paragraph, heading and title on a line; in the new version with its
 * label (a redline carries the new version's labels: Word numbers the old
 * version again itself when the changes are rejected). */
static void version_text_of(const doc_node *n, int v, GString *out, bool *in_block)
{
    doc_type t = doc_node_type(n);
    doc_change skip = v ? DOC_CHANGE_DELETED : DOC_CHANGE_INSERTED;
    if (!doc_type_is_inline(t) && doc_node_change(n) == skip)
        return;
    if ((t == DOC_INSERTED && v == 0) || (t == DOC_DELETED && v == 1))
        return;
    if (t == DOC_TEXT)
        g_string_append(out, doc_node_text(n));
    if (t == DOC_BREAK)
        g_string_append_c(out, '\n');
    if ((t == DOC_NUMBERED || t == DOC_ITEM) && v == 1)
        g_string_append_printf(out, "[%s]", doc_node_label(n) ? doc_node_label(n) : "");
    for (const doc_node *c = doc_node_first_child(n); c; c = doc_node_next(c))
        version_text_of(c, v, out, in_block);
    if (t == DOC_PARAGRAPH || t == DOC_HEADING || t == DOC_TITLE)
        g_string_append_c(out, '\n');
}

static char *version_text(const doc_document *doc, int v)
{
    GString *out = g_string_new(NULL);
    bool in_block = false;
    version_text_of(doc_document_root(doc), v, out, &in_block);
    return g_string_free(out, FALSE);
}

static house_style *style;

/* Redline old -> new, prepared with the default house style and checked;
 * accepting gives new's text and labels, rejecting old's. */
static doc_document *redline(doc_document *old_doc, doc_document *new_doc)
{
    testutil_prepare(old_doc);
    testutil_prepare(new_doc);
    doc_document *r = doc_diff(old_doc, new_doc);
    GError *error = NULL;
    ck_assert_msg(doc_document_prepare(r, style, NULL, &error), "%s", error ? error->message : "");
    ck_assert_msg(doc_document_check(r, &error), "%s", error ? error->message : "");
    char *want_new = version_text(new_doc, 1), *got_new = version_text(r, 1);
    char *want_old = version_text(old_doc, 0), *got_old = version_text(r, 0);
    if (g_getenv("DIFF_DEBUG") && (strcmp(got_new, want_new) || strcmp(got_old, want_old)))
        g_printerr("OLD\n%s\nNEW\n%s\nREDLINE\n%s\n", doc_document_dump(old_doc),
                   doc_document_dump(new_doc), doc_document_dump(r));
    ck_assert_str_eq(got_new, want_new);
    ck_assert_str_eq(got_old, want_old);
    g_free(want_new);
    g_free(got_new);
    g_free(want_old);
    g_free(got_old);
    return r;
}

/* The dump of a redline's first paragraph's inlines, one line each. */
static char *inline_dump(const doc_document *r)
{
    char *dump = doc_document_dump(r);
    const char *start = strstr(dump, "<paragraph");
    start = strchr(start, '\n') + 1;
    const char *end = strstr(start, "</paragraph>");
    GString *out = g_string_new(NULL);
    char *body = g_strndup(start, (gsize)(end - start));
    char **lines = g_strsplit(body, "\n", -1);
    g_free(body);
    for (int i = 0; lines[i]; i++)
        if (*g_strstrip(lines[i]))
            g_string_append_printf(out, "%s\n", lines[i]);
    g_strfreev(lines);
    g_free(dump);
    return g_string_free(out, FALSE);
}

static doc_document *one_paragraph(const char *text)
{
    doc_document *doc = doc_document_new();
    para(doc, doc_document_root(doc), text);
    return doc;
}

/* ---- words ------------------------------------------------------------- */

START_TEST(a_changed_word)
{
    doc_document *a = one_paragraph("The board meets in 2019 at County Hall.");
    doc_document *b = one_paragraph("The board meets in 2020 at County Hall.");
    doc_document *r = redline(a, b);
    char *d = inline_dump(r);
    ck_assert_str_eq(d, "<text>The board meets in </text>\n<deleted>\n<text>2019</text>\n"
                        "</deleted>\n<inserted>\n<text>2020</text>\n</inserted>\n"
                        "<text> at County Hall.</text>\n");
    g_free(d);
    ck_assert(doc_diff_changed(r));
    doc_document_free(r);
    doc_document_free(a);
    doc_document_free(b);
}
END_TEST

START_TEST(a_rewritten_phrase_is_one_change)
{
    doc_document *a = one_paragraph("the red fox runs");
    doc_document *b = one_paragraph("the big cat runs");
    doc_document *r = redline(a, b);
    char *d = inline_dump(r);
    ck_assert_str_eq(d, "<text>the </text>\n<deleted>\n<text>red fox</text>\n</deleted>\n"
                        "<inserted>\n<text>big cat</text>\n</inserted>\n<text> runs</text>\n");
    g_free(d);
    doc_document_free(r);
    doc_document_free(a);
    doc_document_free(b);
}
END_TEST

START_TEST(words_added_at_the_end_and_removed_at_the_start)
{
    doc_document *a = one_paragraph("Draft: the plan is agreed");
    doc_document *b = one_paragraph("the plan is agreed by the board");
    doc_document *r = redline(a, b);
    char *d = inline_dump(r);
    ck_assert_str_eq(d, "<deleted>\n<text>Draft: </text>\n</deleted>\n"
                        "<text>the plan is agreed</text>\n"
                        "<inserted>\n<text> by the board</text>\n</inserted>\n");
    g_free(d);
    doc_document_free(r);
    doc_document_free(a);
    doc_document_free(b);
}
END_TEST

/* Formatting stays outside the mark; a word made bold is a change. */
START_TEST(formatting_and_links)
{
    doc_document *a = doc_document_new();
    doc_node *p = testutil_add(a, doc_document_root(a), DOC_PARAGRAPH);
    testutil_add_text(a, p, "See ");
    doc_node *link = testutil_add(a, p, DOC_LINK);
    doc_node_set_url(link, "https://example.org/plan");
    testutil_add_text(a, link, "the old plan");
    testutil_add_text(a, p, " now.");
    doc_document *b = doc_document_new();
    p = testutil_add(b, doc_document_root(b), DOC_PARAGRAPH);
    testutil_add_text(b, p, "See ");
    link = testutil_add(b, p, DOC_LINK);
    doc_node_set_url(link, "https://example.org/plan");
    testutil_add_text(b, link, "the new plan");
    testutil_add_text(b, testutil_add(b, p, DOC_STRONG), " now.");
    doc_document *r = redline(a, b);
    char *d = inline_dump(r);
    ck_assert_str_eq(d, "<text>See </text>\n<link url=\"https://example.org/plan\">\n"
                        "<text>the </text>\n<deleted>\n<text>old</text>\n</deleted>\n"
                        "<inserted>\n<text>new</text>\n</inserted>\n<text> plan</text>\n"
                        "</link>\n<deleted>\n<text> now.</text>\n</deleted>\n<strong>\n"
                        "<inserted>\n<text> now.</text>\n</inserted>\n</strong>\n");
    g_free(d);
    doc_document_free(r);
    doc_document_free(a);
    doc_document_free(b);
}
END_TEST

START_TEST(identical_documents_have_no_changes)
{
    doc_document *a = testutil_sample_document();
    doc_document *b = testutil_sample_document();
    doc_document *r = redline(a, b);
    ck_assert(!doc_diff_changed(r));
    char *da = doc_document_dump(b), *dr = doc_document_dump(r);
    ck_assert_str_eq(dr, da); /* the same tree, ids and labels */
    GString *out = g_string_new(NULL);
    ck_assert_int_eq(doc_diff_describe(r, "", out), 0);
    ck_assert_str_eq(out->str, "");
    g_string_free(out, TRUE);
    g_free(da);
    g_free(dr);
    doc_document_free(r);
    doc_document_free(a);
    doc_document_free(b);
}
END_TEST

/* ---- blocks ------------------------------------------------------------ */

static doc_document *numbered_doc(const char *const *texts)
{
    doc_document *doc = doc_document_new();
    doc_node *s = section(doc, "background", "Background");
    for (int i = 0; texts[i]; i++)
        numbered(doc, s, texts[i]);
    return doc;
}

static const doc_node *nth_block(const doc_document *doc, int n)
{
    const doc_node *s = doc_node_first_child(doc_document_root(doc));
    const doc_node *c = doc_node_next(doc_node_first_child(s)); /* after the heading */
    for (int i = 0; i < n && c; i++)
        c = doc_node_next(c);
    return c;
}

/* The text writer prints a redline's marks and its note. */
START_TEST(text_writer_prints_the_marks)
{
    const char *old_texts[] = {"Meets in 2019.", "Goes.", NULL};
    const char *new_texts[] = {"Meets in 2020.", NULL};
    doc_document *a = numbered_doc(old_texts), *b = numbered_doc(new_texts);
    doc_document *r = redline(a, b);
    doc_document_set_meta(r, DOC_META_CHANGE_NOTE, "Version 2 compared with version 1.");
    char *text = write_txt_string(r, style);
    ck_assert_str_eq(text, "Version 2 compared with version 1.\n\nBackground\n\n"
                           "1.  Meets in [-2019.-]{+2020.+}\n\n2.  [-Goes.-]\n");
    g_free(text);
    doc_document_free(r);
    doc_document_free(a);
    doc_document_free(b);
}
END_TEST

/* A deleted numbered paragraph keeps its old number and is not counted: the
 * paragraphs after it carry their new numbers. */
START_TEST(deleted_and_inserted_numbered_paragraphs)
{
    const char *old_texts[] = {"One.", "Two.", "Three.", NULL};
    const char *new_texts[] = {"One.", "Three.", "Four, which is new.", NULL};
    doc_document *a = numbered_doc(old_texts), *b = numbered_doc(new_texts);
    doc_document *r = redline(a, b);
    const char *labels[] = {"1.", "2.", "2.", "3."};
    const doc_change changes[] = {DOC_CHANGE_NONE, DOC_CHANGE_DELETED, DOC_CHANGE_NONE,
                                  DOC_CHANGE_INSERTED};
    for (int i = 0; i < 4; i++) {
        const doc_node *n = nth_block(r, i);
        ck_assert_str_eq(doc_node_label(n), labels[i]);
        ck_assert_int_eq(doc_node_change(n), changes[i]);
        ck_assert_int_eq(doc_node_change(doc_node_first_child(n)), changes[i]);
    }
    ck_assert_str_eq(doc_node_id(nth_block(r, 1)), "was:background/numbered-2");
    GString *out = g_string_new(NULL);
    ck_assert_int_eq(doc_diff_describe(r, "  ", out), 2);
    ck_assert_str_eq(out->str, "  deleted: paragraph 2 (Background)\n      Two.\n"
                               "  inserted: paragraph 3 (Background)\n"
                               "      Four, which is new.\n");
    g_string_free(out, TRUE);
    /* The redline dumps and reads back like any tree, old labels kept. */
    char *dump = doc_document_dump(r);
    doc_document *back = doc_document_load(dump, strlen(dump), "redline", NULL);
    ck_assert_ptr_nonnull(back);
    ck_assert(doc_document_prepare(back, style, NULL, NULL));
    char *again = doc_document_dump(back);
    ck_assert_str_eq(again, dump);
    g_free(again);
    g_free(dump);
    doc_document_free(back);
    doc_document_free(r);
    doc_document_free(a);
    doc_document_free(b);
}
END_TEST

static doc_document *list_doc(doc_list_kind kind, const char *const *items)
{
    doc_document *doc = doc_document_new();
    doc_node *s = section(doc, "priorities", "Priorities");
    doc_node *n = numbered(doc, s, "The priorities are:");
    doc_node *list = testutil_add(doc, n, DOC_LIST);
    doc_node_set_list_kind(list, kind);
    for (int i = 0; items[i]; i++)
        para(doc, testutil_add(doc, list, DOC_ITEM), items[i]);
    return doc;
}

START_TEST(list_items_changed_deleted_and_inserted)
{
    const char *old_items[] = {"Protect the vulnerable.", "Reduce crime.", "Cut waste.", NULL};
    const char *new_items[] = {"Protect the most vulnerable.", "Cut waste.", "Count twice.",
                               NULL};
    for (int kind = DOC_LIST_BULLET; kind <= DOC_LIST_ORDERED; kind++) {
        doc_document *a = list_doc(kind, old_items), *b = list_doc(kind, new_items);
        doc_document *r = redline(a, b);
        GString *out = g_string_new(NULL);
        ck_assert_int_eq(doc_diff_describe(r, "", out), 3);
        const char *want =
            kind == DOC_LIST_BULLET
                ? "changed: paragraph 1, bullet 1 (Priorities)\n    Protect the {+most+} "
                  "vulnerable.\ndeleted: paragraph 1, bullet 2 (Priorities)\n    Reduce "
                  "crime.\ninserted: paragraph 1, bullet 3 (Priorities)\n    Count twice.\n"
                : "changed: paragraph 1, item 1 (Priorities)\n    Protect the {+most+} "
                  "vulnerable.\ndeleted: paragraph 1, item 2 (Priorities)\n    Reduce "
                  "crime.\ninserted: paragraph 1, item 3 (Priorities)\n    Count twice.\n";
        ck_assert_str_eq(out->str, want);
        g_string_free(out, TRUE);
        doc_document_free(r);
        doc_document_free(a);
        doc_document_free(b);
    }
}
END_TEST

/* Blocks with template ids are matched by id wherever they move; a row
 * with another number of cells is a row replaced. */
START_TEST(ids_anchor_and_rows_keep_their_cells)
{
    doc_document *docs[2];
    for (int v = 0; v < 2; v++) {
        doc_document *doc = docs[v] = doc_document_new();
        doc_node *s = section(doc, "sources", "Sources");
        doc_node *x = para(doc, s, v ? "Kept, edited." : "Kept.");
        doc_node_set_id(x, "kept");
        if (v)
            para(doc, s, "A paragraph before it now.");
        doc_node *table = testutil_add(doc, s, DOC_TABLE);
        for (int row = 0; row < 3; row++) {
            doc_node *rw = testutil_add(doc, table, DOC_ROW);
            int cells = v && row == 2 ? 1 : 2;
            for (int c = 0; c < cells; c++) {
                char *t = g_strdup_printf("r%d c%d%s", row, c, v && row == 1 && c ? " new" : "");
                para(doc, testutil_add(doc, rw, DOC_CELL), t);
                g_free(t);
            }
        }
    }
    /* Table widths differ in columns when a row has fewer cells?  No: the
     * table has two columns in both; only row 3 changed shape. */
    doc_document *r = redline(docs[0], docs[1]);
    GString *out = g_string_new(NULL);
    doc_diff_describe(r, "", out);
    ck_assert_str_eq(out->str,
                     "changed: the 1st paragraph (Sources)\n    [-Kept.-]{+Kept, edited.+}\n"
                     "inserted: the 2nd paragraph (Sources)\n    A paragraph before it now.\n"
                     "changed: the table, row 2 (\u201cr1 c0\u201d), column 2 (Sources)\n"
                     "    r1 c1 {+new+}\n"
                     "deleted: the table, row 3 (\u201cr2 c0\u201d) (Sources)\n"
                     "    r2 c0 / r2 c1\n"
                     "inserted: the table, row 3 (\u201cr2 c0\u201d) (Sources)\n    r2 c0\n");
    g_string_free(out, TRUE);
    doc_document_free(r);
    doc_document_free(docs[0]);
    doc_document_free(docs[1]);
}
END_TEST

/* Over DIFF_MAX_CELLS a paragraph is replaced whole: coarse, still right. */
START_TEST(huge_paragraphs_are_replaced_whole)
{
    GString *x = g_string_new(NULL), *y = g_string_new(NULL);
    for (int i = 0; i < 1600; i++) {
        g_string_append_printf(x, "w%d ", i);
        g_string_append_printf(y, "w%d ", i % 7 == 3 ? -i : i);
    }
    doc_document *a = one_paragraph(x->str), *b = one_paragraph(y->str);
    doc_document *r = redline(a, b);
    char *d = inline_dump(r);
    ck_assert(g_str_has_prefix(d, "<text>w0 w1 w2 </text>\n<deleted>"));
    /* one <deleted>...</deleted> and one <inserted>...</inserted> */
    char **marks = g_strsplit(d, "ed>\n", -1);
    ck_assert_int_eq(g_strv_length(marks), 5);
    g_strfreev(marks);
    g_free(d);
    doc_document_free(r);
    doc_document_free(a);
    doc_document_free(b);
    g_string_free(x, TRUE);
    g_string_free(y, TRUE);
}
END_TEST

/* ---- every redline: random edits of random documents ----------------- */

static const char *const vocabulary[] = {"the", "council", "board", "agrees", "plan",
                                         "2019", "2020", "crime", "safer", "and", "of",
                                         "communities", "review", "annually."};

/* Words into p; with p NULL the same random numbers are drawn and nothing
 * is added, so two documents made from one seed stay in step. */
static void random_inlines(GRand *rng, doc_document *doc, doc_node *p)
{
    int words = g_rand_int_range(rng, 1, 9);
    for (int w = 0; w < words; w++) {
        const char *word = vocabulary[g_rand_int_range(rng, 0, G_N_ELEMENTS(vocabulary))];
        int f = g_rand_int_range(rng, 0, 10);
        if (!p)
            continue;
        doc_node *into = p;
        if (f == 0)
            into = testutil_add(doc, p, DOC_STRONG);
        if (f == 1) {
            into = testutil_add(doc, p, DOC_LINK);
            doc_node_set_url(into, "https://example.org/");
        }
        char *text = g_strdup_printf("%s%s", w ? " " : "", word);
        testutil_add_text(doc, into, text);
        g_free(text);
        if (f == 2)
            testutil_add(doc, p, DOC_BREAK);
    }
}

/* A mutation's choice: true one time in n (never without a mutation). */
static bool chance(GRand *mut, int n)
{
    return mut && g_rand_int_range(mut, 0, n) == 0;
}

/* A paragraph's words from the document's seed, or (mutated) new ones. */
static void random_paragraph(GRand *rng, GRand *mut, doc_document *doc, doc_node *parent)
{
    bool drop = chance(mut, 8), reword = chance(mut, 3);
    doc_node *p = drop ? NULL : testutil_add(doc, parent, DOC_PARAGRAPH);
    random_inlines(rng, doc, reword ? NULL : p);
    if (reword && p)
        random_inlines(mut, doc, p);
}

/* A document from a seed; with a mutation seed, an edited copy of it:
 * words, paragraphs, numbered paragraphs and list items changed, dropped
 * and added. */
static doc_document *random_doc(guint32 seed, guint32 mutation)
{
    GRand *rng = g_rand_new_with_seed(seed);
    GRand *mut = mutation ? g_rand_new_with_seed(mutation) : NULL;
    doc_document *doc = doc_document_new();
    doc_node *s = section(doc, "s", "Heading");
    int blocks = g_rand_int_range(rng, 1, 8);
    for (int i = 0; i < blocks; i++) {
        int kind = g_rand_int_range(rng, 0, 3);
        if (kind == 0) {
            random_paragraph(rng, mut, doc, s);
        } else if (kind == 1) {
            doc_node *n = testutil_add(doc, s, DOC_NUMBERED);
            random_paragraph(rng, mut, doc, n);
            if (!doc_node_first_child(n))
                doc_node_unlink(n);
        } else {
            doc_node *list = testutil_add(doc, s, DOC_LIST);
            doc_node_set_list_kind(list, (doc_list_kind)g_rand_int_range(rng, 0, 2));
            int items = g_rand_int_range(rng, 1, 4);
            for (int k = 0; k < items; k++) {
                doc_node *item = testutil_add(doc, list, DOC_ITEM);
                random_paragraph(rng, mut, doc, item);
                if (!doc_node_first_child(item))
                    doc_node_unlink(item);
            }
            if (chance(mut, 4))
                random_paragraph(mut, NULL, doc, testutil_add(doc, list, DOC_ITEM));
            if (!doc_node_first_child(list))
                doc_node_unlink(list);
        }
        if (chance(mut, 5))
            random_paragraph(mut, NULL, doc, testutil_add(doc, s, DOC_NUMBERED));
    }
    g_rand_free(rng);
    if (mut)
        g_rand_free(mut);
    return doc;
}

START_TEST(random_redlines_accept_to_new_and_reject_to_old)
{
    int changed = 0;
    for (guint32 seed = 1; seed <= 300; seed++) {
        doc_document *a = random_doc(seed, 0), *b = random_doc(seed, seed * 7919u);
        doc_document *r = redline(a, b); /* checks accept, reject, prepare, check */
        changed += doc_diff_changed(r);
        doc_document_free(r);
        doc_document_free(a);
        doc_document_free(b);
    }
    ck_assert_int_ge(changed, 200); /* the edits are not all no-ops */
}
END_TEST

int main(void)
{
    style = style_default();
    Suite *s = suite_create("doc_diff");
    TCase *tc = tcase_create("diff");
    tcase_add_test(tc, a_changed_word);
    tcase_add_test(tc, a_rewritten_phrase_is_one_change);
    tcase_add_test(tc, words_added_at_the_end_and_removed_at_the_start);
    tcase_add_test(tc, formatting_and_links);
    tcase_add_test(tc, identical_documents_have_no_changes);
    tcase_add_test(tc, text_writer_prints_the_marks);
    tcase_add_test(tc, deleted_and_inserted_numbered_paragraphs);
    tcase_add_test(tc, list_items_changed_deleted_and_inserted);
    tcase_add_test(tc, ids_anchor_and_rows_keep_their_cells);
    tcase_add_test(tc, huge_paragraphs_are_replaced_whole);
    tcase_add_test(tc, random_redlines_accept_to_new_and_reject_to_old);
    suite_add_tcase(s, tc);
    int status = testutil_run(s);
    style_free(style);
    return status;
}
