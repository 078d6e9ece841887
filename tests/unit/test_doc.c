/* test_doc.c - the document tree: shape rules, walking, numbering, ids. */
#include "doc.h"
#include "testutil.h"

#include <string.h>

static doc_node *add(doc_document *doc, doc_node *parent, doc_type type)
{
    doc_node *n = doc_node_new(doc, type);
    GError *error = NULL;
    ck_assert_msg(doc_node_append(parent, n, &error), "append %s to %s: %s",
                  doc_type_name(type), doc_type_name(doc_node_type(parent)),
                  error ? error->message : "");
    return n;
}

static doc_node *add_text(doc_document *doc, doc_node *parent, const char *text)
{
    doc_node *t = add(doc, parent, DOC_TEXT);
    ck_assert(doc_node_set_text(t, text, NULL));
    return t;
}

static doc_node *add_numbered(doc_document *doc, doc_node *parent, const char *text)
{
    doc_node *num = add(doc, parent, DOC_NUMBERED);
    add_text(doc, add(doc, num, DOC_PARAGRAPH), text);
    return num;
}

START_TEST(numbering_continues_across_sections)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *s1 = add(doc, root, DOC_SECTION);
    doc_node_set_id(s1, "purpose");
    doc_node *a = add_numbered(doc, s1, "one");
    doc_node *s2 = add(doc, root, DOC_SECTION);
    doc_node_set_id(s2, "background");
    doc_node *b = add_numbered(doc, s2, "two");
    doc_node *c = add_numbered(doc, s2, "three");
    doc_document_prepare(doc);
    ck_assert_int_eq(doc_node_number(a), 1);
    ck_assert_int_eq(doc_node_number(b), 2);
    ck_assert_int_eq(doc_node_number(c), 3);
    ck_assert_str_eq(doc_node_id(a), "purpose/numbered-1");
    ck_assert_str_eq(doc_node_id(c), "background/numbered-2");
    /* Preparing again gives the same numbers, not 4, 5, 6. */
    doc_document_prepare(doc);
    ck_assert_int_eq(doc_node_number(c), 3);
    doc_document_free(doc);
}
END_TEST

START_TEST(ordered_list_items_and_depth)
{
    doc_document *doc = doc_document_new();
    doc_node *list = add(doc, doc_document_root(doc), DOC_LIST);
    doc_node_set_list_kind(list, DOC_LIST_ORDERED);
    doc_node *i1 = add(doc, list, DOC_ITEM);
    doc_node *i2 = add(doc, list, DOC_ITEM);
    doc_node *inner = add(doc, i2, DOC_LIST);
    doc_node *i21 = add(doc, inner, DOC_ITEM);
    doc_document_prepare(doc);
    ck_assert_int_eq(doc_node_number(i1), 1);
    ck_assert_int_eq(doc_node_number(i2), 2);
    ck_assert_int_eq(doc_node_depth(list), 0);
    ck_assert_int_eq(doc_node_depth(inner), 1);
    ck_assert_int_eq(doc_node_depth(i21), 1);
    doc_document_free(doc);
}
END_TEST

START_TEST(shape_rules_refuse_bad_children)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    GError *error = NULL;
    ck_assert(!doc_node_append(root, doc_node_new(doc, DOC_TEXT), &error));
    ck_assert_int_eq(error->code, DOC_ERROR_CONTAINMENT);
    g_clear_error(&error);
    doc_node *list = add(doc, root, DOC_LIST);
    ck_assert(!doc_node_append(list, doc_node_new(doc, DOC_PARAGRAPH), &error));
    g_clear_error(&error);
    doc_node *link = add(doc, add(doc, root, DOC_PARAGRAPH), DOC_LINK);
    ck_assert(!doc_node_append(link, doc_node_new(doc, DOC_LINK), &error));
    g_clear_error(&error);
    /* A node cannot be appended twice, nor under itself. */
    doc_node *para = add(doc, root, DOC_PARAGRAPH);
    ck_assert(!doc_node_append(root, para, &error));
    g_clear_error(&error);
    doc_node *sig = add(doc, root, DOC_SIGNATURE);
    add(doc, sig, DOC_CELL);
    add(doc, sig, DOC_CELL);
    ck_assert(!doc_node_append(sig, doc_node_new(doc, DOC_CELL), &error));
    g_clear_error(&error);
    doc_document_free(doc);
}
END_TEST

START_TEST(text_refuses_forbidden_characters)
{
    doc_document *doc = doc_document_new();
    doc_node *t = doc_node_new(doc, DOC_TEXT);
    GError *error = NULL;
    ck_assert(!doc_node_set_text(t, "bell \a here", &error));
    ck_assert_int_eq(error->code, DOC_ERROR_TEXT);
    g_clear_error(&error);
    ck_assert(!doc_node_set_text(t, "bad \xff utf8", &error));
    g_clear_error(&error);
    ck_assert(doc_node_set_text(t, "tab\tand “quotes” & <angles>", &error));
    ck_assert_str_eq(doc_node_text(t), "tab\tand “quotes” & <angles>");
    doc_document_free(doc);
}
END_TEST

START_TEST(walk_reports_enter_and_exit)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *p = add(doc, root, DOC_PARAGRAPH);
    add_text(doc, p, "a");
    add(doc, p, DOC_BREAK);
    doc_node *strong = add(doc, p, DOC_STRONG);
    add_text(doc, strong, "b");
    add(doc, root, DOC_LIST); /* empty container: ENTER and EXIT */
    GString *trace = g_string_new(NULL);
    doc_iter it;
    doc_iter_init(&it, root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        g_string_append_printf(trace, "%s%s ", ev == DOC_EVENT_ENTER ? "+" : "-",
                               doc_type_name(doc_node_type(doc_iter_node(&it))));
    ck_assert_str_eq(trace->str, "+document +paragraph +text +break +strong +text -strong "
                                 "-paragraph +list -list -document ");
    char *plain = doc_node_plain_text(p);
    ck_assert_str_eq(plain, "a\nb");
    g_free(plain);
    g_string_free(trace, TRUE);
    doc_document_free(doc);
}
END_TEST

START_TEST(dump_is_canonical)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *s = add(doc, root, DOC_SECTION);
    doc_node_set_id(s, "background");
    doc_node *num = add_numbered(doc, s, "A & B");
    doc_node_set_exempt(num, true);
    doc_document_prepare(doc);
    char *dump = doc_document_dump(doc);
    ck_assert_str_eq(dump,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<document>\n"
                     "  <section id=\"background\">\n"
                     "    <numbered id=\"background/numbered-1\" number=\"1\" exempt=\"yes\">\n"
                     "      <paragraph id=\"background/numbered-1/paragraph-1\">\n"
                     "        <text>A &amp; B</text>\n"
                     "      </paragraph>\n"
                     "    </numbered>\n"
                     "  </section>\n"
                     "</document>\n");
    g_free(dump);
    doc_document_free(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("tree");
    tcase_add_test(tc, numbering_continues_across_sections);
    tcase_add_test(tc, ordered_list_items_and_depth);
    tcase_add_test(tc, shape_rules_refuse_bad_children);
    tcase_add_test(tc, text_refuses_forbidden_characters);
    tcase_add_test(tc, walk_reports_enter_and_exit);
    tcase_add_test(tc, dump_is_canonical);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
