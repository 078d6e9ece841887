/* testutil.c - helpers shared by the Check unit tests. */
#include "testutil.h"
#include "style.h"

#include <glib/gstdio.h>
#include <stdlib.h>

int testutil_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

char *testutil_tmpdir(void)
{
    GError *error = NULL;
    char *dir = g_dir_make_tmp("papers-test-XXXXXX", &error);
    if (!dir)
        g_error("cannot make a temporary folder: %s", error->message);
    return dir;
}

void testutil_rm_rf(const char *path)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        GDir *dir = g_dir_open(path, 0, NULL);
        const char *name;
        while (dir && (name = g_dir_read_name(dir))) {
            char *child = g_build_filename(path, name, NULL);
            testutil_rm_rf(child);
            g_free(child);
        }
        if (dir)
            g_dir_close(dir);
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

char *testutil_read(const char *path, gsize *length)
{
    char *text = NULL;
    if (!g_file_get_contents(path, &text, length, NULL))
        return NULL;
    return text;
}

doc_node *testutil_add(doc_document *doc, doc_node *parent, doc_type type)
{
    doc_node *n = doc_node_new(doc, type);
    GError *error = NULL;
    ck_assert_msg(doc_node_append(parent, n, &error), "append: %s",
                  error ? error->message : "");
    return n;
}

doc_node *testutil_add_text(doc_document *doc, doc_node *parent, const char *text)
{
    doc_node *t = testutil_add(doc, parent, DOC_TEXT);
    GError *error = NULL;
    ck_assert_msg(doc_node_set_text(t, text, &error), "text: %s", error ? error->message : "");
    return t;
}

doc_node *testutil_add_para(doc_document *doc, doc_node *parent, const char *text)
{
    doc_node *p = testutil_add(doc, parent, DOC_PARAGRAPH);
    testutil_add_text(doc, p, text);
    return p;
}

static doc_node *sample_title(doc_document *doc, doc_node *root, int level, const char *text)
{
    doc_node *t = testutil_add(doc, root, DOC_TITLE);
    doc_node_set_level(t, level);
    testutil_add_text(doc, t, text);
    return t;
}

static doc_node *sample_section(doc_document *doc, doc_node *root, const char *id,
                                const char *heading)
{
    doc_node *s = testutil_add(doc, root, DOC_SECTION);
    doc_node_set_id(s, id);
    doc_node *h = testutil_add(doc, s, DOC_HEADING);
    testutil_add_text(doc, h, heading);
    return s;
}

static doc_node *sample_bullets(doc_document *doc, doc_node *parent, const char *const *items)
{
    doc_node *list = testutil_add(doc, parent, DOC_LIST);
    doc_node_set_list_kind(list, DOC_LIST_BULLET);
    for (; *items; items++)
        testutil_add_para(doc, testutil_add(doc, list, DOC_ITEM), *items);
    return list;
}

static void sample_body(doc_document *doc, doc_node *root)
{
    doc_node *s = sample_section(doc, root, "purpose", "Purpose of the Report");
    testutil_add_para(doc, testutil_add(doc, s, DOC_NUMBERED),
                      "This report seeks approval of the County Council’s Strategy.");

    s = sample_section(doc, root, "background", "Background & “Context”");
    doc_node *p = testutil_add(doc, testutil_add(doc, s, DOC_NUMBERED), DOC_PARAGRAPH);
    testutil_add_text(doc, p, "Text with ");
    testutil_add_text(doc, testutil_add(doc, p, DOC_STRONG), "bold");
    testutil_add_text(doc, p, ", ");
    testutil_add_text(doc, testutil_add(doc, p, DOC_EMPH), "italic");
    testutil_add_text(doc, p, " and <angle> 'quotes' a link: ");
    doc_node *link = testutil_add(doc, p, DOC_LINK);
    doc_node_set_url(link, "https://example.org/search?q=a&b=<c>\"d\"");
    testutil_add_text(doc, link, "the search page");
    testutil_add_text(doc, p, ".");

    doc_node *num = testutil_add(doc, s, DOC_NUMBERED);
    testutil_add_para(doc, num, "The Strategy includes the following priorities -");
    static const char *const priorities[] = {"Identify and protect the most vulnerable.",
                                             "Reduce crime and fear of crime.", NULL};
    doc_node *list = sample_bullets(doc, num, priorities);
    static const char *const nested[] = {"A nested point.", "Another nested point.", NULL};
    sample_bullets(doc, doc_node_last_child(list) ? doc_node_first_child(list) : list, nested);
}

static void sample_table(doc_document *doc, doc_node *root)
{
    doc_node *s = sample_section(doc, root, "themes", "Themes");
    doc_node *h2 = testutil_add(doc, s, DOC_HEADING);
    doc_node_set_level(h2, 2);
    testutil_add_text(doc, h2, "Themes and plans");
    doc_node *table = testutil_add(doc, s, DOC_TABLE);
    static const double widths[] = {1, 2};
    doc_node_set_column_widths(table, widths, 2);
    static const char *const cells[3][2] = {{"Theme", "Where it is planned"},
                                            {"Anti-social behaviour", "District CSP plans"},
                                            {"Domestic abuse", "Police and Crime Plan"}};
    for (int r = 0; r < 3; r++) {
        doc_node *row = testutil_add(doc, table, DOC_ROW);
        doc_node_set_header_row(row, r == 0);
        for (int c = 0; c < 2; c++)
            testutil_add_para(doc, testutil_add(doc, row, DOC_CELL), cells[r][c]);
    }
    doc_node *ordered = testutil_add(doc, s, DOC_LIST);
    doc_node_set_list_kind(ordered, DOC_LIST_ORDERED);
    testutil_add_para(doc, testutil_add(doc, ordered, DOC_ITEM), "First step.");
    testutil_add_para(doc, testutil_add(doc, ordered, DOC_ITEM), "Second step.");
}

static void sample_ending(doc_document *doc, doc_node *root)
{
    doc_node *motion = testutil_add(doc, root, DOC_MOTION);
    testutil_add_para(doc, motion, "(Motion to be moved:-");
    testutil_add_para(doc, motion, "That the Strategy 2019 - 2021 be approved).");
    doc_node *sig = testutil_add(doc, root, DOC_SIGNATURE);
    testutil_add_para(doc, testutil_add(doc, sig, DOC_CELL), "17th December 2019");
    doc_node *right = testutil_add(doc, sig, DOC_CELL);
    testutil_add_para(doc, right, "N. J. Rushton");
    testutil_add_para(doc, right, "Leader of the Council");
}

doc_document *testutil_sample_document(void)
{
    doc_document *doc = doc_document_new();
    doc_document_set_meta(doc, DOC_META_TITLE, "Community Safety Strategy 2019-2021");
    doc_document_set_meta(doc, DOC_META_SUBJECT, "Report of the Cabinet");
    doc_document_set_meta(doc, DOC_META_AUTHOR, "Leicestershire County Council");
    doc_document_set_meta(doc, DOC_META_DATE, "2019-12-17");
    doc_document_set_meta(doc, DOC_META_LANGUAGE, "en-GB");
    doc_document_set_meta(doc, DOC_META_HEADER, "Sample paper");
    doc_node *root = doc_document_root(doc);
    sample_title(doc, root, 1, "REPORT OF THE CABINET");
    sample_title(doc, root, 2, "B. COMMUNITY SAFETY STRATEGY 2019-2021");
    sample_body(doc, root);
    sample_table(doc, root);
    sample_ending(doc, root);
    testutil_prepare(doc);
    return doc;
}

doc_node *testutil_first(doc_document *doc, doc_type type)
{
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        if (ev == DOC_EVENT_ENTER && doc_node_type(doc_iter_node(&it)) == type)
            return doc_iter_node(&it);
    return NULL;
}

void testutil_prepare(doc_document *doc)
{
    house_style *style = style_default();
    GError *error = NULL;
    ck_assert_msg(doc_document_prepare(doc, style, NULL, &error), "prepare: %s",
                  error ? error->message : "");
    ck_assert_msg(doc_document_check(doc, &error), "tree check: %s",
                  error ? error->message : "");
    style_free(style);
}
