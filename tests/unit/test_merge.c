/* test_merge.c - the template engine and the input loader: loops,
 * conditionals, white space, rich prose, attribute templates, numbering, and
 * errors that name the file and line. */
#include "inputs.h"
#include "merge.h"
#include "style.h"
#include "testutil.h"
#include "write.h"
#include "xmlload.h"

#include <glib/gstdio.h>
#include <string.h>

/* A permissive schema for the test data file <facts>. */
static const char *const facts_xsd =
    "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"
    " <xs:element name='facts'><xs:complexType mixed='true'><xs:sequence>"
    "  <xs:any processContents='skip' minOccurs='0' maxOccurs='unbounded'/>"
    " </xs:sequence><xs:anyAttribute processContents='skip'/></xs:complexType></xs:element>"
    "</xs:schema>";

static const char *const manifest =
    "<report>\n"
    "  <document output='paper' template='t.xml' title='The Paper' appendix='A'>\n"
    "    <data file='facts.xml'/>\n"
    "  </document>\n"
    "</report>\n";

typedef struct {
    char *root, *input, *templates, *schemas, *template_path;
    house_style *style;
} sandbox;

static void write_file(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    ck_assert(g_file_set_contents(path, text, -1, NULL));
    g_free(path);
}

static void copy_schema(const sandbox *sb, const char *name)
{
    char *from = g_build_filename(PAPERS_HOME, "schemas", name, NULL);
    char *text = testutil_read(from, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", from);
    write_file(sb->schemas, name, text);
    g_free(text);
    g_free(from);
}

static sandbox sandbox_new(const char *template_body, const char *facts_body)
{
    sandbox sb;
    sb.root = testutil_tmpdir();
    sb.input = g_build_filename(sb.root, "report", NULL);
    sb.templates = g_build_filename(sb.root, "templates", NULL);
    sb.schemas = g_build_filename(sb.root, "schemas", NULL);
    sb.template_path = g_build_filename(sb.templates, "t.xml", NULL);
    g_mkdir_with_parents(sb.input, 0755);
    g_mkdir_with_parents(sb.templates, 0755);
    g_mkdir_with_parents(sb.schemas, 0755);
    copy_schema(&sb, "template.xsd");
    copy_schema(&sb, "report.xsd");
    copy_schema(&sb, "common.xsd");
    write_file(sb.schemas, "facts.xsd", facts_xsd);
    write_file(sb.input, "report.xml", manifest);
    char *facts = g_strdup_printf("<facts>%s</facts>\n", facts_body);
    write_file(sb.input, "facts.xml", facts);
    g_free(facts);
    char *tmpl = g_strdup_printf("<template>%s</template>\n", template_body);
    write_file(sb.templates, "t.xml", tmpl);
    g_free(tmpl);
    sb.style = style_default();
    return sb;
}

static void sandbox_free(sandbox *sb)
{
    testutil_rm_rf(sb->root);
    g_free(sb->root);
    g_free(sb->input);
    g_free(sb->templates);
    g_free(sb->schemas);
    g_free(sb->template_path);
    style_free(sb->style);
}

/* Merge; returns the tree or NULL with error set. */
static doc_document *merge(sandbox *sb, GError **error)
{
    inputs_report *report = inputs_load(sb->input, &(inputs_home){sb->templates, sb->schemas, NULL, NULL}, error);
    if (!report)
        return NULL;
    const inputs_document *d = g_ptr_array_index(report->documents, 0);
    doc_document *doc =
        merge_document(report, d, sb->template_path, sb->schemas, sb->style, NULL, NULL,
                       error);
    inputs_free(report);
    return doc;
}

/* Merge template + facts and print the result as plain text. */
static char *merge_text(const char *template_body, const char *facts_body)
{
    sandbox sb = sandbox_new(template_body, facts_body);
    GError *error = NULL;
    doc_document *doc = merge(&sb, &error);
    ck_assert_msg(doc != NULL, "merge failed: %s", error ? error->message : "");
    house_style *style = style_default();
    char *text = write_txt_string(doc, style);
    style_free(style);
    doc_document_free(doc);
    sandbox_free(&sb);
    return text;
}

/* Merge expecting failure; returns the message. */
static char *merge_error(const char *template_body, const char *facts_body)
{
    sandbox sb = sandbox_new(template_body, facts_body);
    GError *error = NULL;
    doc_document *doc = merge(&sb, &error);
    ck_assert_msg(doc == NULL, "merge should have failed");
    ck_assert(error != NULL);
    /* Messages are relative to the sandbox, so tests can compare them. */
    GString *msg = g_string_new(error->message);
    char *prefix = g_strconcat(sb.root, "/", NULL);
    g_string_replace(msg, prefix, "", 0);
    g_free(prefix);
    g_error_free(error);
    sandbox_free(&sb);
    return g_string_free(msg, FALSE);
}

static void assert_contains(const char *text, const char *part)
{
    ck_assert_msg(strstr(text, part) != NULL, "expected '%s' in:\n%s", part, text);
}

START_TEST(loops_with_position_and_last)
{
    char *text = merge_text(
        "<para>Items: <for-each select='$facts/item'><value of='.'/>"
        "<choose><when test='position() = last()'>.</when>"
        "<when test='position() = last() - 1'> and </when>"
        "<otherwise>, </otherwise></choose></for-each></para>",
        "<item>red</item><item>green</item><item>blue</item>");
    ck_assert_str_eq(text, "Items: red, green and blue.\n");
    g_free(text);
}
END_TEST

START_TEST(conditionals)
{
    char *text = merge_text(
        "<if test='$facts/count &gt; 1'><para>many</para></if>"
        "<if test='$facts/count = 1'><para>one</para></if>"
        "<if test='$facts/missing'><para>never</para></if>"
        "<para>A total of <value of='$facts/count'/> <choose>"
        "<when test='$facts/count = 1'>response was</when>"
        "<otherwise>responses were</otherwise></choose> received.</para>",
        "<count>11</count>");
    ck_assert_str_eq(text, "many\n\nA total of 11 responses were received.\n");
    g_free(text);
}
END_TEST

START_TEST(white_space_is_folded)
{
    char *text = merge_text("<para>\n   The   <value of='$facts/name'/>\n   ’s plan\n"
                            "   (<value of='$facts/name'/>).  </para>",
                            "<name>\n  County\n   Council </name>");
    ck_assert_str_eq(text, "The County Council ’s plan (County Council).\n");
    g_free(text);
}
END_TEST

START_TEST(flow_gathers_paragraphs_and_nests_lists)
{
    char *text = merge_text(
        "<numbered>Intro text -\n"
        "  <list><for-each select='$facts/p'><item><value of='.'/></item></for-each></list>\n"
        "  Closing words.</numbered>\n"
        "<numbered><para>First.</para><para>Second.</para></numbered>",
        "<p>alpha</p><p>beta</p>");
    ck_assert_str_eq(text, "1.  Intro text -\n\n"
                           "    •  alpha\n"
                           "    •  beta\n\n"
                           "    Closing words.\n\n"
                           "2.  First.\n\n"
                           "    Second.\n");
    g_free(text);
}
END_TEST

/* Regression: white space after a closing link at the end of an item made
 * an empty text node, the paragraph looked empty and was dropped. */
START_TEST(white_space_after_a_final_link_keeps_the_paragraph)
{
    char *text = merge_text("<list><item><link href='http://a'>first</link>, then\n"
                            "   <if test='1'><br/><link href='http://b'><value of='$facts/u'/></link>"
                            "</if>\n   </item></list>",
                            "<u>http://b</u>");
    ck_assert_str_eq(text, "•  first, then\n   http://b\n");
    g_free(text);
}
END_TEST

START_TEST(numbering_runs_across_sections)
{
    char *text = merge_text("<section id='a'><heading>A</heading><numbered>one</numbered>"
                            "</section><section id='b'><heading>B</heading>"
                            "<for-each select='$facts/x'><numbered><value of='.'/></numbered>"
                            "</for-each></section>",
                            "<x>two</x><x>three</x>");
    ck_assert_str_eq(text, "A\n\n1.  one\n\nB\n\n2.  two\n\n3.  three\n");
    g_free(text);
}
END_TEST

START_TEST(rich_prose_links_and_ids)
{
    sandbox sb = sandbox_new(
        "<meta title='{$facts/name} report' date='{$facts/date}'/>"
        "<section id='s-{$facts/slug}'><para id='p1'><rich of='$facts/prose'/></para>"
        "<para><link href='{$facts/url}?a=1&amp;b=2'>site</link></para></section>",
        "<name>Budget</name><date>2019-12-17</date><slug>money</slug>"
        "<url>https://example.org/x</url>"
        "<prose exempt='3'>Plain <b>bold</b> and <i>it</i>, <link href='https://e.org'>"
        "a link</link><br/>next line.</prose>");
    GError *error = NULL;
    doc_document *doc = merge(&sb, &error);
    ck_assert_msg(doc != NULL, "%s", error ? error->message : "");
    ck_assert_str_eq(doc_document_meta(doc, DOC_META_TITLE), "Budget report");
    ck_assert_str_eq(doc_document_meta(doc, DOC_META_DATE), "2019-12-17");
    char *dump = doc_document_dump(doc);
    assert_contains(dump, "<section id=\"s-money\">");
    assert_contains(dump, "<paragraph id=\"p1\" exempt=\"3\">"); /* all its words */
    assert_contains(dump, "<strong>\n        <text>bold</text>");
    assert_contains(dump, "<link url=\"https://e.org\">");
    assert_contains(dump, "<text>Plain </text>");
    assert_contains(dump, "<break/>");
    assert_contains(dump, "<link url=\"https://example.org/x?a=1&amp;b=2\">");
    g_free(dump);
    doc_document_free(doc);
    sandbox_free(&sb);
}
END_TEST

START_TEST(prose_names_appendices_from_the_manifest)
{
    char *text = merge_text("<para><rich of='$facts/p'/></para>",
                            "<p>See <appendix doc='paper'/> (attached).</p>");
    ck_assert_str_eq(text, "See Appendix A (attached).\n");
    g_free(text);
    char *msg = merge_error("<para><rich of='$facts/p'/></para>",
                            "\n<p>See <appendix doc='nothing'/>.</p>");
    assert_contains(msg, "report/facts.xml:2: <appendix doc=\"nothing\"/>: the report manifest "
                         "has no appendix");
    g_free(msg);
}
END_TEST

START_TEST(cross_references_name_the_numbered_paragraph)
{
    const char *tmpl =
        "<meta numbering='sections'/>"
        "<heading numbered='yes'>Background</heading>"
        "<for-each select='$facts/para'><numbered id='{@id}'><rich of='.'/></numbered>"
        "</for-each>";
    char *text = merge_text(tmpl, "<para>First.</para><para id='costs'>Costs.</para>"
                                  "<para>As paragraph <ref to='costs'/> said, and "
                                  "<ref to='costs'/> again.</para>");
    assert_contains(text, "1.  Background");
    assert_contains(text, "1.2 Costs.");
    assert_contains(text, "1.3 As paragraph paragraph 1.2 said, and paragraph 1.2 again.");
    g_free(text);
    char *msg = merge_error(tmpl, "<para>See\n <ref to='nowhere'/>.</para>");
    assert_contains(msg, "report/facts.xml:2: <ref to=\"nowhere\"/>: this document has no "
                         "block with that id");
    g_free(msg);
}
END_TEST

START_TEST(an_id_names_one_block)
{
    /* A section and its heading both given the data's id: the second is named. */
    char *msg = merge_error("<for-each select='$facts/part'>\n<section id='{@id}'>\n"
                            "<heading id='{@id}'><value of='.'/></heading></section>"
                            "</for-each>",
                            "<part id='costs'>Costs</part>");
    assert_contains(msg, "templates/t.xml:3: the id \"costs\" is also the id of the section "
                         "of line 2; an id names one block: give this one another id");
    g_free(msg);
    /* Two paragraphs of the data with one id. */
    msg = merge_error("<for-each select='$facts/p'>\n<para id='{@id}'>x</para></for-each>",
                      "<p id='a'/><p id='a'/>");
    assert_contains(msg, "templates/t.xml:2: the id \"a\" is also the id of the paragraph "
                         "of line 2");
    g_free(msg);
}
END_TEST

START_TEST(lettered_recommendations_with_sub_items)
{
    char *text = merge_text(
        "<para>That Cabinet:</para>"
        "<list kind='ordered' numbering='letters'>"
        "<for-each select='$facts/rec'><item><rich of='.'/>"
        "<if test='item'><list kind='ordered' numbering='letters'>"
        "<for-each select='item'><item><rich of='.'/></item></for-each></list></if>"
        "</item></for-each></list>",
        "<rec>approves the plan;</rec><rec>delegates to the Director:"
        "<item>minor changes;</item><item>the timetable.</item></rec>");
    assert_contains(text, "(a)  approves the plan;");
    assert_contains(text, "(b)  delegates to the Director:");
    assert_contains(text, "(i)  minor changes;"); /* the sub-items, not in (b)'s words */
    assert_contains(text, "(ii)  the timetable.");
    g_free(text);
    char *msg = merge_error("<list numbering='letters'><item>x</item></list>", "");
    assert_contains(msg, "numbering=\"letters\" is for ordered lists");
    g_free(msg);
    msg = merge_error("<list kind='ordered' numbering='roman'><item>x</item></list>", "");
    assert_contains(msg, "templates/t.xml:1: the list numbering \"roman\" is not in the house "
                         "style (it has decimal, letters)");
    g_free(msg);
}
END_TEST

START_TEST(tables_signature_and_motion)
{
    char *text = merge_text(
        "<table widths='1 2'><row header='yes'><cell>Theme</cell><cell>Plan</cell></row>"
        "<for-each select='$facts/t'><row><cell><value of='@n'/></cell><cell><value of='.'/>"
        "</cell></row></for-each></table>"
        "<motion><para>(Motion:-</para><para>That it be approved).</para></motion>"
        "<signature><left>1st May 2020</left><right><para>A. Name</para><para>Leader</para>"
        "</right></signature>",
        "<t n='ASB'>CSP plans</t>");
    ck_assert_str_eq(text, "Theme                      Plan\n"
                           "-------------------------  ---------------------------------------------------\n"
                           "ASB                        CSP plans\n\n(Motion:-\n\nThat it be approved).\n\n"
                           "1st May 2020                            A. Name\n"
                           "                                        Leader\n");
    g_free(text);
}
END_TEST

/* A table's caption is an attribute value template, printed above it. */
START_TEST(a_table_has_its_caption)
{
    char *text = merge_text(
        "<table caption='Plans: {count($facts/t)} themes'><row header='yes'><cell>Theme</cell>"
        "</row><row><cell><value of='$facts/t'/></cell></row></table>",
        "<t n='ASB'>CSP plans</t>");
    ck_assert_str_eq(text, "Plans: 1 themes\n"
                           "Theme\n"
                           "------------------------------------------------------------------------------\n"
                           "CSP plans\n");
    g_free(text);
    char *msg = merge_error("<table caption='{$facts/none}'><row><cell>x</cell></row></table>",
                            "<t n='ASB'>CSP plans</t>");
    assert_contains(msg, "templates/t.xml:1:");
    g_free(msg);
}
END_TEST

/* ---- errors ----------------------------------------------------------- */

START_TEST(unknown_template_element_names_line)
{
    char *msg = merge_error("\n<para>ok</para>\n<paragraph>bad</paragraph>", "");
    assert_contains(msg, "templates/t.xml:3: ");
    assert_contains(msg, "paragraph");
    g_free(msg);
}
END_TEST

START_TEST(bad_expression_names_line_and_expression)
{
    char *msg = merge_error("\n\n<para><value of='$facts/name['/></para>", "<name>x</name>");
    assert_contains(msg, "templates/t.xml:3: ");
    assert_contains(msg, "$facts/name[");
    g_free(msg);
}
END_TEST

START_TEST(missing_value_is_an_error_unless_optional)
{
    char *msg = merge_error("<para>\n<value of='$facts/nothing'/></para>", "<name>x</name>");
    assert_contains(msg, "templates/t.xml:2: '$facts/nothing' selects nothing");
    g_free(msg);
    char *text = merge_text("<para>a<value of='$facts/nothing' optional='yes'/>b</para>", "");
    ck_assert_str_eq(text, "ab\n");
    g_free(text);
}
END_TEST

START_TEST(undefined_variable_is_an_error)
{
    char *msg = merge_error("<para><value of='$nosuch/x'/></para>", "");
    ck_assert_str_eq(msg, "templates/t.xml:1: unknown variable $nosuch in '$nosuch/x'; this "
                          "document's variables are $report, $facts (a data file the "
                          "document lists in report.xml, by its name)");
    g_free(msg);
}
END_TEST

START_TEST(unknown_function_is_named_with_the_known_ones)
{
    char *msg = merge_error("<para><value of='upper(formatdate($facts/d, \"[D]\"))'/></para>",
                            "<d>2019-01-01</d>");
    ck_assert_str_eq(msg, "templates/t.xml:1: unknown function formatdate() in "
                          "'upper(formatdate($facts/d, \"[D]\"))'; the functions are "
                          "format-date(), ordinal(), weeks-between(), days-between(), "
                          "percent(), upper(), lower(), join(), current() and XPath 1.0's own "
                          "(count(), concat(), substring() ...)");
    g_free(msg);
}
END_TEST

START_TEST(bad_date_in_data_names_data_line)
{
    char *msg = merge_error("\n<para><value of=\"format-date($facts/d, '[D]')\"/></para>",
                            "\n\n<d>2019-02-30</d>");
    assert_contains(msg, "report/facts.xml:3: format-date: '2019-02-30' is not a date");
    assert_contains(msg, "templates/t.xml:2");
    g_free(msg);
}
END_TEST

START_TEST(shape_errors_name_line)
{
    char *msg = merge_error("<motion>\n<list><item>x</item></list></motion>", "");
    assert_contains(msg, "templates/t.xml:2: <list> cannot go here");
    g_free(msg);
}
END_TEST

START_TEST(for_each_needs_nodes)
{
    char *msg = merge_error("<for-each select='1 + 1'><para>x</para></for-each>", "");
    assert_contains(msg, "templates/t.xml:1: for-each select='1 + 1' must select nodes");
    g_free(msg);
}
END_TEST

START_TEST(malformed_data_names_file_and_line)
{
    char *msg = merge_error("<para>x</para>", "\n<name>x</nam>");
    assert_contains(msg, "report/facts.xml:2: ");
    g_free(msg);
}
END_TEST

/* ---- the input loader ------------------------------------------------ */

START_TEST(loader_reads_manifest_and_data)
{
    sandbox sb = sandbox_new("<para>x</para>", "<name>x</name>");
    GError *error = NULL;
    inputs_report *r = inputs_load(sb.input, &(inputs_home){sb.templates, sb.schemas, NULL, NULL}, &error);
    ck_assert_msg(r != NULL, "%s", error ? error->message : "");
    ck_assert_str_eq(r->name, "report");
    ck_assert_uint_eq(r->documents->len, 1);
    const inputs_document *d = g_ptr_array_index(r->documents, 0);
    ck_assert_str_eq(d->output, "paper");
    ck_assert_str_eq(d->template_file, "t.xml");
    ck_assert_str_eq(d->title, "The Paper");
    ck_assert_str_eq(d->appendix, "A");
    ck_assert_uint_eq(d->data->len, 1);
    ck_assert_str_eq(g_ptr_array_index(d->data, 0), "facts");
    xmlDocPtr facts = inputs_data(r, "facts");
    ck_assert_ptr_nonnull(facts);
    ck_assert_str_eq((const char *)xmlDocGetRootElement(facts)->name, "facts");
    ck_assert_ptr_null(inputs_data(r, "meeting"));
    inputs_free(r);
    sandbox_free(&sb);
}
END_TEST

START_TEST(loader_missing_data_file_names_manifest_line)
{
    sandbox sb = sandbox_new("<para>x</para>", "");
    char *path = g_build_filename(sb.input, "facts.xml", NULL);
    g_unlink(path);
    GError *error = NULL;
    ck_assert_ptr_null(inputs_load(sb.input, &(inputs_home){sb.templates, sb.schemas, NULL, NULL}, &error));
    char *expected = g_strdup_printf("%s/report.xml:3: data file", sb.input);
    ck_assert_msg(g_str_has_prefix(error->message, expected), "got %s", error->message);
    g_free(expected);
    g_error_free(error);
    g_free(path);
    sandbox_free(&sb);
}
END_TEST

START_TEST(loader_unknown_kind_of_data)
{
    sandbox sb = sandbox_new("<para>x</para>", "");
    write_file(sb.input, "facts.xml", "<?xml version='1.0'?>\n<mystery/>\n");
    GError *error = NULL;
    ck_assert_ptr_null(inputs_load(sb.input, &(inputs_home){sb.templates, sb.schemas, NULL, NULL}, &error));
    ck_assert_msg(strstr(error->message, "facts.xml:2: no schema for data of kind <mystery>"),
                  "got %s", error->message);
    g_error_free(error);
    sandbox_free(&sb);
}
END_TEST

/* An unknown profile's message lists the profiles there are, in order,
 * whatever order the folder gives them in. */
START_TEST(loader_unknown_profile_lists_profiles_sorted)
{
    sandbox sb = sandbox_new("<para>x</para>", "");
    char *profiles = g_build_filename(sb.root, "profiles", NULL);
    const char *names[] = {"zeta", "alpha", "mid", "beta-council", "kappa"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *dir = g_build_filename(profiles, names[i], NULL);
        g_mkdir_with_parents(dir, 0755);
        g_free(dir);
    }
    write_file(sb.input, "report.xml",
               "<report profile='nope'>\n"
               "  <document output='paper' template='t.xml' title='The Paper'>\n"
               "    <data file='facts.xml'/>\n"
               "  </document>\n"
               "</report>\n");
    GError *error = NULL;
    ck_assert_ptr_null(
        inputs_load(sb.input, &(inputs_home){sb.templates, sb.schemas, profiles, NULL}, &error));
    ck_assert_msg(strstr(error->message, "report.xml:1: there is no profile \"nope\" (the "
                                         "profiles are: alpha, beta-council, kappa, mid, zeta)"),
                  "got %s", error->message);
    g_error_free(error);
    g_free(profiles);
    sandbox_free(&sb);
}
END_TEST

START_TEST(loader_refuses_a_doctype)
{
    sandbox sb = sandbox_new("<para>x</para>", "");
    write_file(sb.input, "facts.xml",
               "<?xml version='1.0'?>\n<!DOCTYPE facts [<!ENTITY e 'boom'>]>\n<facts>&e;</facts>\n");
    GError *error = NULL;
    ck_assert_ptr_null(inputs_load(sb.input, &(inputs_home){sb.templates, sb.schemas, NULL, NULL}, &error));
    /* The line of the DOCTYPE itself. */
    ck_assert_msg(strstr(error->message, "facts.xml:2: a DOCTYPE is not allowed"), "got %s",
                  error->message);
    g_error_free(error);
    sandbox_free(&sb);
}
END_TEST

/* ---- exempt information ------------------------------------------------------ */

/* Merge template + facts (with report.xml replaced when manifest_xml is
 * not NULL) and dump the tree. */
static char *merge_dump(const char *template_body, const char *facts_body,
                        const char *manifest_xml)
{
    sandbox sb = sandbox_new(template_body, facts_body);
    if (manifest_xml)
        write_file(sb.input, "report.xml", manifest_xml);
    GError *error = NULL;
    doc_document *doc = merge(&sb, &error);
    ck_assert_msg(doc != NULL, "merge failed: %s", error ? error->message : "");
    char *dump = doc_document_dump(doc);
    doc_document_free(doc);
    sandbox_free(&sb);
    return dump;
}

static void assert_lacks(const char *text, const char *part)
{
    ck_assert_msg(strstr(text, part) == NULL, "did not expect '%s' in:\n%s", part, text);
}

START_TEST(exempt_marks_in_data_reach_the_tree)
{
    char *dump = merge_dump(
        "<para>Awarded to <value of='$facts/supplier'/> for five years.</para>"
        "<para><rich of='$facts/prose'/></para>"
        "<table><for-each select='$facts/line'><row><cell><value of='.'/></cell>"
        "<cell><value of='@cost'/></cell></row></for-each>"
        "<row><cell>Total</cell><cell><value of='sum($facts/line/@cost)'/></cell></row></table>"
        "<if test='$facts/supplier = \"Acme Ltd\"'><para>Chosen by the test.</para></if>"
        "<para><link href='{$facts/site}'>their site</link> and "
        "<link href='https://example.org/'>ours</link></para>"
        "<para id='{$facts/supplier/@id}'>public words</para>"
        "<numbered exempt='2'>Template block.</numbered>",
        "<supplier exempt='3' id='acme'>Acme Ltd</supplier>"
        "<prose>Public start, <exempt paragraph='1'>Mrs Smith</exempt>, public end.</prose>"
        "<line cost='10'>Vans</line><line cost='20' exempt='3'>Secret line</line>"
        "<site exempt='3'>https://acme.example/</site>",
        NULL);
    assert_contains(dump, "<text>Awarded to </text>\n    <exempt paragraph=\"3\">\n"
                          "      <text>Acme Ltd</text>");
    assert_contains(dump, "<exempt paragraph=\"1\">\n      <text>Mrs Smith</text>");
    assert_contains(dump, "<row id=\"doc/table-1/row-2\" exempt=\"3\">"); /* the secret line */
    assert_lacks(dump, "<row id=\"doc/table-1/row-1\" exempt");
    assert_lacks(dump, "<text>Secret line</text>\n          </exempt>"); /* marked once */
    assert_contains(dump, "paragraph-1\" exempt=\"3\">\n          <text>30</text>"); /* its sum */
    assert_contains(dump, "<text>Chosen by the test.</text>");
    assert_contains(dump, "<paragraph id=\"doc/paragraph-3\" exempt=\"3\">"); /* the if's */
    assert_contains(dump, "<exempt paragraph=\"3\">\n      <link url=\"https://acme.example/\">");
    assert_contains(dump, "<link url=\"https://example.org/\">");
    assert_contains(dump, "<paragraph id=\"acme\" id-exempt=\"3\">"); /* an exempt id */
    assert_contains(dump, "<numbered id=\"doc/numbered-1\" number-level=\"1\" label=\"1.\" "
                          "exempt=\"2\">");
    g_free(dump);
}
END_TEST

START_TEST(exempt_properties_and_documents)
{
    char *dump = merge_dump(
        "<meta title='{$facts/title}' subject='Public subject'/>"
        "<para><value of='$report/document/@title'/> (Appendix "
        "<value of='$report/document/@appendix'/>)</para>",
        "<title exempt='3'>Secret title</title>",
        "<report><document output='paper' template='t.xml' title='Secret prices' appendix='3'"
        " exempt='3'><data file='facts.xml'/></document></report>");
    assert_contains(dump, "<document title=\"Secret title\" subject=\"Public subject\" "
                          "exempt-title=\"3\" exempt=\"3\">");
    /* The whole document is exempt: its parts need no marks of their own. */
    assert_lacks(dump, "<exempt paragraph");
    g_free(dump);
    /* Another document printing an exempt document's title: exempt there,
     * its appendix label not. */
    dump = merge_dump(
        "<para>See <value of=\"$report/document[@output = 'prices']/@title\"/> (Appendix "
        "<value of=\"$report/document[@output = 'prices']/@appendix\"/>).</para>",
        "<x/>",
        "<report><document output='paper' template='t.xml' title='Paper'>"
        "<data file='facts.xml'/></document>"
        "<document output='prices' template='t.xml' title='Secret prices' appendix='3'"
        " exempt='3'><data file='facts.xml'/></document></report>");
    assert_contains(dump, "<exempt paragraph=\"3\">\n      <text>Secret prices</text>");
    assert_contains(dump, "<text> (Appendix 3).</text>");
    g_free(dump);
}
END_TEST

START_TEST(exempt_values_are_checked)
{
    char *msg = merge_error("<para><value of='$facts/a'/></para>", "\n<a exempt='yes'>x</a>");
    assert_contains(msg, "report/facts.xml:2: <a exempt=\"yes\">: not a paragraph of "
                         "Schedule 12A; exempt information is marked with the paragraph of "
                         "Part 1 of Schedule 12A to the Local Government Act 1972 that "
                         "applies, a number from 1 to 7 (1: about a particular individual;");
    g_free(msg);
    msg = merge_error("<para><value of='$facts/a'/></para>", "<a exempt='8'>x</a>");
    assert_contains(msg, "<a exempt=\"8\">: not a paragraph of Schedule 12A");
    g_free(msg);
    /* Prose markup is checked by the schema, with the same advice. */
    sandbox sb = sandbox_new("<para><rich of='$facts/p'/></para>",
                             "<p>Words <exempt paragraph='9'>here</exempt></p>");
    write_file(sb.schemas, "facts.xsd",
               "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"
               "<xs:include schemaLocation='common.xsd'/>"
               "<xs:element name='facts'><xs:complexType><xs:sequence>"
               "<xs:element name='p' type='prose'/></xs:sequence></xs:complexType>"
               "</xs:element></xs:schema>");
    GError *error = NULL;
    ck_assert(merge(&sb, &error) == NULL);
    assert_contains(error->message, "attribute 'paragraph'");
    assert_contains(error->message, "; exempt information is marked with the paragraph");
    g_clear_error(&error);
    sandbox_free(&sb);
    /* A template block: the template schema says the same. */
    msg = merge_error("<para exempt='yes'>x</para>", "<a/>");
    assert_contains(msg, "templates/t.xml:1:");
    assert_contains(msg, "exempt is the paragraph of Part 1 of Schedule 12A");
    g_free(msg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("merge");
    TCase *tc = tcase_create("engine");
    tcase_add_test(tc, loops_with_position_and_last);
    tcase_add_test(tc, conditionals);
    tcase_add_test(tc, white_space_is_folded);
    tcase_add_test(tc, flow_gathers_paragraphs_and_nests_lists);
    tcase_add_test(tc, numbering_runs_across_sections);
    tcase_add_test(tc, white_space_after_a_final_link_keeps_the_paragraph);
    tcase_add_test(tc, rich_prose_links_and_ids);
    tcase_add_test(tc, tables_signature_and_motion);
    tcase_add_test(tc, a_table_has_its_caption);
    tcase_add_test(tc, cross_references_name_the_numbered_paragraph);
    tcase_add_test(tc, an_id_names_one_block);
    tcase_add_test(tc, lettered_recommendations_with_sub_items);
    tcase_add_test(tc, prose_names_appendices_from_the_manifest);
    tcase_add_test(tc, exempt_marks_in_data_reach_the_tree);
    tcase_add_test(tc, exempt_properties_and_documents);
    tcase_add_test(tc, exempt_values_are_checked);
    suite_add_tcase(s, tc);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, unknown_template_element_names_line);
    tcase_add_test(errors, bad_expression_names_line_and_expression);
    tcase_add_test(errors, missing_value_is_an_error_unless_optional);
    tcase_add_test(errors, undefined_variable_is_an_error);
    tcase_add_test(errors, unknown_function_is_named_with_the_known_ones);
    tcase_add_test(errors, bad_date_in_data_names_data_line);
    tcase_add_test(errors, shape_errors_name_line);
    tcase_add_test(errors, for_each_needs_nodes);
    tcase_add_test(errors, malformed_data_names_file_and_line);
    suite_add_tcase(s, errors);
    TCase *loader = tcase_create("inputs");
    tcase_add_test(loader, loader_reads_manifest_and_data);
    tcase_add_test(loader, loader_missing_data_file_names_manifest_line);
    tcase_add_test(loader, loader_unknown_kind_of_data);
    tcase_add_test(loader, loader_refuses_a_doctype);
    tcase_add_test(loader, loader_unknown_profile_lists_profiles_sorted);
    suite_add_tcase(s, loader);
    return testutil_run(s);
}
