/* test_write_txt.c - the plain-text writer against a golden file, and the
 * house style loader. */
#include "style.h"
#include "testutil.h"
#include "write.h"
#include "xmlload.h"

#include <glib/gstdio.h>
#include <string.h>

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

START_TEST(sample_document_golden)
{
    doc_document *doc = testutil_sample_document();
    house_style *style = style_default();
    char *text = write_txt_string(doc, style);
    assert_golden("sample.txt", text);
    g_free(text);
    style_free(style);
    doc_document_free(doc);
}
END_TEST

START_TEST(tree_dump_golden)
{
    doc_document *doc = testutil_sample_document();
    char *dump = doc_document_dump(doc);
    assert_golden("sample-tree.xml", dump);
    g_free(dump);
    doc_document_free(doc);
}
END_TEST

START_TEST(long_words_and_lines_wrap)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    GString *words = g_string_new(NULL);
    for (int i = 0; i < 200; i++)
        g_string_append(words, "word ");
    g_string_append(words, "https://example.org/a/very/long/address/that/cannot/be/broken/anywhere/at/all");
    testutil_add_para(doc, testutil_add(doc, root, DOC_NUMBERED), words->str);
    /* A title and a signature wrap too, each within its width. */
    doc_node *title = testutil_add(doc, root, DOC_TITLE);
    doc_node_set_level(title, 1);
    doc_node_set_text(testutil_add(doc, title, DOC_TEXT),
                      "A title of many words that is far too long to fit on one line of "
                      "seventy-eight columns, so it is wrapped and each line centred", NULL);
    doc_node *signature = testutil_add(doc, root, DOC_SIGNATURE);
    testutil_add_para(doc, testutil_add(doc, signature, DOC_CELL), "17th December 2019");
    testutil_add_para(doc, testutil_add(doc, signature, DOC_CELL),
                      "Councillor Nicholas John Rushton, Leader of the Council and Cabinet "
                      "Lead Member for Strategy");
    testutil_prepare(doc);
    house_style *style = style_default();
    char *text = write_txt_string(doc, style);
    char **lines = g_strsplit(text, "\n", -1);
    bool in_paragraph = true; /* the numbered paragraph: up to the first blank line */
    for (int i = 0; lines[i]; i++) {
        if (!strstr(lines[i], "https://"))
            ck_assert_msg(g_utf8_strlen(lines[i], -1) <= 78, "line %d too long: %s", i, lines[i]);
        in_paragraph = in_paragraph && *lines[i];
        if (i > 0 && in_paragraph)
            ck_assert_msg(g_str_has_prefix(lines[i], "    "), "hanging indent lost: %s", lines[i]);
    }
    ck_assert(g_str_has_prefix(text, "1.  word word"));
    ck_assert_ptr_nonnull(strstr(text, "\nA title of many words that is far too long to fit on "
                                       "one line of seventy-eight\n               columns, so it "
                                       "is wrapped and each line centred\n"));
    ck_assert_ptr_nonnull(strstr(text, "\n17th December 2019                      Councillor "
                                       "Nicholas John Rushton,\n                                "
                                       "        Leader of the Council and Cabinet Lead\n"));
    g_strfreev(lines);
    g_free(text);
    style_free(style);
    g_string_free(words, TRUE);
    doc_document_free(doc);
}
END_TEST

START_TEST(house_style_loads)
{
    char *path = g_build_filename(PAPERS_HOME, "templates", "house-style.xml", NULL);
    char *schemas = g_build_filename(PAPERS_HOME, "schemas", NULL);
    GError *error = NULL;
    house_style *s = style_load(path, schemas, NULL, &error);
    ck_assert_msg(s != NULL, "%s", error ? error->message : "");
    ck_assert_double_eq_tol(s->page_width, 595.28, 0.01);
    ck_assert_double_eq_tol(s->margin_left, 72.0, 0.01); /* 2.54cm */
    ck_assert_str_eq(s->font, "Arial");
    ck_assert_str_eq(s->render_font, "Liberation Sans");
    ck_assert_double_eq(s->para[STYLE_BODY].size, 12);
    ck_assert(s->para[STYLE_HEADING1].bold);
    char *footer = style_furniture_text(s->footer[STYLE_CENTRE], NULL, 2, 4);
    ck_assert_str_eq(footer, "Page 2 of 4");
    ck_assert_ptr_null(s->footer[STYLE_LEFT]);
    ck_assert_str_eq(s->header[STYLE_RIGHT], "{header}");
    ck_assert_ptr_null(s->logo_path);
    const num_scheme *sections = style_paragraph_scheme(s, "sections");
    ck_assert_ptr_nonnull(sections);
    ck_assert_int_eq(sections->n_levels, 3);
    int counters[] = {15, 2, 3};
    char *number = num_label(style_paragraph_scheme(s, NULL), 1, counters);
    ck_assert_str_eq(number, "15.");
    g_free(number);
    number = num_label(sections, 3, counters);
    ck_assert_str_eq(number, "15.2.3");
    g_free(number);
    number = num_label(style_list_scheme(s, "letters"), 2, counters);
    ck_assert_str_eq(number, "(ii)");
    g_free(number);
    g_free(footer);
    style_free(s);
    g_free(schemas);
    g_free(path);
}
END_TEST

START_TEST(bad_house_style_names_line)
{
    char *dir = testutil_tmpdir();
    char *path = g_build_filename(dir, "house-style.xml", NULL);
    char *good = g_build_filename(PAPERS_HOME, "templates", "house-style.xml", NULL);
    char *text = testutil_read(good, NULL);
    GString *bad = g_string_new(text);
    g_string_replace(bad, "size=\"12pt\"", "size=\"12 points\"", 1);
    ck_assert(g_file_set_contents(path, bad->str, -1, NULL));
    char *schemas = g_build_filename(PAPERS_HOME, "schemas", NULL);
    GError *error = NULL;
    ck_assert_ptr_null(style_load(path, schemas, NULL, &error));
    char *expected = g_strdup_printf("%s:12: ", path);
    ck_assert_msg(g_str_has_prefix(error->message, expected), "got: %s", error->message);
    g_free(expected);
    g_error_free(error);
    g_free(schemas);
    g_string_free(bad, TRUE);
    g_free(text);
    g_free(good);
    testutil_rm_rf(dir);
    g_free(dir);
    g_free(path);
}
END_TEST

/* The profile's page furniture, logo and the files they bring are loaded
 * and recorded; fields are filled in once, left to right. */
START_TEST(furniture_logo_and_fonts_load)
{
    char *dir = testutil_tmpdir();
    char *path = g_build_filename(dir, "house-style.xml", NULL);
    char *good = g_build_filename(PAPERS_HOME, "profiles", "wealdbridge", "house-style.xml", NULL);
    char *text = testutil_read(good, NULL);
    GString *style_text = g_string_new(text);
    g_string_replace(style_text, "<footer format=\"Page {page} of {pages}\"/>",
                     "<footer left=\"{subject}\" right=\"{page}/{pages}\"/>", 1);
    ck_assert(g_file_set_contents(path, style_text->str, -1, NULL));
    char *logo = g_build_filename(PAPERS_HOME, "profiles", "wealdbridge", "logo.png", NULL);
    char *bytes = NULL;
    gsize size = 0;
    ck_assert(g_file_get_contents(logo, &bytes, &size, NULL));
    char *copy = g_build_filename(dir, "logo.png", NULL);
    ck_assert(g_file_set_contents(copy, bytes, (gssize)size, NULL));
    char *fonts = g_build_filename(dir, "fonts", NULL);
    g_mkdir_with_parents(fonts, 0755);
    char *font = g_build_filename(fonts, "readme.txt", NULL);
    ck_assert(g_file_set_contents(font, "not a font", -1, NULL));
    char *schemas = g_build_filename(PAPERS_HOME, "schemas", NULL);
    build_deps *read = build_deps_new();
    GError *error = NULL;
    house_style *s = style_load(path, schemas, read, &error);
    ck_assert_msg(s != NULL, "%s", error ? error->message : "");
    ck_assert_str_eq(s->header[STYLE_LEFT], "Wealdbridge District Council");
    ck_assert_ptr_null(s->header[STYLE_CENTRE]);
    ck_assert_str_eq(s->header[STYLE_RIGHT], "{title}");
    ck_assert_ptr_null(s->footer[STYLE_CENTRE]); /* replaced as a whole */
    ck_assert_str_eq(s->logo_path, copy);
    ck_assert_str_eq(s->logo_alt, "Wealdbridge District Council");
    ck_assert_double_eq_tol(s->logo_width, 4 * 72 / 2.54, 1e-9);
    style_fields fields = {"A {page} title", "Cabinet", NULL, NULL};
    char *line = style_furniture_text("{title} | {subject} | {header}{page}/{pages} {x}",
                                      &fields, 2, 5);
    ck_assert_str_eq(line, "A {page} title | Cabinet | 2/5 {x}");
    g_free(line);
    line = style_furniture_text(s->footer[STYLE_RIGHT], &fields, 0, 0);
    ck_assert_str_eq(line, "{page}/{pages}"); /* left for Word's fields */
    g_free(line);
    bool logo_read = false, font_read = false;
    for (guint i = 0; i < build_deps_count(read); i++) {
        logo_read |= build_deps_role(read, i) == DEP_LOGO &&
                     g_str_equal(build_deps_path(read, i), copy);
        font_read |= build_deps_role(read, i) == DEP_FONT &&
                     g_str_equal(build_deps_path(read, i), font);
    }
    ck_assert(logo_read && font_read);
    style_free(s);
    build_deps_free(read);
    g_free(schemas);
    g_free(font);
    g_free(fonts);
    g_free(copy);
    g_free(bytes);
    g_free(logo);
    g_string_free(style_text, TRUE);
    g_free(text);
    g_free(good);
    testutil_rm_rf(dir);
    g_free(dir);
    g_free(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("write_txt");
    TCase *tc = tcase_create("txt");
    tcase_add_test(tc, sample_document_golden);
    tcase_add_test(tc, tree_dump_golden);
    tcase_add_test(tc, long_words_and_lines_wrap);
    tcase_add_test(tc, house_style_loads);
    tcase_add_test(tc, bad_house_style_names_line);
    tcase_add_test(tc, furniture_logo_and_fonts_load);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
