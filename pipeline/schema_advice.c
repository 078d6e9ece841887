/*
 * schema_advice.c - what to write instead of a refused value (see
 * schema_advice.h).
 */
#include "schema_advice.h"
#include "xmlload.h"

#include <libxml/parser.h>
#include <string.h>

/* A schema and the files it includes: ours include one; a council's may
 * include a few.  Past this many the rest are not read for advice. */
#define ADVICE_MAX_SCHEMAS 32
/* Schema elements nest a few levels (element, complexType, sequence, ...);
 * a search goes no deeper, and follows at most this many base types. */
#define ADVICE_MAX_DEPTH 64
#define ADVICE_MAX_BASES 8

static const struct {
    const char *type;
    const char *advice;
} builtins[] = {
    {"xs:date", "dates are written YYYY-MM-DD, e.g. 2019-11-11"},
    {"xs:dateTime", "a date and time is written YYYY-MM-DDTHH:MM:SS, e.g. 2019-11-11T18:30:00"},
    {"xs:time", "a time is written HH:MM:SS, e.g. 18:30:00"},
    {"xs:gYear", "a year is written with four digits, e.g. 2019"},
    {"xs:gYearMonth", "a month is written YYYY-MM, e.g. 2019-11"},
    {"xs:nonNegativeInteger", "write a whole number, 0 or more, in digits only, e.g. 11"},
    {"xs:positiveInteger", "write a whole number, 1 or more, in digits only, e.g. 3"},
    {"xs:integer", "write a whole number in digits only, e.g. 12 or -3"},
    {"xs:decimal", "write a number in digits with a decimal point, e.g. 12.5 (no commas, "
                   "units or %)"},
    {"xs:boolean", "write true or false"},
    {"xs:anyURI", "write a web address, e.g. https://www.example.gov.uk/page"},
};

const char *schema_builtin_advice(const char *type)
{
    for (size_t i = 0; i < G_N_ELEMENTS(builtins); i++)
        if (g_str_equal(type, builtins[i].type))
            return builtins[i].advice;
    return NULL;
}

/* ---- the schema files ------------------------------------------------------ */

static bool is_xs(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && g_str_equal(n->name, name) && n->ns &&
           g_str_equal(n->ns->href, "http://www.w3.org/2001/XMLSchema");
}

static void load_schemas(GPtrArray *docs, GHashTable *seen, const char *path,
                         const char *home)
{
    if (docs->len >= ADVICE_MAX_SCHEMAS || g_hash_table_contains(seen, path))
        return;
    g_hash_table_add(seen, g_strdup(path));
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        return;
    }
    g_ptr_array_add(docs, doc);
    char *dir = g_path_get_dirname(path);
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (!is_xs(c, "include") && !is_xs(c, "redefine"))
            continue;
        char *location = xmlload_attr(c, "schemaLocation");
        char *file = location ? g_build_filename(dir, location, NULL) : NULL;
        if (file && !g_file_test(file, G_FILE_TEST_IS_REGULAR) && home) {
            char *base = g_path_get_basename(location);
            g_free(file);
            file = g_build_filename(home, base, NULL);
            g_free(base);
        }
        if (file)
            load_schemas(docs, seen, file, home);
        g_free(file);
        xmlFree(location);
    }
    g_free(dir);
}

/* The xs:documentation of a declaration or type, white space folded. */
static char *documentation(xmlNodePtr n)
{
    for (xmlNodePtr a = n ? n->children : NULL; a; a = a->next)
        for (xmlNodePtr d = is_xs(a, "annotation") ? a->children : NULL; d; d = d->next)
            if (is_xs(d, "documentation")) {
                char *text = xmlload_folded_text(d);
                if (*text)
                    return text;
                g_free(text);
            }
    return NULL;
}

static xmlNodePtr child_xs(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_xs(c, name))
            return c;
    return NULL;
}

/* A top-level xs:simpleType by name (a prefix is dropped: our schemas have
 * no target namespace). */
static xmlNodePtr find_type(const GPtrArray *docs, const char *name)
{
    const char *colon = strchr(name, ':');
    const char *local = colon ? colon + 1 : name;
    for (guint i = 0; i < docs->len; i++) {
        xmlNodePtr root = xmlDocGetRootElement(g_ptr_array_index(docs, i));
        for (xmlNodePtr c = root->children; c; c = c->next) {
            char *n = is_xs(c, "simpleType") ? xmlload_attr(c, "name") : NULL;
            bool found = n && g_str_equal(n, local);
            xmlFree(n);
            if (found)
                return c;
        }
    }
    return NULL;
}

static char *type_advice(const GPtrArray *docs, const char *type, int bases);

/* A simple type's own words, else its base type's. */
static char *simple_type_advice(const GPtrArray *docs, xmlNodePtr st, int bases)
{
    char *text = documentation(st);
    xmlNodePtr restriction = child_xs(st, "restriction");
    char *base = !text && restriction ? xmlload_attr(restriction, "base") : NULL;
    if (base)
        text = type_advice(docs, base, bases + 1);
    xmlFree(base);
    return text;
}

static char *type_advice(const GPtrArray *docs, const char *type, int bases)
{
    if (bases > ADVICE_MAX_BASES)
        return NULL;
    if (g_str_has_prefix(type, "xs:")) {
        const char *advice = schema_builtin_advice(type);
        return advice ? g_strdup(advice) : NULL;
    }
    xmlNodePtr st = find_type(docs, type);
    return st ? simple_type_advice(docs, st, bases) : NULL;
}

/* The declaration's words, else its type's (named, inline, or the base of
 * an element with text and attributes). */
static char *declaration_advice(const GPtrArray *docs, xmlNodePtr decl)
{
    char *text = documentation(decl);
    char *type = text ? NULL : xmlload_attr(decl, "type");
    if (type)
        text = type_advice(docs, type, 0);
    xmlFree(type);
    xmlNodePtr inline_type = text ? NULL : child_xs(decl, "simpleType");
    if (inline_type)
        text = simple_type_advice(docs, inline_type, 0);
    xmlNodePtr content = text ? NULL : child_xs(child_xs(decl, "complexType"), "simpleContent");
    xmlNodePtr extension = child_xs(content, "extension");
    char *base = extension ? xmlload_attr(extension, "base") : NULL;
    if (base)
        text = type_advice(docs, base, 0);
    xmlFree(base);
    return text;
}

static bool has_name(xmlNodePtr n, const char *kind, const char *name)
{
    if (!is_xs(n, kind))
        return false;
    char *v = xmlload_attr(n, "name");
    bool same = v && g_str_equal(v, name);
    xmlFree(v);
    return same;
}

/* The declaration of element (or of its attribute, when attribute is not
 * NULL) in n's subtree; *inside: found inside a declaration of element. */
static xmlNodePtr find_declaration(xmlNodePtr n, const char *element, const char *attribute,
                                   bool in_element, int depth, bool *inside)
{
    if (depth > ADVICE_MAX_DEPTH)
        return NULL;
    xmlNodePtr fallback = NULL;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        bool is_element = has_name(c, "element", element);
        if (attribute ? has_name(c, "attribute", attribute) : is_element) {
            *inside = in_element;
            if (in_element || !attribute)
                return c;
            fallback = fallback ? fallback : c;
        }
        bool deeper_inside = false;
        xmlNodePtr found = find_declaration(c, element, attribute, in_element || is_element,
                                            depth + 1, &deeper_inside);
        if (found && deeper_inside) {
            *inside = true;
            return found;
        }
        fallback = fallback ? fallback : found;
    }
    *inside = false;
    return fallback;
}

/* ---- the message ---------------------------------------------------------- */

/* The text between "<before>'" and the next "'", or NULL.  Caller frees. */
static char *quoted_after(const char *message, const char *before)
{
    const char *at = strstr(message, before);
    if (!at)
        return NULL;
    at += strlen(before);
    const char *end = strchr(at, '\'');
    return end ? g_strndup(at, (gsize)(end - at)) : NULL;
}

static bool is_value_error(const char *message)
{
    return strstr(message, "[facet '") || strstr(message, "is not a valid value of");
}

char *schema_advice(const char *schema_path, const char *schema_home,
                    const schema_error *errors, int n_errors)
{
    if (n_errors < 1 || !is_value_error(errors[0].message))
        return NULL;
    GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeDoc);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    load_schemas(docs, seen, schema_path, schema_home);
    char *advice = NULL;
    /* A later error of the same line may name the type the facet belongs to. */
    for (int i = 0; i < n_errors && !advice; i++) {
        if (errors[i].line != errors[0].line)
            continue;
        char *type = quoted_after(errors[i].message, "atomic type '");
        if (type)
            advice = type_advice(docs, type, 0);
        g_free(type);
    }
    char *element = advice ? NULL : quoted_after(errors[0].message, "Element '");
    char *attribute = element ? quoted_after(errors[0].message, "attribute '") : NULL;
    for (guint i = 0; element && !advice && i < docs->len; i++) {
        bool inside = false;
        xmlNodePtr decl = find_declaration(xmlDocGetRootElement(g_ptr_array_index(docs, i)),
                                           element, attribute, false, 0, &inside);
        if (decl)
            advice = declaration_advice(docs, decl);
    }
    g_free(element);
    g_free(attribute);
    g_hash_table_destroy(seen);
    g_ptr_array_free(docs, TRUE);
    return advice;
}

char *schema_type_advice(const char *schema_path, const char *schema_home, const char *type)
{
    GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeDoc);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    load_schemas(docs, seen, schema_path, schema_home);
    char *advice = type_advice(docs, type, 0);
    g_hash_table_destroy(seen);
    g_ptr_array_free(docs, TRUE);
    return advice;
}
