/* test_doc_filter.c - the public version of a paper: notices in place of
 * exempt blocks and words, the full version's numbers kept (gaps
 * included), a document withheld whole, properties and ids; and forced
 * numbers in prepare and the checker. */
#include "doc_filter.h"
#include "style.h"
#include "testutil.h"

#include <string.h>

#define NOTICE_3 "Information withheld: exempt under paragraph 3 of Part 1 of Schedule 12A " \
                 "to the Local Government Act 1972"

static doc_node *add_numbered(doc_document *doc, doc_node *parent, const char *text)
{
    doc_node *num = testutil_add(doc, parent, DOC_NUMBERED);
    testutil_add_para(doc, num, text);
    return num;
}

static doc_node *add_heading(doc_document *doc, doc_node *parent, int level, const char *text)
{
    doc_node *h = testutil_add(doc, parent, DOC_HEADING);
    doc_node_set_level(h, level);
    doc_node_set_numbered(h, true);
    testutil_add_text(doc, h, text);
    return h;
}

/* The public version with the built-in house style; fails the test on error. */
static doc_document *public_of(doc_document *full, const char *title)
{
    house_style *style = style_default();
    doc_public_options options = {title};
    GError *error = NULL;
    doc_document *pub = doc_document_public(full, &options, style, NULL, &error);
    ck_assert_msg(pub != NULL, "%s", error ? error->message : "");
    style_free(style);
    return pub;
}

/* Every label of doc's numbered blocks, in order, joined by spaces. */
static char *labels(const doc_document *doc)
{
    GString *out = g_string_new(NULL);
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev == DOC_EVENT_ENTER && doc_node_label(n))
            g_string_append_printf(out, "%s%s", out->len ? " " : "", doc_node_label(n));
    }
    return g_string_free(out, FALSE);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    ck_assert_msg(!strstr(haystack, needle), "\"%s\" found in:\n%s", needle, haystack);
}

static void assert_has(const char *haystack, const char *needle)
{
    ck_assert_msg(strstr(haystack, needle) != NULL, "\"%s\" not in:\n%s", needle, haystack);
}

START_TEST(nothing_exempt_is_said_so)
{
    doc_document *doc = testutil_sample_document();
    ck_assert_uint_eq(doc_document_exempt_paragraphs(doc), 0);
    doc_document_free(doc);
}
END_TEST

START_TEST(a_withheld_paragraph_keeps_its_number)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    for (int i = 1; i <= 5; i++) {
        char *text = g_strdup_printf(i == 3 ? "SECRET%d" : "public %d", i);
        doc_node *num = add_numbered(doc, root, text);
        if (i == 3)
            doc_node_set_exempt(num, 3);
        g_free(text);
    }
    testutil_prepare(doc);
    ck_assert_uint_eq(doc_document_exempt_paragraphs(doc), 1u << 3);
    doc_document *pub = public_of(doc, NULL);
    char *got = labels(pub);
    ck_assert_str_eq(got, "1. 2. 3. 4. 5.");
    char *dump = doc_document_dump(pub);
    assert_lacks(dump, "SECRET");
    assert_lacks(dump, "start="); /* no gap: nothing forced */
    assert_lacks(dump, "exempt=");
    assert_has(dump, NOTICE_3);
    ck_assert_int_eq(doc_document_numbering_count(pub), 1);
    g_free(dump);
    g_free(got);
    doc_document_free(pub);
    doc_document_free(doc);
}
END_TEST

START_TEST(a_withheld_section_leaves_a_gap)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    add_numbered(doc, root, "one");
    add_numbered(doc, root, "two");
    doc_node *secret = testutil_add(doc, root, DOC_SECTION);
    doc_node_set_id(secret, "secret-section");
    doc_node_set_exempt(secret, 1);
    add_numbered(doc, secret, "SECRET three");
    add_numbered(doc, secret, "SECRET four");
    doc_node *five = add_numbered(doc, root, "five");
    add_numbered(doc, root, "six");
    testutil_prepare(doc);
    doc_document *pub = public_of(doc, NULL);
    char *got = labels(pub);
    ck_assert_str_eq(got, "1. 2. 5. 6.");
    char *dump = doc_document_dump(pub);
    assert_lacks(dump, "SECRET");
    assert_lacks(dump, "secret-section");
    assert_has(dump, "label=\"5.\" start=\"5\"");
    assert_lacks(dump, "start=\"6\"");
    /* Word: the count jumps in a new instance whose level 1 starts at 5. */
    ck_assert_int_eq(doc_document_numbering_count(pub), 2);
    ck_assert_int_eq(doc_document_numbering(pub, 2)->start[0], 5);
    (void)five;
    /* Read back and prepared again: the same numbers. */
    GError *error = NULL;
    doc_document *back = doc_document_load(dump, strlen(dump), "pub", &error);
    ck_assert_msg(back != NULL, "%s", error ? error->message : "");
    testutil_prepare(back);
    char *again = doc_document_dump(back);
    ck_assert_str_eq(again, dump);
    g_free(again);
    doc_document_free(back);
    g_free(dump);
    g_free(got);
    doc_document_free(pub);
    doc_document_free(doc);
}
END_TEST

START_TEST(a_gap_below_a_section_number)
{
    doc_document *doc = doc_document_new();
    doc_document_set_numbering(doc, "sections");
    doc_node *root = doc_document_root(doc);
    add_heading(doc, root, 1, "Purpose");
    add_numbered(doc, root, "1.1");
    add_heading(doc, root, 1, "Background");
    add_numbered(doc, root, "2.1");
    doc_node *sub = testutil_add(doc, root, DOC_SECTION);
    doc_node_set_exempt(sub, 3);
    add_numbered(doc, sub, "SECRET 2.2");
    add_numbered(doc, sub, "SECRET 2.3");
    add_numbered(doc, root, "2.4");
    add_heading(doc, root, 1, "Options");
    add_numbered(doc, root, "3.1");
    testutil_prepare(doc);
    char *full = labels(doc);
    ck_assert_str_eq(full, "1. 1.1 2. 2.1 2.2 2.3 2.4 3. 3.1");
    doc_document *pub = public_of(doc, NULL);
    char *got = labels(pub);
    ck_assert_str_eq(got, "1. 1.1 2. 2.1 2.4 3. 3.1");
    g_free(got);
    g_free(full);
    doc_document_free(pub);
    doc_document_free(doc);
}
END_TEST

START_TEST(list_items_keep_their_letters)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *list = testutil_add(doc, root, DOC_LIST);
    doc_node_set_list_kind(list, DOC_LIST_ORDERED);
    doc_node_set_numbering(list, "letters");
    testutil_add_para(doc, testutil_add(doc, list, DOC_ITEM), "a");
    doc_node *b = testutil_add(doc, list, DOC_ITEM);
    testutil_add_para(doc, b, "SECRET b");
    doc_node_set_exempt(b, 2);
    doc_node *c = testutil_add(doc, list, DOC_ITEM);
    testutil_add_para(doc, c, "c");
    /* (c) holds two lists that count on together, (i) (ii) then (iii);
     * the first is withheld whole. */
    doc_node *inner1 = testutil_add(doc, c, DOC_LIST);
    doc_node_set_list_kind(inner1, DOC_LIST_ORDERED);
    doc_node_set_numbering(inner1, "letters");
    doc_node_set_exempt(inner1, 2);
    testutil_add_para(doc, testutil_add(doc, inner1, DOC_ITEM), "SECRET i");
    testutil_add_para(doc, testutil_add(doc, inner1, DOC_ITEM), "SECRET ii");
    doc_node *inner2 = testutil_add(doc, c, DOC_LIST);
    doc_node_set_list_kind(inner2, DOC_LIST_ORDERED);
    doc_node_set_numbering(inner2, "letters");
    testutil_add_para(doc, testutil_add(doc, inner2, DOC_ITEM), "iii");
    testutil_add_para(doc, testutil_add(doc, list, DOC_ITEM), "d");
    testutil_prepare(doc);
    char *full = labels(doc);
    ck_assert_str_eq(full, "(a) (b) (c) (i) (ii) (iii) (d)");
    doc_document *pub = public_of(doc, NULL);
    char *got = labels(pub);
    ck_assert_str_eq(got, "(a) (b) (c) (iii) (d)");
    char *dump = doc_document_dump(pub);
    assert_lacks(dump, "SECRET");
    assert_has(dump, "Information withheld: exempt under paragraph 2 of Part 1");
    g_free(dump);
    g_free(got);
    g_free(full);
    doc_document_free(pub);
    doc_document_free(doc);
}
END_TEST

START_TEST(words_withheld_in_place)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *p = testutil_add(doc, root, DOC_PARAGRAPH);
    testutil_add_text(doc, p, "Awarded to ");
    doc_node *run = testutil_add(doc, p, DOC_EXEMPT);
    doc_node_set_exempt(run, 3);
    testutil_add_text(doc, run, "SECRET Ltd at ");
    doc_node *link = testutil_add(doc, run, DOC_LINK);
    doc_node_set_url(link, "https://SECRET.example/");
    testutil_add_text(doc, link, "their site");
    testutil_add_text(doc, p, " for five years.");
    doc_node *q = testutil_add(doc, root, DOC_PARAGRAPH);
    testutil_add_text(doc, q, "See ");
    doc_node *link2 = testutil_add(doc, q, DOC_LINK);
    doc_node_set_url(link2, "https://SECRET.example/two");
    doc_node_set_exempt(link2, 3);
    testutil_add_text(doc, link2, "SECRET");
    testutil_prepare(doc);
    doc_document *pub = public_of(doc, NULL);
    const doc_node *pp = doc_node_first_child(doc_document_root(pub));
    ck_assert_int_eq(doc_node_child_count(pp), 1); /* one text: the notice joined in */
    char *text = doc_node_plain_text(pp);
    ck_assert_str_eq(text,
                     "Awarded to [exempt information withheld: paragraph 3] for five years.");
    char *dump = doc_document_dump(pub);
    assert_lacks(dump, "SECRET");
    assert_lacks(dump, "<link");
    g_free(dump);
    g_free(text);
    doc_document_free(pub);
    doc_document_free(doc);
}
END_TEST

START_TEST(table_rows_and_cells)
{
    doc_document *doc = doc_document_new();
    doc_node *table = testutil_add(doc, doc_document_root(doc), DOC_TABLE);
    doc_node *head = testutil_add(doc, table, DOC_ROW);
    doc_node_set_header_row(head, true);
    testutil_add_para(doc, testutil_add(doc, head, DOC_CELL), "Item");
    testutil_add_para(doc, testutil_add(doc, head, DOC_CELL), "Cost");
    doc_node *row = testutil_add(doc, table, DOC_ROW);
    doc_node_set_id(row, "secret-row-id");
    doc_node_set_exempt(row, 3);
    testutil_add_para(doc, testutil_add(doc, row, DOC_CELL), "SECRET supplier");
    testutil_add_para(doc, testutil_add(doc, row, DOC_CELL), "SECRET 123");
    doc_node *row2 = testutil_add(doc, table, DOC_ROW);
    testutil_add_para(doc, testutil_add(doc, row2, DOC_CELL), "Vans");
    doc_node *cell = testutil_add(doc, row2, DOC_CELL);
    doc_node_set_exempt(cell, 3);
    testutil_add_para(doc, cell, "SECRET 456");
    testutil_prepare(doc);
    doc_document *pub = public_of(doc, NULL);
    const doc_node *t = doc_node_first_child(doc_document_root(pub));
    ck_assert_int_eq(doc_node_child_count(t), 3);
    const doc_node *r = doc_node_next(doc_node_first_child(t));
    ck_assert_int_eq(doc_node_child_count(r), 2); /* the row keeps its cells */
    char *dump = doc_document_dump(pub);
    assert_lacks(dump, "SECRET");
    assert_lacks(dump, "secret");
    assert_has(dump, "[exempt information withheld: paragraph 3]");
    g_free(dump);
    doc_document_free(pub);
    doc_document_free(doc);
}
END_TEST

START_TEST(a_document_withheld_whole)
{
    doc_document *doc = doc_document_new();
    doc_document_set_meta(doc, DOC_META_TITLE, "SECRET prices");
    doc_document_set_meta(doc, DOC_META_SUBJECT, "SECRET subject");
    doc_document_set_meta(doc, DOC_META_HEADER, "SECRET header");
    doc_document_set_meta(doc, DOC_META_AUTHOR, "Wealdbridge District Council");
    doc_document_set_meta(doc, DOC_META_MARKING, "NOT FOR PUBLICATION");
    doc_node *root = doc_document_root(doc);
    doc_node_set_exempt(root, 3);
    testutil_add_text(doc, testutil_add(doc, root, DOC_HEADING), "SECRET heading");
    add_numbered(doc, root, "SECRET paragraph");
    testutil_prepare(doc);
    ck_assert_uint_eq(doc_document_exempt_paragraphs(doc), 1u << 3);
    doc_document *pub = public_of(doc, "Appendix 3");
    char *dump = doc_document_dump(pub);
    assert_lacks(dump, "SECRET");
    assert_lacks(dump, "PUBLICATION");
    ck_assert_str_eq(doc_document_meta(pub, DOC_META_TITLE), "Appendix 3");
    ck_assert_str_eq(doc_document_meta(pub, DOC_META_SUBJECT), NOTICE_3);
    ck_assert_ptr_null(doc_document_meta(pub, DOC_META_HEADER));
    ck_assert_str_eq(doc_document_meta(pub, DOC_META_AUTHOR), "Wealdbridge District Council");
    ck_assert_int_eq(doc_node_child_count(doc_document_root(pub)), 2); /* title, notice */
    g_free(dump);
    doc_document_free(pub);
    doc_document_free(doc);
}
END_TEST

START_TEST(exempt_properties_and_ids)
{
    doc_document *doc = doc_document_new();
    doc_document_set_meta(doc, DOC_META_TITLE, "SECRET title");
    doc_document_set_meta_exempt(doc, DOC_META_TITLE, 1);
    doc_document_set_meta(doc, DOC_META_HEADER, "SECRET header");
    doc_document_set_meta_exempt(doc, DOC_META_HEADER, 1);
    doc_document_set_meta(doc, DOC_META_SUBJECT, "Public subject");
    doc_node *root = doc_document_root(doc);
    doc_node *kept = testutil_add_para(doc, root, "public");
    doc_node_set_id(kept, "kept-id");
    doc_node *named = testutil_add_para(doc, root, "public, its id from exempt data");
    doc_node_set_id(named, "secret-name");
    doc_node_set_id_exempt(named, 1);
    doc_node *gone = testutil_add_para(doc, root, "SECRET");
    doc_node_set_id(gone, "secret-id");
    doc_node_set_exempt(gone, 1);
    testutil_prepare(doc);
    ck_assert_uint_eq(doc_document_exempt_paragraphs(doc), 1u << 1);
    doc_document *pub = public_of(doc, NULL);
    char *dump = doc_document_dump(pub);
    assert_lacks(dump, "SECRET");
    assert_lacks(dump, "secret");
    assert_has(dump, "id=\"kept-id\"");
    assert_has(dump, "title=\"Information withheld\"");
    assert_has(dump, "subject=\"Public subject\"");
    g_free(dump);
    doc_document_free(pub);
    doc_document_free(doc);
}
END_TEST

START_TEST(words_of_notices_and_markings)
{
    char *s = doc_exempt_paragraph_list(1u << 3);
    ck_assert_str_eq(s, "paragraph 3");
    g_free(s);
    s = doc_exempt_paragraph_list(1u << 1 | 1u << 3 | 1u << 7);
    ck_assert_str_eq(s, "paragraphs 1, 3 and 7");
    g_free(s);
    s = doc_exempt_marking(1u << 1 | 1u << 3);
    ck_assert_str_eq(s, "NOT FOR PUBLICATION – exempt under paragraphs 1 and 3 of Part 1 of "
                        "Schedule 12A");
    g_free(s);
    s = doc_exempt_notice(3);
    ck_assert_str_eq(s, NOTICE_3);
    g_free(s);
}
END_TEST

/* ---- forced numbers, in prepare and the checker ------------------------------ */

START_TEST(forced_numbers_make_gaps_the_checker_accepts)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    add_numbered(doc, root, "one");
    doc_node *four = add_numbered(doc, root, "four");
    ck_assert(doc_node_set_start(four, 4));
    add_numbered(doc, root, "five");
    ck_assert(!doc_node_set_start(testutil_add(doc, root, DOC_PARAGRAPH), 2));
    testutil_prepare(doc);
    char *got = labels(doc);
    ck_assert_str_eq(got, "1. 4. 5.");
    g_free(got);
    ck_assert_int_eq(doc_node_number(four), 4);
    ck_assert_int_eq(doc_document_numbering_count(doc), 2);
    /* A label changed by hand is caught: Word would count on from 4. */
    doc_node *five = doc_node_next(four);
    ck_assert(doc_node_set_start(five, 9));
    GError *error = NULL;
    ck_assert(!doc_document_check(doc, &error));
    ck_assert_msg(strstr(error->message, "must show 9 but counts 5"), "%s", error->message);
    g_clear_error(&error);
    doc_document_free(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc_filter");
    TCase *tc = tcase_create("filter");
    tcase_add_test(tc, nothing_exempt_is_said_so);
    tcase_add_test(tc, a_withheld_paragraph_keeps_its_number);
    tcase_add_test(tc, a_withheld_section_leaves_a_gap);
    tcase_add_test(tc, a_gap_below_a_section_number);
    tcase_add_test(tc, list_items_keep_their_letters);
    tcase_add_test(tc, words_withheld_in_place);
    tcase_add_test(tc, table_rows_and_cells);
    tcase_add_test(tc, a_document_withheld_whole);
    tcase_add_test(tc, exempt_properties_and_ids);
    tcase_add_test(tc, words_of_notices_and_markings);
    tcase_add_test(tc, forced_numbers_make_gaps_the_checker_accepts);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
