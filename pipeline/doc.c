/*
 * doc.c - the document tree (see doc.h for the contract): nodes, their
 * setters and getters, walking and the canonical dump.  Prepare is in
 * doc_prepare.c, the invariant checker in doc_check.c.
 *
 * Nodes and their strings live in the document: nodes in one pointer array,
 * strings in one GStringChunk, so doc_document_free releases everything in
 * one call and no writer ever frees tree memory.
 */
#include "doc_private.h"

#include <string.h>

G_DEFINE_QUARK(doc-error-quark, doc_error)

static const char *const type_names[DOC_TYPE_COUNT] = {
    [DOC_DOCUMENT] = "document", [DOC_SECTION] = "section",
    [DOC_TITLE] = "title",       [DOC_HEADING] = "heading",
    [DOC_PARAGRAPH] = "paragraph", [DOC_NUMBERED] = "numbered",
    [DOC_LIST] = "list",         [DOC_ITEM] = "item",
    [DOC_TABLE] = "table",       [DOC_ROW] = "row",
    [DOC_CELL] = "cell",         [DOC_MOTION] = "motion",
    [DOC_SIGNATURE] = "signature", [DOC_PAGE_BREAK] = "page-break",
    [DOC_TEXT] = "text",         [DOC_STRONG] = "strong",
    [DOC_EMPH] = "emph",         [DOC_LINK] = "link",
    [DOC_BREAK] = "break",       [DOC_INSERTED] = "inserted",
    [DOC_DELETED] = "deleted",   [DOC_EXEMPT] = "exempt",
};

const char *doc_type_name(doc_type type)
{
    return type < DOC_TYPE_COUNT ? type_names[type] : "?";
}

/* ---- document ---------------------------------------------------------- */

static void numbering_clear(gpointer p)
{
    doc_numbering *n = p;
    num_scheme *scheme = (num_scheme *)n->scheme;
    num_scheme_clear(scheme);
    g_free(scheme);
}

doc_document *doc_document_new(void)
{
    doc_document *doc = g_new0(doc_document, 1);
    doc->nodes = g_ptr_array_new_with_free_func(g_free);
    doc->strings = g_string_chunk_new(4096);
    doc->numberings = g_array_new(FALSE, TRUE, sizeof(doc_numbering));
    g_array_set_clear_func(doc->numberings, numbering_clear);
    doc->root = doc_node_new(doc, DOC_DOCUMENT);
    return doc;
}

void doc_document_free(doc_document *doc)
{
    if (!doc)
        return;
    g_ptr_array_free(doc->nodes, TRUE);
    g_string_chunk_free(doc->strings);
    g_array_free(doc->numberings, TRUE);
    g_free(doc);
}

doc_node *doc_document_root(const doc_document *doc) { return doc->root; }

const char *doc_intern(doc_document *doc, const char *s)
{
    return s ? g_string_chunk_insert(doc->strings, s) : NULL;
}

void doc_document_set_numbering(doc_document *doc, const char *scheme)
{
    doc->numbering = doc_intern(doc, scheme);
}

const char *doc_document_numbering_name(const doc_document *doc) { return doc->numbering; }

int doc_document_numbering_count(const doc_document *doc) { return (int)doc->numberings->len; }

const doc_numbering *doc_document_numbering(const doc_document *doc, int instance)
{
    if (instance < 1 || instance > (int)doc->numberings->len)
        return NULL;
    return &g_array_index(doc->numberings, doc_numbering, instance - 1);
}

const char *doc_document_meta(const doc_document *doc, doc_meta key)
{
    return key < DOC_META_COUNT ? doc->meta[key] : NULL;
}

void doc_document_set_meta(doc_document *doc, doc_meta key, const char *value)
{
    if (key < DOC_META_COUNT)
        doc->meta[key] = doc_intern(doc, value);
}

bool doc_document_set_meta_exempt(doc_document *doc, doc_meta key, int paragraph)
{
    if (key >= DOC_META_COUNT || paragraph < 0 || paragraph > DOC_EXEMPT_PARAGRAPHS)
        return false;
    doc->meta_exempt[key] = paragraph;
    return true;
}

int doc_document_meta_exempt(const doc_document *doc, doc_meta key)
{
    return key < DOC_META_COUNT ? doc->meta_exempt[key] : 0;
}

const char *doc_meta_name(doc_meta key)
{
    static const char *const names[DOC_META_COUNT] = {
        [DOC_META_TITLE] = "title",       [DOC_META_SUBJECT] = "subject",
        [DOC_META_AUTHOR] = "author",     [DOC_META_DATE] = "date",
        [DOC_META_LANGUAGE] = "language", [DOC_META_HEADER] = "header",
        [DOC_META_CHANGE_AUTHOR] = "change-author",
        [DOC_META_CHANGE_DATE] = "change-date",
        [DOC_META_CHANGE_NOTE] = "change-note",
        [DOC_META_MARKING] = "marking",
    };
    return key < DOC_META_COUNT ? names[key] : NULL;
}

/* ---- shape rules ------------------------------------------------------- */

bool doc_type_is_inline(doc_type t)
{
    return t == DOC_TEXT || t == DOC_STRONG || t == DOC_EMPH || t == DOC_LINK ||
           t == DOC_BREAK || t == DOC_INSERTED || t == DOC_DELETED || t == DOC_EXEMPT;
}

bool doc_type_is_leaf(doc_type t)
{
    return t == DOC_TEXT || t == DOC_BREAK || t == DOC_PAGE_BREAK;
}

static bool is_top_block(doc_type t)
{
    switch (t) {
    case DOC_TITLE: case DOC_HEADING: case DOC_PARAGRAPH: case DOC_NUMBERED:
    case DOC_LIST: case DOC_TABLE: case DOC_MOTION: case DOC_SIGNATURE:
    case DOC_SECTION: case DOC_PAGE_BREAK:
        return true;
    default:
        return false;
    }
}

static bool is_inner_block(doc_type t)
{
    return t == DOC_PARAGRAPH || t == DOC_LIST || t == DOC_TABLE;
}

bool doc_can_contain(doc_type parent, doc_type child)
{
    switch (parent) {
    case DOC_DOCUMENT: case DOC_SECTION:
        return is_top_block(child);
    case DOC_TITLE: case DOC_HEADING: case DOC_PARAGRAPH:
    case DOC_STRONG: case DOC_EMPH: case DOC_EXEMPT:
        return doc_type_is_inline(child);
    case DOC_LINK:
        return doc_type_is_inline(child) && child != DOC_LINK;
    case DOC_INSERTED: case DOC_DELETED: /* innermost: marks never nest */
        return child == DOC_TEXT || child == DOC_BREAK;
    case DOC_NUMBERED: case DOC_ITEM: case DOC_CELL:
        return is_inner_block(child);
    case DOC_LIST:
        return child == DOC_ITEM;
    case DOC_TABLE:
        return child == DOC_ROW;
    case DOC_ROW: case DOC_SIGNATURE:
        return child == DOC_CELL;
    case DOC_MOTION:
        return child == DOC_PARAGRAPH;
    default:
        return false;
    }
}

/* ---- nodes ------------------------------------------------------------- */

doc_node *doc_node_new(doc_document *doc, doc_type type)
{
    doc_node *n = g_new0(doc_node, 1);
    n->type = type;
    n->doc = doc;
    n->level = type == DOC_NUMBERED ? 0 : 1;
    g_ptr_array_add(doc->nodes, n);
    return n;
}

static bool is_ancestor_or_self(const doc_node *maybe, const doc_node *n)
{
    for (; n; n = n->parent)
        if (n == maybe)
            return true;
    return false;
}

bool doc_node_append(doc_node *parent, doc_node *child, GError **error)
{
    if (!doc_can_contain(parent->type, child->type)) {
        g_set_error(error, DOC_ERROR, DOC_ERROR_CONTAINMENT,
                    "a %s cannot contain a %s", doc_type_name(parent->type),
                    doc_type_name(child->type));
        return false;
    }
    if (parent->type == DOC_SIGNATURE && doc_node_child_count(parent) >= 2) {
        g_set_error(error, DOC_ERROR, DOC_ERROR_CONTAINMENT,
                    "a signature has exactly two cells (left and right)");
        return false;
    }
    if (child->parent || is_ancestor_or_self(child, parent) || child->doc != parent->doc) {
        g_set_error(error, DOC_ERROR, DOC_ERROR_CONTAINMENT,
                    "the %s is already in a tree", doc_type_name(child->type));
        return false;
    }
    child->parent = parent;
    child->prev = parent->last;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
    return true;
}

void doc_node_unlink(doc_node *n)
{
    doc_node *parent = n->parent;
    if (!parent)
        return;
    if (n->prev)
        n->prev->next = n->next;
    else
        parent->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        parent->last = n->prev;
    n->parent = n->prev = n->next = NULL;
}

GPtrArray *doc_node_take_children(doc_node *parent)
{
    GPtrArray *children = g_ptr_array_new();
    while (parent->first) {
        g_ptr_array_add(children, parent->first);
        doc_node_unlink(parent->first);
    }
    return children;
}

doc_type doc_node_type(const doc_node *n) { return n->type; }
doc_node *doc_node_parent(const doc_node *n) { return n->parent; }
doc_node *doc_node_first_child(const doc_node *n) { return n->first; }
doc_node *doc_node_last_child(const doc_node *n) { return n->last; }
doc_node *doc_node_next(const doc_node *n) { return n->next; }
doc_node *doc_node_prev(const doc_node *n) { return n->prev; }

int doc_node_child_count(const doc_node *n)
{
    int count = 0;
    for (doc_node *c = n->first; c; c = c->next)
        count++;
    return count;
}

/* Is c a character XML 1.0 allows?  (Char production, section 2.2.) */
static bool xml_char_allowed(gunichar c)
{
    if (c == 0x9 || c == 0xA || c == 0xD)
        return true;
    if (c < 0x20)
        return false;
    if (c >= 0xD800 && c <= 0xDFFF)
        return false;
    return c != 0xFFFE && c != 0xFFFF && c <= 0x10FFFF;
}

/* Text every writer can print: valid UTF-8, no character XML 1.0 forbids. */
static bool text_ok(const char *text, GError **error)
{
    const char *end = NULL;
    if (!g_utf8_validate(text, -1, &end)) {
        g_set_error(error, DOC_ERROR, DOC_ERROR_TEXT,
                    "text is not valid UTF-8 (at byte %ld)", (long)(end - text));
        return false;
    }
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!xml_char_allowed(c)) {
            g_set_error(error, DOC_ERROR, DOC_ERROR_TEXT,
                        "text contains U+%04X, a character documents may not hold",
                        (unsigned)c);
            return false;
        }
    }
    return true;
}

bool doc_node_set_text(doc_node *n, const char *text, GError **error)
{
    if (!text_ok(text, error))
        return false;
    n->text = doc_intern(n->doc, text);
    return true;
}

bool doc_node_set_caption(doc_node *n, const char *caption, GError **error)
{
    if (n->type != DOC_TABLE || (caption && !text_ok(caption, error)))
        return false;
    n->caption = caption && *caption ? doc_intern(n->doc, caption) : NULL;
    return true;
}

const char *doc_node_caption(const doc_node *n) { return n->caption; }

const char *doc_node_text(const doc_node *n) { return n->text ? n->text : ""; }

bool doc_node_set_url(doc_node *n, const char *url)
{
    if (n->type != DOC_LINK)
        return false;
    n->url = doc_intern(n->doc, url);
    return true;
}

const char *doc_node_url(const doc_node *n) { return n->url ? n->url : ""; }

bool doc_node_set_level(doc_node *n, int level)
{
    bool ok = (n->type == DOC_TITLE && level >= 1 && level <= 2) ||
              (n->type == DOC_HEADING && level >= 1 && level <= 3) ||
              (n->type == DOC_NUMBERED && level >= 0 && level <= NUM_MAX_LEVELS);
    if (ok)
        n->level = level;
    return ok;
}

int doc_node_level(const doc_node *n) { return n->level; }

bool doc_node_set_numbered(doc_node *n, bool numbered)
{
    if (n->type != DOC_HEADING)
        return false;
    n->numbered = numbered;
    return true;
}

bool doc_node_is_numbered(const doc_node *n) { return n->numbered; }

bool doc_node_set_list_kind(doc_node *n, doc_list_kind kind)
{
    if (n->type != DOC_LIST || (kind != DOC_LIST_BULLET && kind != DOC_LIST_ORDERED))
        return false;
    n->list_kind = kind;
    return true;
}

doc_list_kind doc_node_list_kind(const doc_node *n) { return n->list_kind; }

bool doc_node_set_numbering(doc_node *n, const char *scheme)
{
    if (n->type != DOC_LIST)
        return false;
    n->scheme = doc_intern(n->doc, scheme);
    return true;
}

const char *doc_node_numbering_name(const doc_node *n) { return n->scheme; }

bool doc_node_set_header_row(doc_node *n, bool h)
{
    if (n->type != DOC_ROW)
        return false;
    n->header_row = h;
    return true;
}

bool doc_node_is_header_row(const doc_node *n) { return n->header_row; }

bool doc_node_set_id(doc_node *n, const char *id)
{
    if (doc_type_is_inline(n->type) || !id || !*id)
        return false;
    n->id = doc_intern(n->doc, id);
    return true;
}

const char *doc_node_id(const doc_node *n) { return n->id; }

bool doc_node_set_change(doc_node *n, doc_change change)
{
    if (doc_type_is_inline(n->type) || n->type == DOC_DOCUMENT ||
        (change != DOC_CHANGE_NONE && change != DOC_CHANGE_INSERTED &&
         change != DOC_CHANGE_DELETED))
        return false;
    n->change = change;
    return true;
}

doc_change doc_node_change(const doc_node *n) { return n->change; }
bool doc_node_set_exempt(doc_node *n, int paragraph)
{
    if (paragraph < 0 || paragraph > DOC_EXEMPT_PARAGRAPHS)
        return false;
    n->exempt = paragraph;
    return true;
}

int doc_node_exempt(const doc_node *n) { return n->exempt; }

bool doc_node_set_id_exempt(doc_node *n, int paragraph)
{
    if (paragraph < 0 || paragraph > DOC_EXEMPT_PARAGRAPHS)
        return false;
    n->id_exempt = paragraph;
    return true;
}

int doc_node_id_exempt(const doc_node *n) { return n->id_exempt; }

/* Nodes with a number of their own (an ordered list's item; a bullet has
 * a glyph, not a number). */
static bool counts_numbers(const doc_node *n)
{
    return n->type == DOC_NUMBERED || (n->type == DOC_HEADING && n->numbered) ||
           n->type == DOC_ITEM;
}

bool doc_node_set_start(doc_node *n, int value)
{
    if (!counts_numbers(n) || value < 0)
        return false;
    n->start = value;
    return true;
}

int doc_node_start(const doc_node *n) { return n->start; }

bool doc_id_is_positional(const doc_node *n)
{
    const char *slash = n->id ? strrchr(n->id, '/') : NULL;
    if (!slash)
        return false;
    const char *name = doc_type_name(n->type);
    size_t len = strlen(name);
    const char *p = slash + 1;
    if (strncmp(p, name, len) != 0 || p[len] != '-' || !p[len + 1])
        return false;
    for (p += len + 1; *p; p++)
        if (!g_ascii_isdigit(*p))
            return false;
    return true;
}

void doc_shown_counters(const doc_numbering *numbering, const doc_counters *c, int level,
                        int shown[NUM_LEVELS])
{
    for (int i = 0; i < NUM_LEVELS; i++)
        shown[i] = i < level && c->value[i] == 0 ? numbering->start[i] : c->value[i];
}
const char *doc_node_source_file(const doc_node *n) { return n->source_file; }
int doc_node_source_line(const doc_node *n) { return n->source_line; }

void doc_node_set_source(doc_node *n, const char *file, int line)
{
    n->source_file = doc_intern(n->doc, file);
    n->source_line = line;
}

/* An array of n doubles owned by the document (freed with the nodes). */
double *doc_alloc_doubles(doc_document *doc, const double *values, int n)
{
    double *copy = g_new0(double, n);
    if (values)
        memcpy(copy, values, sizeof *copy * (gsize)n);
    g_ptr_array_add(doc->nodes, copy);
    return copy;
}

bool doc_node_set_column_widths(doc_node *n, const double *widths, int count)
{
    if (n->type != DOC_TABLE || count < 0)
        return false;
    for (int i = 0; i < count; i++)
        if (!(widths[i] > 0) || widths[i] > 1e6)
            return false;
    n->widths = count > 0 ? doc_alloc_doubles(n->doc, widths, count) : NULL;
    n->n_widths = count;
    return true;
}

bool doc_node_set_borders(doc_node *n, bool borders)
{
    if (n->type != DOC_TABLE)
        return false;
    n->no_borders = !borders;
    return true;
}

bool doc_node_has_borders(const doc_node *n) { return n->type == DOC_TABLE && !n->no_borders; }

const double *doc_node_column_widths(const doc_node *n, int *count)
{
    *count = n->n_widths;
    return n->widths;
}

/* ---- resolved by prepare -------------------------------------------------- */

const char *doc_node_label(const doc_node *n) { return n->label; }
int doc_node_number(const doc_node *n) { return n->number; }
int doc_node_number_level(const doc_node *n) { return n->number_level; }
int doc_node_numbering(const doc_node *n) { return n->instance; }
int doc_node_depth(const doc_node *n) { return n->depth; }
double doc_node_indent(const doc_node *n) { return n->indent; }
double doc_node_label_indent(const doc_node *n) { return n->label_indent; }
doc_gap doc_node_gap(const doc_node *n) { return n->gap; }
int doc_node_outline_level(const doc_node *n) { return n->outline_level; }

const double *doc_node_column_fractions(const doc_node *n, int *count)
{
    *count = n->n_fractions;
    return n->fractions;
}

char *doc_node_plain_text(const doc_node *node)
{
    GString *out = g_string_new(NULL);
    doc_iter it;
    doc_iter_init(&it, (doc_node *)node);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        if (ev != DOC_EVENT_ENTER)
            continue;
        if (n->type == DOC_TEXT)
            g_string_append(out, doc_node_text(n));
        else if (n->type == DOC_BREAK)
            g_string_append_c(out, '\n');
    }
    return g_string_free(out, FALSE);
}

/* ---- walking ----------------------------------------------------------- */

void doc_iter_init(doc_iter *it, doc_node *root)
{
    it->root = root;
    it->current = NULL;
    it->event = DOC_EVENT_DONE;
}

doc_event doc_iter_next(doc_iter *it)
{
    doc_node *n = it->current;
    if (!n) { /* first call */
        if (!it->root)
            return DOC_EVENT_DONE;
        it->current = it->root;
        return it->event = DOC_EVENT_ENTER;
    }
    if (it->event == DOC_EVENT_ENTER && !doc_type_is_leaf(n->type)) {
        if (n->first) {
            it->current = n->first;
            return it->event = DOC_EVENT_ENTER;
        }
        return it->event = DOC_EVENT_EXIT; /* empty container */
    }
    /* n is finished (leaf entered, or container exited). */
    if (n == it->root) {
        it->current = NULL;
        it->root = NULL;
        return it->event = DOC_EVENT_DONE;
    }
    if (n->next) {
        it->current = n->next;
        return it->event = DOC_EVENT_ENTER;
    }
    it->current = n->parent;
    return it->event = DOC_EVENT_EXIT;
}

doc_node *doc_iter_node(const doc_iter *it) { return it->current; }

/* ---- dump -------------------------------------------------------------- */

/* XML-escaped s.  In attributes, tab, newline and carriage return are
 * character references (a parser would fold them to spaces); in text a
 * carriage return is (a parser would make it a newline).  So the loader
 * reads back exactly what was dumped. */
static void dump_escaped(GString *out, const char *s, bool attribute)
{
    char *escaped = g_markup_escape_text(s, -1);
    for (const char *p = escaped; *p; p++) {
        if (*p == '\r')
            g_string_append(out, "&#13;");
        else if (attribute && *p == '\n')
            g_string_append(out, "&#10;");
        else if (attribute && *p == '\t')
            g_string_append(out, "&#9;");
        else
            g_string_append_c(out, *p);
    }
    g_free(escaped);
}

static void dump_attr(GString *out, const char *name, const char *value)
{
    g_string_append_printf(out, " %s=\"", name);
    dump_escaped(out, value, true);
    g_string_append_c(out, '"');
}

/* The shortest decimal form that reads back as the same double. */
static void dump_number(GString *out, double x)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int digits = 6; digits <= 17; digits++) {
        char format[8];
        g_snprintf(format, sizeof format, "%%.%dg", digits);
        g_ascii_formatd(buf, sizeof buf, format, x);
        if (g_ascii_strtod(buf, NULL) == x)
            break;
    }
    g_string_append(out, buf);
}

static void dump_document(GString *out, const doc_document *doc)
{
    g_string_append(out, "<document");
    if (doc->numbering)
        dump_attr(out, "numbering", doc->numbering);
    for (int k = 0; k < DOC_META_COUNT; k++)
        if (doc->meta[k])
            dump_attr(out, doc_meta_name((doc_meta)k), doc->meta[k]);
    for (int k = 0; k < DOC_META_COUNT; k++)
        if (doc->meta_exempt[k])
            g_string_append_printf(out, " exempt-%s=\"%d\"", doc_meta_name((doc_meta)k),
                                   doc->meta_exempt[k]);
    if (doc->root->exempt)
        g_string_append_printf(out, " exempt=\"%d\"", doc->root->exempt);
}

/* What the node was built with (besides its level): its own properties. */
static void dump_properties(GString *out, const doc_node *n)
{
    if (n->type == DOC_HEADING && n->numbered)
        g_string_append(out, " numbered=\"yes\"");
    if (n->type == DOC_LIST) {
        g_string_append(out, n->list_kind == DOC_LIST_ORDERED ? " kind=\"ordered\""
                                                              : " kind=\"bullet\"");
        if (n->scheme)
            dump_attr(out, "numbering", n->scheme);
    }
    if (n->type == DOC_TABLE && n->n_widths > 0) {
        g_string_append(out, " widths=\"");
        for (int i = 0; i < n->n_widths; i++) {
            if (i)
                g_string_append_c(out, ' ');
            dump_number(out, n->widths[i]);
        }
        g_string_append_c(out, '"');
    }
    if (n->type == DOC_TABLE && n->no_borders)
        g_string_append(out, " borders=\"none\"");
    if (n->type == DOC_TABLE && n->caption)
        dump_attr(out, "caption", n->caption);
    if (n->type == DOC_ROW && n->header_row)
        g_string_append(out, " header=\"yes\"");
    if (n->type == DOC_LINK)
        dump_attr(out, "url", doc_node_url(n));
    if (n->start)
        g_string_append_printf(out, " start=\"%d\"", n->start);
    if (n->id_exempt)
        g_string_append_printf(out, " id-exempt=\"%d\"", n->id_exempt);
    if (n->exempt)
        g_string_append_printf(out, n->type == DOC_EXEMPT ? " paragraph=\"%d\""
                                                          : " exempt=\"%d\"",
                               n->exempt);
    if (n->change != DOC_CHANGE_NONE)
        g_string_append(out, n->change == DOC_CHANGE_INSERTED ? " change=\"inserted\""
                                                              : " change=\"deleted\"");
}

static void dump_open(GString *out, const doc_node *n, int indent)
{
    g_string_append_printf(out, "%*s<%s", indent * 2, "", doc_type_name(n->type));
    if (n->id)
        dump_attr(out, "id", n->id);
    if ((n->type == DOC_TITLE || n->type == DOC_HEADING) ||
        (n->type == DOC_NUMBERED && n->level != 0))
        g_string_append_printf(out, " level=\"%d\"", n->level);
    if (n->label && n->type != DOC_ITEM)
        g_string_append_printf(out, " number-level=\"%d\"", n->number_level);
    if (n->label && (n->type != DOC_ITEM || n->parent->list_kind == DOC_LIST_ORDERED))
        dump_attr(out, "label", n->label);
    dump_properties(out, n);
}

char *doc_document_dump(const doc_document *doc)
{
    GString *out = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    int indent = 0;
    doc_iter it;
    doc_iter_init(&it, doc->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        if (ev == DOC_EVENT_EXIT) {
            indent--;
            g_string_append_printf(out, "%*s</%s>\n", indent * 2, "", doc_type_name(n->type));
            continue;
        }
        if (n == doc->root)
            dump_document(out, doc);
        else
            dump_open(out, n, indent);
        if (n->type == DOC_TEXT) {
            g_string_append_c(out, '>');
            dump_escaped(out, doc_node_text(n), false);
            g_string_append(out, "</text>\n");
        } else if (doc_type_is_leaf(n->type)) {
            g_string_append(out, "/>\n");
        } else {
            g_string_append(out, ">\n");
            indent++;
        }
    }
    return g_string_free(out, FALSE);
}
