/* test_guard.c - the limits (guard.h) and the loader's answers to files that
 * are not what they should be: each refused with one line that names the
 * file and says what to do.  The whole-command cases (time, memory, pages,
 * long lists) are in tests/bad-inputs. */
#include "guard.h"
#include "inputs.h"
#include "merge.h"
#include "style.h"
#include "testutil.h"
#include "write.h"
#include "xmlload.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;

static void setup(void)
{
    dir = testutil_tmpdir();
}

static void teardown(void)
{
    testutil_rm_rf(dir);
    g_free(dir);
}

static char *file_in(const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    if (text)
        ck_assert(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* The one-line message xmlload_file gives for path, which must fail. */
static char *load_error(const char *path)
{
    GError *error = NULL;
    xmlDocPtr doc = xmlload_file(path, NULL, NULL, DEP_DATA, &error);
    ck_assert_ptr_null(doc);
    ck_assert_ptr_nonnull(error);
    ck_assert_ptr_null(strchr(error->message, '\n'));
    char *message = g_strdup(error->message);
    g_error_free(error);
    return message;
}

#define assert_has(text, part)                                                            \
    ck_assert_msg((text) && strstr((text), (part)) != NULL, "'%s' not in: %s", (part),      \
                  (text) ? (text) : "(no message)")

START_TEST(limits_default_and_override)
{
    ck_assert_int_eq(guard_limit(GUARD_PAGES), GUARD_MAX_PAGES);
    ck_assert_str_eq(guard_limit_variable(GUARD_PAGES), "PAPERS_MAX_PAGES");
    g_setenv("PAPERS_MAX_PAGES", "12", TRUE);
    ck_assert_int_eq(guard_limit(GUARD_PAGES), 12);
    /* Anything but a whole number above 0 is ignored, not half-read. */
    const char *ignored[] = {"", "0", "-3", "12x", "x", "99999999999999999999999"};
    for (size_t i = 0; i < G_N_ELEMENTS(ignored); i++) {
        g_setenv("PAPERS_MAX_PAGES", ignored[i], TRUE);
        ck_assert_int_eq(guard_limit(GUARD_PAGES), GUARD_MAX_PAGES);
    }
    g_unsetenv("PAPERS_MAX_PAGES");
}
END_TEST

START_TEST(every_limit_has_a_variable)
{
    for (int k = 0; k < GUARD_LIMIT_COUNT; k++) {
        ck_assert(g_str_has_prefix(guard_limit_variable(k), "PAPERS_MAX_"));
        ck_assert_int_gt(guard_limit(k), 0);
    }
}
END_TEST

START_TEST(fifo_is_named_not_waited_on)
{
    char *path = file_in("facts.xml", NULL);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    char *message = load_error(path); /* would block for ever if opened to read */
    assert_has(message, "facts.xml: is a FIFO (named pipe), not a file");
    assert_has(message, "put the file itself here");
    g_free(message);
    g_free(path);
}
END_TEST

START_TEST(folder_missing_and_dangling_link)
{
    char *folder = file_in("folder.xml", NULL);
    ck_assert_int_eq(g_mkdir(folder, 0700), 0);
    char *message = load_error(folder);
    assert_has(message, "folder.xml: is a folder, not a file");
    g_free(message);

    char *missing = file_in("missing.xml", NULL);
    message = load_error(missing);
    assert_has(message, "missing.xml: does not exist");
    g_free(message);

    char *link = file_in("link.xml", NULL);
    ck_assert_int_eq(symlink("/nonexistent/facts.xml", link), 0);
    message = load_error(link);
    assert_has(message, "link.xml: is a symbolic link to /nonexistent/facts.xml, which does "
                        "not exist");
    g_free(message);
    g_free(folder);
    g_free(missing);
    g_free(link);
}
END_TEST

START_TEST(file_over_the_size_limit)
{
    char *path = file_in("big.xml", "<facts>0123456789012345678901234567890123456789</facts>");
    g_setenv("PAPERS_MAX_INPUT_BYTES", "20", TRUE);
    char *message = load_error(path);
    assert_has(message, "big.xml: is 55 bytes, more than the 20 bytes papers reads in one "
                        "file (PAPERS_MAX_INPUT_BYTES)");
    g_free(message);
    g_setenv("PAPERS_MAX_INPUT_BYTES", "55", TRUE); /* exactly the limit is allowed */
    GError *error = NULL;
    xmlDocPtr doc = xmlload_file(path, NULL, NULL, DEP_DATA, &error);
    ck_assert_msg(doc != NULL, "%s", error ? error->message : "");
    xmlFreeDoc(doc);
    g_unsetenv("PAPERS_MAX_INPUT_BYTES");
    g_free(path);
}
END_TEST

START_TEST(doctype_refused_at_its_line_before_entities)
{
    /* The external entity would name a file that does not exist: the
     * message is about the DOCTYPE, so the entity was never looked at. */
    char *path = file_in("facts.xml", "<?xml version='1.0'?>\n<!-- x -->\n"
                                      "<!DOCTYPE facts [<!ENTITY e SYSTEM '/nonexistent'>]>\n"
                                      "<facts>&e;</facts>\n");
    char *message = load_error(path);
    assert_has(message, "facts.xml:3: a DOCTYPE is not allowed in papers XML");
    g_free(message);
    g_free(path);
}
END_TEST

START_TEST(deep_nesting_in_our_words)
{
    GString *xml = g_string_new("<facts>");
    for (int i = 0; i < 300; i++)
        g_string_append(xml, "<x>");
    for (int i = 0; i < 300; i++)
        g_string_append(xml, "</x>");
    g_string_append(xml, "</facts>");
    char *path = file_in("deep.xml", xml->str);
    char *message = load_error(path);
    assert_has(message, "deep.xml:1: elements are nested more than 256 deep");
    ck_assert_ptr_null(strstr(message, "XML_PARSE_HUGE")); /* no advice for programmers */
    g_free(message);
    g_string_free(xml, TRUE);
    g_free(path);
}
END_TEST

START_TEST(utf16_with_a_byte_order_mark_is_read)
{
    /* "<facts>é</facts>" in UTF-16LE, with its byte-order mark. */
    const char *utf8 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><facts>\xc3\xa9</facts>";
    gsize len = 0;
    char *utf16 = g_convert(utf8, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
    char *bytes = g_malloc(len + 2);
    memcpy(bytes, "\xff\xfe", 2);
    memcpy(bytes + 2, utf16, len);
    char *path = file_in("utf16.xml", NULL);
    ck_assert(g_file_set_contents(path, bytes, (gssize)len + 2, NULL));
    GError *error = NULL;
    xmlDocPtr doc = xmlload_file(path, NULL, NULL, DEP_DATA, &error);
    ck_assert_msg(doc != NULL, "%s", error ? error->message : "");
    char *text = xmlload_folded_text(xmlDocGetRootElement(doc));
    ck_assert_str_eq(text, "\xc3\xa9");
    g_free(text);
    xmlFreeDoc(doc);
    g_free(path);
    g_free(bytes);
    g_free(utf16);
}
END_TEST

START_TEST(long_messages_keep_start_and_end)
{
    GString *long_value = g_string_new("start-");
    for (int i = 0; i < 10000; i++)
        g_string_append_c(long_value, 'x');
    g_string_append(long_value, "-end");
    GError *error = NULL;
    xmlload_error_at(&error, PAPERS_ERROR_INPUT, "f.xml", 3, "the value '%s'\nis wrong",
                     long_value->str);
    ck_assert(g_str_has_prefix(error->message, "f.xml:3: the value 'start-xxx"));
    ck_assert(g_str_has_suffix(error->message, "-end' is wrong"));
    ck_assert_int_lt(strlen(error->message), 700);
    ck_assert_ptr_null(strchr(error->message, '\n'));
    g_error_free(error);
    g_string_free(long_value, TRUE);
}
END_TEST

/* ---- the merge limits: a report of one document from facts.xml ------------- */

static void copy_schema(const char *schemas, const char *name)
{
    char *from = g_build_filename(PAPERS_HOME, "schemas", name, NULL);
    char *text = testutil_read(from, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", from);
    char *to = g_build_filename(schemas, name, NULL);
    ck_assert(g_file_set_contents(to, text, -1, NULL));
    g_free(to);
    g_free(text);
    g_free(from);
}

/* Merge <template>body</template> over <facts>facts</facts>; the error
 * message (paths relative to the test folder), or NULL when it merged and
 * then, when text is not NULL, the document as plain text in *text. */
static char *merge_and_write(const char *body, const char *facts, char **text_out);

static char *merge_message(const char *body, const char *facts)
{
    return merge_and_write(body, facts, NULL);
}

static char *merge_and_write(const char *body, const char *facts, char **text_out)
{
    char *input = g_build_filename(dir, "report", NULL);
    char *schemas = g_build_filename(dir, "schemas", NULL);
    g_mkdir_with_parents(input, 0755);
    g_mkdir_with_parents(schemas, 0755);
    copy_schema(schemas, "template.xsd");
    copy_schema(schemas, "report.xsd");
    copy_schema(schemas, "common.xsd");
    char *path = g_build_filename(schemas, "facts.xsd", NULL);
    ck_assert(g_file_set_contents(
        path,
        "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='facts'>"
        "<xs:complexType mixed='true'><xs:sequence><xs:any processContents='skip' "
        "minOccurs='0' maxOccurs='unbounded'/></xs:sequence></xs:complexType></xs:element>"
        "</xs:schema>",
        -1, NULL));
    g_free(path);
    path = g_build_filename(input, "report.xml", NULL);
    ck_assert(g_file_set_contents(path,
                                  "<report><document output='paper' template='t.xml' "
                                  "title='T'><data file='facts.xml'/></document></report>",
                                  -1, NULL));
    g_free(path);
    path = g_build_filename(input, "facts.xml", NULL);
    char *text = g_strdup_printf("<facts>%s</facts>\n", facts);
    ck_assert(g_file_set_contents(path, text, -1, NULL));
    g_free(text);
    g_free(path);
    char *template_path = g_build_filename(dir, "t.xml", NULL);
    text = g_strdup_printf("<template>%s</template>\n", body);
    ck_assert(g_file_set_contents(template_path, text, -1, NULL));
    g_free(text);

    GError *error = NULL;
    inputs_report *report =
        inputs_load(input, &(inputs_home){dir, schemas, NULL, NULL}, &error);
    ck_assert_msg(report != NULL, "%s", error ? error->message : "");
    house_style *style = style_default();
    doc_document *doc = merge_document(report, g_ptr_array_index(report->documents, 0),
                                       template_path, schemas, style, NULL, NULL, &error);
    ck_assert((doc == NULL) == (error != NULL));
    if (doc && text_out)
        *text_out = write_txt_string(doc, style);
    char *message = NULL;
    if (error) {
        GString *m = g_string_new(error->message);
        char *prefix = g_strconcat(dir, "/", NULL);
        g_string_replace(m, prefix, "", 0);
        g_free(prefix);
        message = g_string_free(m, FALSE);
    }
    g_clear_error(&error);
    doc_document_free(doc);
    style_free(style);
    inputs_free(report);
    g_free(template_path);
    g_free(input);
    g_free(schemas);
    return message;
}

START_TEST(a_list_longer_than_the_limit_names_its_data_line)
{
    g_setenv("PAPERS_MAX_REPEAT", "3", TRUE);
    const char *body = "<list><for-each select='$facts/i'><item><value of='.'/></item>"
                       "</for-each></list>";
    char *ok = merge_message(body, "\n<i>1</i>\n<i>2</i>\n<i>3</i>\n");
    ck_assert_ptr_null(ok); /* three is allowed */
    char *message = merge_message(body, "\n<i>1</i>\n<i>2</i>\n<i>3</i>\n<i>4</i>\n<i>5</i>\n");
    ck_assert_str_eq(message, "report/facts.xml:5: this is item 4 of 5 that '$facts/i' "
                              "(t.xml:1) repeats, more than the 3 one list may hold "
                              "(PAPERS_MAX_REPEAT); split the data into several documents");
    g_free(message);
    g_unsetenv("PAPERS_MAX_REPEAT");
}
END_TEST

START_TEST(loops_inside_loops_stop_at_the_step_limit)
{
    g_setenv("PAPERS_MAX_STEPS", "50", TRUE);
    char *facts = g_strdup("<i>1</i><i>2</i><i>3</i><i>4</i><i>5</i><i>6</i><i>7</i><i>8</i>");
    char *message = merge_message("<for-each select='$facts/i'><for-each select='$facts/i'>"
                                  "<para><value of='.'/></para></for-each></for-each>",
                                  facts);
    assert_has(message, "t.xml:1: this document takes more than 50 template steps");
    assert_has(message, "(PAPERS_MAX_STEPS)");
    g_free(message);
    g_free(facts);
    g_unsetenv("PAPERS_MAX_STEPS");
}
END_TEST

START_TEST(a_paragraph_over_the_limit)
{
    g_setenv("PAPERS_MAX_PARAGRAPH_BYTES", "10", TRUE);
    char *ok = merge_message("<para>0123456789</para>", "");
    ck_assert_ptr_null(ok);
    char *message = merge_message("<para>012345 <value of='$facts/w'/></para>", "<w>word</w>");
    assert_has(message, "t.xml:1: this makes a paragraph of more than 10 bytes of text");
    g_free(message);
    g_unsetenv("PAPERS_MAX_PARAGRAPH_BYTES");
}
END_TEST

START_TEST(an_expression_over_the_xpath_step_limit)
{
    g_setenv("PAPERS_MAX_XPATH_STEPS", "1000", TRUE);
    GString *facts = g_string_new(NULL);
    for (int i = 0; i < 100; i++)
        g_string_append(facts, "<i>x</i>");
    char *message = merge_message("<para><value of='count($facts/i/following::i)'/></para>",
                                  facts->str);
    assert_has(message, "t.xml:1: 'count($facts/i/following::i)' takes this document past 1000 "
                        "XPath steps");
    g_free(message);
    g_string_free(facts, TRUE);
    g_unsetenv("PAPERS_MAX_XPATH_STEPS");
}
END_TEST

/* Regression: a for-each over namespace nodes read each one as an xmlNode
 * (heap-buffer-overflow: item->doc is past the end of an xmlNs), and a
 * function given one kept a pointer to a copy freed at once. */
START_TEST(namespace_nodes_are_not_data)
{
    const char *facts = "<i xmlns:foo='urn:x'>2019-01-01</i>";
    char *message = merge_message("<for-each select='$facts/i/namespace::*'><para>x</para>"
                                  "</for-each>",
                                  facts);
    assert_has(message, "t.xml:1: '$facts/i/namespace::*' selects namespace declarations, "
                        "which are not data");
    g_free(message);
    message = merge_message("<para><rich of='$facts/i/namespace::foo'/></para>", facts);
    assert_has(message, "selects namespace declarations");
    g_free(message);
    message = merge_message("<para><value of=\"format-date($facts/i/namespace::foo, '[D]')\"/>"
                            "</para>",
                            facts);
    assert_has(message, "t.xml:1: format-date: 'urn:x' is not a date");
    g_free(message);
}
END_TEST

/* Regression: U+E000 is the merge's private marker around a <ref>'s number
 * until labels exist; the same character in data, with nothing after it,
 * made the resolver read past the end of the text and print what lay there
 * (another string of the document). */
START_TEST(private_use_character_in_data_is_kept)
{
    char *text = NULL;
    char *message = merge_and_write("<numbered id='p1'>One.</numbered>"
                                    "<para><rich of='$facts/t'/></para>",
                                    "<t>See <ref to='p1'/>; then &#xE000;</t>", &text);
    ck_assert_msg(message == NULL, "%s", message);
    assert_has(text, "See paragraph 1; then \xee\x80\x80\n");
    g_free(text);
    text = NULL;
    message = merge_and_write("<numbered id='p1'>One.</numbered>"
                              "<para><rich of='$facts/t'/></para>",
                              "<t>&#xE000;7&#xE000; <ref to='p1'/> &#xE000;x</t>", &text);
    ck_assert_msg(message == NULL, "%s", message);
    /* Not a ref met (there is one, number 0), so kept as written. */
    assert_has(text, "\xee\x80\x80" "7\xee\x80\x80 paragraph 1 \xee\x80\x80x");
    g_free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("guard");
    TCase *tc = tcase_create("limits and special files");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, limits_default_and_override);
    tcase_add_test(tc, every_limit_has_a_variable);
    tcase_add_test(tc, fifo_is_named_not_waited_on);
    tcase_add_test(tc, folder_missing_and_dangling_link);
    tcase_add_test(tc, file_over_the_size_limit);
    tcase_add_test(tc, doctype_refused_at_its_line_before_entities);
    tcase_add_test(tc, deep_nesting_in_our_words);
    tcase_add_test(tc, utf16_with_a_byte_order_mark_is_read);
    tcase_add_test(tc, long_messages_keep_start_and_end);
    tcase_add_test(tc, a_list_longer_than_the_limit_names_its_data_line);
    tcase_add_test(tc, loops_inside_loops_stop_at_the_step_limit);
    tcase_add_test(tc, a_paragraph_over_the_limit);
    tcase_add_test(tc, an_expression_over_the_xpath_step_limit);
    tcase_add_test(tc, namespace_nodes_are_not_data);
    tcase_add_test(tc, private_use_character_in_data_is_kept);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
