/* test_vocabulary.c - the template language is described three times: the
 * engine's table (merge_vocabulary), the template schema and
 * templates/README.md.  These tests hold the three together: the same
 * element names everywhere, and each place (blocks, flow, inline, items,
 * rows, cells) allowing the same elements in the schema as in the engine. */
#include "merge.h"
#include "testutil.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#define XS "http://www.w3.org/2001/XMLSchema"

static xmlDocPtr load_schema(void)
{
    char *path = g_build_filename(PAPERS_HOME, "schemas", "template.xsd", NULL);
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    ck_assert_msg(doc != NULL, "cannot read %s", path);
    g_free(path);
    return doc;
}

static xmlXPathObjectPtr query(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr x = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(x, (const xmlChar *)"xs", (const xmlChar *)XS);
    xmlXPathObjectPtr obj = xmlXPathEval((const xmlChar *)expr, x);
    xmlXPathFreeContext(x);
    ck_assert_msg(obj && obj->type == XPATH_NODESET, "bad query %s", expr);
    return obj;
}

/* Sorted, comma-separated, for comparing sets with readable failures. */
static char *joined(GHashTable *set)
{
    GList *keys = g_list_sort(g_hash_table_get_keys(set), (GCompareFunc)strcmp);
    GString *out = g_string_new(NULL);
    for (GList *k = keys; k; k = k->next)
        g_string_append_printf(out, "%s%s", out->len ? "," : "", (char *)k->data);
    g_list_free(keys);
    return g_string_free(out, FALSE);
}

static GHashTable *new_set(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void add_name(GHashTable *set, const xmlChar *name)
{
    g_hash_table_add(set, g_strdup((const char *)name));
}

/* The elements a schema group allows directly, following group refs. */
static void group_elements(xmlDocPtr doc, const char *group, GHashTable *into)
{
    char *expr = g_strdup_printf("/xs:schema/xs:group[@name='%s']/xs:choice/*", group);
    xmlXPathObjectPtr obj = query(doc, expr);
    for (int i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr; i++) {
        xmlNodePtr n = obj->nodesetval->nodeTab[i];
        xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
        xmlChar *ref = xmlGetProp(n, (const xmlChar *)"ref");
        if (xmlStrEqual(n->name, (const xmlChar *)"element") && name)
            add_name(into, name);
        else if (xmlStrEqual(n->name, (const xmlChar *)"group") && ref)
            group_elements(doc, (const char *)ref, into);
        xmlFree(name);
        xmlFree(ref);
    }
    xmlXPathFreeObject(obj);
    g_free(expr);
}

/* The engine's elements allowed in a place. */
static GHashTable *engine_elements(merge_mode mode)
{
    GHashTable *set = new_set();
    size_t n = 0;
    const merge_element *v = merge_vocabulary(&n);
    for (size_t i = 0; i < n; i++)
        if (v[i].places & (1u << mode))
            add_name(set, (const xmlChar *)v[i].name);
    return set;
}

static void assert_same(GHashTable *a, GHashTable *b, const char *what)
{
    char *sa = joined(a), *sb = joined(b);
    ck_assert_msg(g_str_equal(sa, sb), "%s differ:\n  engine: %s\n  other:  %s", what, sa, sb);
    g_free(sa);
    g_free(sb);
}

START_TEST(every_place_allows_the_same_elements)
{
    static const struct {
        merge_mode mode;
        const char *group;
    } places[] = {{MODE_BLOCKS, "blocks"}, {MODE_FLOW, "flow"},  {MODE_INLINE, "inline"},
                  {MODE_ITEMS, "items"},   {MODE_ROWS, "rows"}, {MODE_CELLS, "cells"}};
    xmlDocPtr doc = load_schema();
    for (size_t i = 0; i < G_N_ELEMENTS(places); i++) {
        GHashTable *schema = new_set();
        group_elements(doc, places[i].group, schema);
        GHashTable *engine = engine_elements(places[i].mode);
        char *what = g_strdup_printf("elements allowed in '%s'", places[i].group);
        assert_same(engine, schema, what);
        g_free(what);
        g_hash_table_destroy(schema);
        g_hash_table_destroy(engine);
    }
    xmlFreeDoc(doc);
}
END_TEST

START_TEST(schema_declares_every_element_and_no_other)
{
    xmlDocPtr doc = load_schema();
    xmlXPathObjectPtr obj = query(doc, "//xs:element/@name");
    GHashTable *schema = new_set();
    for (int i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr; i++)
        add_name(schema, obj->nodesetval->nodeTab[i]->children->content);
    xmlXPathFreeObject(obj);
    GHashTable *engine = new_set();
    size_t n = 0;
    const merge_element *v = merge_vocabulary(&n);
    for (size_t i = 0; i < n; i++)
        add_name(engine, (const xmlChar *)v[i].name);
    assert_same(engine, schema, "element names (engine, template.xsd)");
    g_hash_table_destroy(schema);
    g_hash_table_destroy(engine);
    xmlFreeDoc(doc);
}
END_TEST

START_TEST(readme_documents_every_element)
{
    char *path = g_build_filename(PAPERS_HOME, "templates", "README.md", NULL);
    char *text = testutil_read(path, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    /* Table rows that document an element start "| `<name". */
    GHashTable *readme = new_set();
    GRegex *row = g_regex_new("^\\| `<([a-z-]+)", G_REGEX_MULTILINE, 0, NULL);
    GMatchInfo *m = NULL;
    for (g_regex_match(row, text, 0, &m); g_match_info_matches(m); g_match_info_next(m, NULL)) {
        char *name = g_match_info_fetch(m, 1);
        add_name(readme, (const xmlChar *)name);
        g_free(name);
    }
    g_match_info_free(m);
    g_regex_unref(row);
    GHashTable *engine = new_set();
    size_t n = 0;
    const merge_element *v = merge_vocabulary(&n);
    for (size_t i = 0; i < n; i++)
        add_name(engine, (const xmlChar *)v[i].name);
    assert_same(engine, readme, "element names (engine, templates/README.md tables)");
    g_hash_table_destroy(readme);
    g_hash_table_destroy(engine);
    g_free(text);
    g_free(path);
}
END_TEST

/* A table's attributes (its caption among them) are declared by the
 * schema and shown in the README's row for <table>; the engine reads them
 * (test_merge.c: a_table_has_its_caption). */
START_TEST(table_attributes_are_documented)
{
    xmlDocPtr doc = load_schema();
    xmlXPathObjectPtr obj =
        query(doc, "/xs:schema/xs:complexType[@name='table']/xs:attribute/@name");
    char *path = g_build_filename(PAPERS_HOME, "templates", "README.md", NULL);
    char *text = testutil_read(path, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    const char *row = strstr(text, "| `<table ");
    ck_assert_msg(row != NULL, "templates/README.md has no row for <table>");
    char *line = g_strndup(row, strcspn(row, "\n"));
    int n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
    ck_assert_int_ge(n, 3);
    for (int i = 0; i < n; i++) {
        const char *name = (const char *)obj->nodesetval->nodeTab[i]->children->content;
        char *mention = g_strconcat(name, "=", NULL);
        ck_assert_msg(strstr(line, mention), "<table %s> is not in the README row: %s", name,
                      line);
        g_free(mention);
    }
    xmlXPathObjectPtr caption =
        query(doc, "/xs:schema/xs:complexType[@name='table']/xs:attribute[@name='caption']");
    ck_assert_int_eq(caption->nodesetval ? caption->nodesetval->nodeNr : 0, 1);
    xmlXPathFreeObject(caption);
    g_free(line);
    g_free(text);
    g_free(path);
    xmlXPathFreeObject(obj);
    xmlFreeDoc(doc);
}
END_TEST

START_TEST(every_engine_element_has_a_handler)
{
    size_t n = 0;
    const merge_element *v = merge_vocabulary(&n);
    for (size_t i = 0; i < n; i++) {
        bool handled = v[i].kind == MERGE_ROOT || v[i].handle || v[i].control ||
                       g_str_equal(v[i].name, "when") || g_str_equal(v[i].name, "otherwise");
        ck_assert_msg(handled, "<%s> has no handler", v[i].name);
        ck_assert_msg(v[i].makes && *v[i].makes, "<%s> does not say what it makes", v[i].name);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vocabulary");
    TCase *tc = tcase_create("template language");
    tcase_add_test(tc, every_place_allows_the_same_elements);
    tcase_add_test(tc, schema_declares_every_element_and_no_other);
    tcase_add_test(tc, readme_documents_every_element);
    tcase_add_test(tc, every_engine_element_has_a_handler);
    tcase_add_test(tc, table_attributes_are_documented);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
