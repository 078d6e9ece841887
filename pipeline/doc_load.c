/*
 * doc_load.c - a tree dump read back into a tree (doc_document_load in
 * doc.h).
 *
 * The dump is this program's own canonical XML (doc.c), kept in every
 * archived version; a later build or `papers diff` reads the old version's
 * tree from it.  Reading is strict: an element or attribute the dump does
 * not write, a value out of range or a child its parent cannot hold is an
 * error naming the line, never a guess, so a damaged or foreign file cannot
 * pass for a document.  Dumps written before the dump held every property
 * (the first archived versions) lack some attributes; what is missing takes
 * the builder's default, which is what those documents had unless their
 * templates said otherwise.
 *
 * Elements are read with an explicit stack, not recursion, like every walk
 * of the tree.
 */
#include "doc_private.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

typedef struct {
    doc_document *doc;
    const char *name;
    GError *error;
} load_state;

static void G_GNUC_PRINTF(3, 4) load_fail(load_state *st, xmlNodePtr at, const char *fmt, ...)
{
    if (st->error)
        return;
    va_list args;
    va_start(args, fmt);
    char *what = g_strdup_vprintf(fmt, args);
    va_end(args);
    g_set_error(&st->error, DOC_ERROR, DOC_ERROR_DUMP, "%s:%ld: %s", st->name,
                at ? xmlGetLineNo(at) : 0L, what);
    g_free(what);
}

static bool type_from_name(const char *name, doc_type *type)
{
    for (int t = 0; t < DOC_TYPE_COUNT; t++) {
        if (g_str_equal(doc_type_name((doc_type)t), name)) {
            *type = (doc_type)t;
            return true;
        }
    }
    return false;
}

/* ---- attributes ------------------------------------------------------------ */

static bool yes(load_state *st, xmlAttrPtr a, const char *value)
{
    if (!g_str_equal(value, "yes"))
        load_fail(st, a->parent, "%s=\"%s\": the only value is \"yes\"", (const char *)a->name,
                  value);
    return true;
}

static int integer(load_state *st, xmlAttrPtr a, const char *value, int min, int max)
{
    char *end;
    gint64 n = g_ascii_strtoll(value, &end, 10);
    if (!*value || *end || n < min || n > max) {
        load_fail(st, a->parent, "%s=\"%s\" is not a whole number from %d to %d",
                  (const char *)a->name, value, min, max);
        return min;
    }
    return (int)n;
}

static void set_widths(load_state *st, doc_node *n, xmlAttrPtr a, const char *value)
{
    char **parts = g_strsplit(value, " ", -1);
    int count = (int)g_strv_length(parts);
    double *widths = g_new0(double, MAX(count, 1));
    bool ok = count > 0;
    for (int i = 0; i < count && ok; i++) {
        char *end;
        widths[i] = g_ascii_strtod(parts[i], &end);
        ok = *parts[i] && !*end;
    }
    if (!ok || !doc_node_set_column_widths(n, widths, count))
        load_fail(st, a->parent, "widths=\"%s\" are not positive numbers", value);
    g_free(widths);
    g_strfreev(parts);
}

static void set_change(load_state *st, doc_node *n, xmlAttrPtr a, const char *value)
{
    doc_change change = g_str_equal(value, "inserted")  ? DOC_CHANGE_INSERTED
                        : g_str_equal(value, "deleted") ? DOC_CHANGE_DELETED
                                                        : DOC_CHANGE_NONE;
    if (change == DOC_CHANGE_NONE || !doc_node_set_change(n, change))
        load_fail(st, a->parent, "change=\"%s\" on a %s", value, doc_type_name(n->type));
}

/* An exempt mark: the paragraph of Schedule 12A.  Dumps made before the
 * paragraph was recorded say "yes"; nothing acted on the mark then, so it
 * reads as none. */
static void set_exempt(load_state *st, doc_node *n, xmlAttrPtr a, const char *value)
{
    if (g_str_equal(value, "yes") && n->type != DOC_EXEMPT)
        return;
    doc_node_set_exempt(n, integer(st, a, value, 1, DOC_EXEMPT_PARAGRAPHS));
}

/* One attribute of a node; false when the node's type has no such one. */
static bool node_attribute(load_state *st, doc_node *n, xmlAttrPtr a, const char *value)
{
    const char *name = (const char *)a->name;
    doc_type t = n->type;
    if (g_str_equal(name, "id"))
        return doc_node_set_id(n, value) || (load_fail(st, a->parent, "an empty id"), true);
    if (g_str_equal(name, "level") && (t == DOC_TITLE || t == DOC_HEADING || t == DOC_NUMBERED)) {
        if (!doc_node_set_level(n, integer(st, a, value, 0, NUM_MAX_LEVELS)))
            load_fail(st, a->parent, "level=\"%s\" is out of range for a %s", value,
                      doc_type_name(t));
        return true;
    }
    if (g_str_equal(name, "number-level")) {
        n->number_level = integer(st, a, value, 1, NUM_LEVELS);
        return true;
    }
    if (g_str_equal(name, "label")) {
        n->label = doc_intern(st->doc, value);
        return true;
    }
    if (g_str_equal(name, "numbered") && t == DOC_HEADING)
        return doc_node_set_numbered(n, yes(st, a, value));
    if (g_str_equal(name, "kind") && t == DOC_LIST) {
        bool ordered = g_str_equal(value, "ordered");
        if (!ordered && !g_str_equal(value, "bullet"))
            load_fail(st, a->parent, "kind=\"%s\": a list is bullet or ordered", value);
        return doc_node_set_list_kind(n, ordered ? DOC_LIST_ORDERED : DOC_LIST_BULLET);
    }
    if (g_str_equal(name, "numbering") && t == DOC_LIST)
        return doc_node_set_numbering(n, value);
    if (g_str_equal(name, "widths") && t == DOC_TABLE) {
        set_widths(st, n, a, value);
        return true;
    }
    if (g_str_equal(name, "borders") && t == DOC_TABLE) {
        if (!g_str_equal(value, "none"))
            load_fail(st, a->parent, "borders=\"%s\": the only value is \"none\"", value);
        return doc_node_set_borders(n, false);
    }
    if (g_str_equal(name, "caption") && t == DOC_TABLE) {
        GError *bad = NULL;
        if (!doc_node_set_caption(n, value, &bad)) {
            load_fail(st, a->parent, "caption: %s", bad ? bad->message : "not a table");
            g_clear_error(&bad);
        }
        return true;
    }
    if (g_str_equal(name, "header") && t == DOC_ROW)
        return doc_node_set_header_row(n, yes(st, a, value));
    if (g_str_equal(name, "url") && t == DOC_LINK)
        return doc_node_set_url(n, value);
    if (g_str_equal(name, t == DOC_EXEMPT ? "paragraph" : "exempt")) {
        set_exempt(st, n, a, value);
        return true;
    }
    if (g_str_equal(name, "id-exempt")) {
        doc_node_set_id_exempt(n, integer(st, a, value, 1, DOC_EXEMPT_PARAGRAPHS));
        return true;
    }
    if (g_str_equal(name, "start") &&
        !doc_node_set_start(n, integer(st, a, value, 1, G_MAXINT)))
        load_fail(st, a->parent, "a %s has no number to start", doc_type_name(t));
    if (g_str_equal(name, "start"))
        return true;
    if (g_str_equal(name, "change")) {
        set_change(st, n, a, value);
        return true;
    }
    return false;
}

static void document_attribute(load_state *st, xmlAttrPtr a, const char *value)
{
    const char *name = (const char *)a->name;
    if (g_str_equal(name, "numbering")) {
        doc_document_set_numbering(st->doc, value);
        return;
    }
    if (g_str_equal(name, "exempt")) {
        set_exempt(st, st->doc->root, a, value);
        return;
    }
    for (int k = 0; k < DOC_META_COUNT; k++) {
        const char *key = doc_meta_name((doc_meta)k);
        if (g_str_equal(name, key)) {
            doc_document_set_meta(st->doc, (doc_meta)k, value);
            return;
        }
        if (g_str_has_prefix(name, "exempt-") && g_str_equal(name + strlen("exempt-"), key)) {
            doc_document_set_meta_exempt(st->doc, (doc_meta)k,
                                         integer(st, a, value, 1, DOC_EXEMPT_PARAGRAPHS));
            return;
        }
    }
    load_fail(st, a->parent, "a document has no attribute %s", name);
}

static void read_attributes(load_state *st, xmlNodePtr el, doc_node *n)
{
    for (xmlAttrPtr a = el->properties; a && !st->error; a = a->next) {
        xmlChar *value = xmlNodeGetContent((xmlNodePtr)a);
        const char *v = value ? (const char *)value : "";
        if (n->type == DOC_DOCUMENT)
            document_attribute(st, a, v);
        else if (!node_attribute(st, n, a, v))
            load_fail(st, el, "a %s has no attribute %s", doc_type_name(n->type),
                      (const char *)a->name);
        xmlFree(value);
    }
}

/* ---- elements ---------------------------------------------------------------- */

/* The text of a <text> element: its character data, nothing else. */
static void read_text(load_state *st, xmlNodePtr el, doc_node *n)
{
    GString *text = g_string_new(NULL);
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            g_string_append(text, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            load_fail(st, c, "a text holds only characters, not <%s>", (const char *)c->name);
    }
    GError *e = NULL;
    if (!st->error && !doc_node_set_text(n, text->str, &e)) {
        load_fail(st, el, "%s", e->message);
        g_error_free(e);
    }
    g_string_free(text, TRUE);
}

/* Only white space may sit between elements (the dump's indentation). */
static bool is_layout(xmlNodePtr c)
{
    if (c->type == XML_COMMENT_NODE)
        return true;
    if (c->type != XML_TEXT_NODE)
        return false;
    for (const xmlChar *p = c->content; p && *p; p++)
        if (!g_ascii_isspace(*p))
            return false;
    return true;
}

/* A new node for element el, appended to parent (NULL for the root). */
static doc_node *read_element(load_state *st, xmlNodePtr el, doc_node *parent)
{
    doc_type type;
    if (!type_from_name((const char *)el->name, &type)) {
        load_fail(st, el, "<%s> is not a node of a document tree", (const char *)el->name);
        return NULL;
    }
    doc_node *n = parent ? doc_node_new(st->doc, type) : st->doc->root;
    if (!parent && type != DOC_DOCUMENT) {
        load_fail(st, el, "a tree dump starts with <document>, not <%s>", (const char *)el->name);
        return NULL;
    }
    GError *e = NULL;
    if (parent && !doc_node_append(parent, n, &e)) {
        load_fail(st, el, "%s", e->message);
        g_error_free(e);
        return NULL;
    }
    doc_node_set_source(n, st->name, (int)xmlGetLineNo(el));
    read_attributes(st, el, n);
    /* Dumps before numbered="yes" was written: a labelled heading is one. */
    if (type == DOC_HEADING && n->label)
        n->numbered = true;
    if (type == DOC_TEXT)
        read_text(st, el, n);
    return n;
}

typedef struct {
    xmlNodePtr next;  /* the next XML child to read */
    doc_node *node;   /* the tree node they go into */
} load_frame;

static void read_tree(load_state *st, xmlNodePtr root)
{
    doc_node *top = read_element(st, root, NULL);
    if (!top)
        return;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(load_frame));
    load_frame first = {root->children, top};
    g_array_append_val(stack, first);
    while (stack->len && !st->error) {
        load_frame *f = &g_array_index(stack, load_frame, stack->len - 1);
        xmlNodePtr c = f->next;
        if (!c) {
            g_array_set_size(stack, stack->len - 1);
            continue;
        }
        f->next = c->next;
        if (is_layout(c))
            continue;
        if (c->type != XML_ELEMENT_NODE) {
            load_fail(st, c, "text outside <text> in a %s", doc_type_name(f->node->type));
            break;
        }
        doc_node *n = read_element(st, c, f->node);
        if (n && n->type != DOC_TEXT && c->children) {
            if (doc_type_is_leaf(n->type)) {
                load_fail(st, c, "a %s is empty", doc_type_name(n->type));
                break;
            }
            load_frame inner = {c->children, n};
            g_array_append_val(stack, inner);
        }
    }
    g_array_free(stack, TRUE);
}

doc_document *doc_document_load(const char *xml, gsize len, const char *name, GError **error)
{
    load_state st = {.doc = doc_document_new(), .name = name ? name : "tree"};
    if (len > G_MAXINT) {
        g_set_error(error, DOC_ERROR, DOC_ERROR_DUMP, "%s: too large to be a tree dump",
                    st.name);
        doc_document_free(st.doc);
        return NULL;
    }
    /* No network, no DTD, no entities beyond XML's own: a dump has none. */
    xmlDocPtr x = xmlReadMemory(xml, (int)len, st.name, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!x) {
        const xmlError *e = xmlGetLastError();
        char *why = g_strdup(e && e->message ? e->message : "?");
        g_set_error(error, DOC_ERROR, DOC_ERROR_DUMP, "%s:%d: not well-formed XML: %s",
                    st.name, e ? e->line : 0, g_strstrip(why));
        g_free(why);
        doc_document_free(st.doc);
        return NULL;
    }
    read_tree(&st, xmlDocGetRootElement(x));
    xmlFreeDoc(x);
    if (st.error) {
        g_propagate_error(error, st.error);
        doc_document_free(st.doc);
        return NULL;
    }
    return st.doc;
}
