/* test_doc_load.c - the tree reader: every golden tree dump reads back and
 * dumps to the same bytes, prepares to the same labels with its own house
 * style, and damaged dumps are refused with their line. */
#include "doc.h"
#include "style.h"
#include "testutil.h"

#include <string.h>

#define CASES PAPERS_TEST_DATA "/../cases"
#define SCHEMAS PAPERS_TEST_DATA "/../../schemas"

/* Every expected tree of every golden case, and the sample document's. */
static GPtrArray *golden_trees(void)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(paths, g_build_filename(PAPERS_TEST_DATA, "golden", "sample-tree.xml", NULL));
    GDir *cases = g_dir_open(CASES, 0, NULL);
    ck_assert_msg(cases != NULL, "no %s", CASES);
    const char *name;
    while ((name = g_dir_read_name(cases))) {
        char *expected = g_build_filename(CASES, name, "expected", NULL);
        GDir *d = g_dir_open(expected, 0, NULL);
        const char *file;
        while (d && (file = g_dir_read_name(d)))
            if (g_str_has_suffix(file, ".tree.xml"))
                g_ptr_array_add(paths, g_build_filename(expected, file, NULL));
        if (d)
            g_dir_close(d);
        g_free(expected);
    }
    g_dir_close(cases);
    ck_assert_uint_ge(paths->len, 10);
    return paths;
}

static doc_document *load_file(const char *path, char **bytes)
{
    gsize len;
    *bytes = testutil_read(path, &len);
    ck_assert_msg(*bytes != NULL, "cannot read %s", path);
    GError *error = NULL;
    doc_document *doc = doc_document_load(*bytes, len, path, &error);
    ck_assert_msg(doc != NULL, "%s", error ? error->message : "");
    return doc;
}

START_TEST(every_golden_tree_round_trips)
{
    GPtrArray *paths = golden_trees();
    for (guint i = 0; i < paths->len; i++) {
        const char *path = g_ptr_array_index(paths, i);
        char *bytes;
        doc_document *doc = load_file(path, &bytes);
        char *again = doc_document_dump(doc);
        ck_assert_msg(strcmp(bytes, again) == 0, "%s: dump -> load -> dump differs", path);
        g_free(again);
        g_free(bytes);
        doc_document_free(doc);
    }
    g_ptr_array_free(paths, TRUE);
}
END_TEST

/* The case's house style: its input folder's, else its profile's. */
static house_style *case_style(const char *tree_path)
{
    char *expected = g_path_get_dirname(tree_path);
    char *dir = g_path_get_dirname(expected);
    char *path = g_build_filename(dir, "input", "house-style.xml", NULL);
    char *profiles = g_build_filename(dir, "profiles", NULL);
    GDir *d = g_dir_open(profiles, 0, NULL);
    const char *name = d ? g_dir_read_name(d) : NULL;
    if (!g_file_test(path, G_FILE_TEST_EXISTS) && name) {
        g_free(path);
        path = g_build_filename(profiles, name, "house-style.xml", NULL);
    }
    if (d)
        g_dir_close(d);
    GError *error = NULL;
    house_style *style = style_load(path, SCHEMAS, NULL, &error);
    ck_assert_msg(style != NULL, "%s", error ? error->message : "");
    g_free(profiles);
    g_free(path);
    g_free(dir);
    g_free(expected);
    return style;
}

/* The dump holds everything prepare needs: preparing a loaded tree with its
 * own house style gives the labels and ids it recorded, and a tree the
 * checker accepts. */
START_TEST(every_golden_tree_prepares_to_itself)
{
    GPtrArray *paths = golden_trees();
    for (guint i = 0; i < paths->len; i++) {
        const char *path = g_ptr_array_index(paths, i);
        bool sample = strstr(path, "sample-tree.xml") != NULL;
        house_style *style = sample ? style_default() : case_style(path);
        char *bytes;
        doc_document *doc = load_file(path, &bytes);
        GError *error = NULL;
        ck_assert_msg(doc_document_prepare(doc, style, NULL, &error), "%s: %s", path,
                      error ? error->message : "");
        ck_assert_msg(doc_document_check(doc, &error), "%s: %s", path,
                      error ? error->message : "");
        char *again = doc_document_dump(doc);
        ck_assert_msg(strcmp(bytes, again) == 0, "%s: load -> prepare -> dump differs", path);
        g_free(again);
        g_free(bytes);
        doc_document_free(doc);
        style_free(style);
    }
    g_ptr_array_free(paths, TRUE);
}
END_TEST

START_TEST(every_property_round_trips)
{
    doc_document *doc = doc_document_new();
    doc_document_set_numbering(doc, "sections");
    doc_document_set_meta(doc, DOC_META_TITLE, "A \"quoted\" <title> & more");
    doc_document_set_meta(doc, DOC_META_CHANGE_NOTE, "two\nlines\tand a tab");
    doc_node *root = doc_document_root(doc);
    doc_node *h = testutil_add(doc, root, DOC_HEADING);
    doc_node_set_level(h, 2);
    doc_node_set_numbered(h, true);
    testutil_add_text(doc, h, "Heading");
    doc_node *num = testutil_add(doc, root, DOC_NUMBERED);
    doc_node_set_level(num, 3);
    doc_node_set_exempt(num, 3);
    doc_node_set_start(num, 7);
    doc_node_set_id(num, "from-exempt-data");
    doc_node_set_id_exempt(num, 2);
    doc_document_set_meta_exempt(doc, DOC_META_SUBJECT, 1);
    doc_document_set_meta(doc, DOC_META_MARKING, "NOT FOR PUBLICATION");
    doc_node *p = testutil_add(doc, num, DOC_PARAGRAPH);
    testutil_add_text(doc, testutil_add(doc, p, DOC_EXEMPT), "exempt words");
    doc_node_set_exempt(doc_node_first_child(p), 2);
    testutil_add_text(doc, p, "  spaced\r\nand broken  ");
    testutil_add(doc, p, DOC_BREAK);
    doc_node *link = testutil_add(doc, p, DOC_LINK);
    doc_node_set_url(link, "https://example.org/?a=1&b=\"2\"");
    testutil_add_text(doc, testutil_add(doc, link, DOC_EMPH), "link");
    testutil_add_text(doc, testutil_add(doc, p, DOC_INSERTED), "new");
    testutil_add_text(doc, testutil_add(doc, p, DOC_DELETED), "old");
    doc_node *list = testutil_add(doc, root, DOC_LIST);
    doc_node_set_list_kind(list, DOC_LIST_ORDERED);
    doc_node_set_numbering(list, "letters");
    doc_node *item = testutil_add(doc, list, DOC_ITEM);
    doc_node_set_change(item, DOC_CHANGE_DELETED);
    doc_node_set_change(testutil_add_para(doc, item, "gone"), DOC_CHANGE_DELETED);
    doc_node *table = testutil_add(doc, root, DOC_TABLE);
    const double widths[] = {1, 2.5, 0.1};
    doc_node_set_column_widths(table, widths, 3);
    doc_node_set_borders(table, false);
    doc_node *row = testutil_add(doc, table, DOC_ROW);
    doc_node_set_header_row(row, true);
    doc_node_set_id(row, "the-row");
    testutil_add_para(doc, testutil_add(doc, row, DOC_CELL), "cell");
    testutil_add(doc, root, DOC_PAGE_BREAK);

    char *dump = doc_document_dump(doc);
    GError *error = NULL;
    doc_document *back = doc_document_load(dump, strlen(dump), "t", &error);
    ck_assert_msg(back != NULL, "%s", error ? error->message : "");
    char *again = doc_document_dump(back);
    ck_assert_str_eq(again, dump);
    const doc_node *p2 = doc_node_first_child(doc_node_next(doc_node_first_child(
        doc_document_root(back))));
    char *text = doc_node_plain_text(p2);
    ck_assert_str_eq(text, "exempt words  spaced\r\nand broken  \nlinknewold");
    ck_assert_int_eq(doc_node_exempt(doc_node_parent(p2)), 3);
    ck_assert_int_eq(doc_node_start(doc_node_parent(p2)), 7);
    ck_assert_int_eq(doc_node_id_exempt(doc_node_parent(p2)), 2);
    ck_assert_int_eq(doc_node_exempt(doc_node_first_child(p2)), 2);
    ck_assert_int_eq(doc_document_meta_exempt(back, DOC_META_SUBJECT), 1);
    ck_assert_str_eq(doc_document_meta(back, DOC_META_MARKING), "NOT FOR PUBLICATION");
    ck_assert_str_eq(doc_document_meta(back, DOC_META_CHANGE_NOTE), "two\nlines\tand a tab");
    ck_assert_str_eq(doc_document_numbering_name(back), "sections");
    int n;
    const doc_node *table2 = doc_node_prev(doc_node_last_child(doc_document_root(back)));
    const double *w = doc_node_column_widths(table2, &n);
    ck_assert_int_eq(n, 3);
    ck_assert(w[1] == 2.5 && w[2] == 0.1);
    g_free(text);
    g_free(again);
    g_free(dump);
    doc_document_free(back);
    doc_document_free(doc);
}
END_TEST

/* A damaged dump: refused with its name and line, never a crash. */
static void assert_refused(const char *xml, const char *expected)
{
    GError *error = NULL;
    doc_document *doc = doc_document_load(xml, strlen(xml), "bad.tree.xml", &error);
    ck_assert_msg(doc == NULL, "accepted: %s", xml);
    ck_assert_msg(error && strstr(error->message, expected),
                  "for %s: expected \"%s\" in \"%s\"", xml, expected,
                  error ? error->message : "(no error)");
    ck_assert_msg(g_str_has_prefix(error->message, "bad.tree.xml:"), "%s", error->message);
    g_error_free(error);
}

START_TEST(damaged_dumps_are_refused)
{
    assert_refused("", "not well-formed");
    assert_refused("<document><paragraph>", "not well-formed");
    assert_refused("<paragraph/>", "starts with <document>");
    assert_refused("<document>\n<chapter/></document>", ":2: <chapter> is not a node");
    assert_refused("<document><row/></document>", "cannot contain a row");
    assert_refused("<document><paragraph><paragraph/></paragraph></document>",
                   "cannot contain a paragraph");
    assert_refused("<document><heading level=\"7\"/></document>", "level=\"7\"");
    assert_refused("<document><heading level=\"x\"/></document>", "level=\"x\"");
    assert_refused("<document><paragraph colour=\"red\"/></document>", "no attribute colour");
    assert_refused("<document colour=\"red\"/>", "no attribute colour");
    assert_refused("<document><list kind=\"dotted\"/></document>", "bullet or ordered");
    assert_refused("<document><table widths=\"1 -2\"/></document>", "widths");
    assert_refused("<document><paragraph change=\"moved\"/></document>", "change=\"moved\"");
    assert_refused("<document><paragraph><text change=\"deleted\">x</text></paragraph>"
                   "</document>", "change=\"deleted\" on a text");
    assert_refused("<document><paragraph><inserted><strong/></inserted></paragraph>"
                   "</document>", "cannot contain a strong");
    assert_refused("<document><paragraph><text>a<strong/></text></paragraph></document>",
                   "only characters");
    assert_refused("<document>loose words</document>", "text outside <text>");
    assert_refused("<document><paragraph><text>&#xFFFE;</text></paragraph></document>",
                   "not well-formed");
    assert_refused("<document><page-break>\n<x/></page-break></document>", "is empty");
    assert_refused("<document><paragraph id=\"\"/></document>", "empty id");
    assert_refused("<document><paragraph exempt=\"8\"/></document>", "exempt=\"8\"");
    assert_refused("<document><paragraph><exempt paragraph=\"yes\"/></paragraph></document>",
                   "paragraph=\"yes\"");
    assert_refused("<document><paragraph start=\"2\"/></document>", "no number to start");
    assert_refused("<document exempt-title=\"0\"/>", "exempt-title=\"0\"");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc_load");
    TCase *tc = tcase_create("load");
    tcase_add_test(tc, every_golden_tree_round_trips);
    tcase_add_test(tc, every_golden_tree_prepares_to_itself);
    tcase_add_test(tc, every_property_round_trips);
    tcase_add_test(tc, damaged_dumps_are_refused);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
