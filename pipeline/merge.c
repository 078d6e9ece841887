/*
 * merge.c - the template engine (see merge.h and templates/README.md).
 *
 * The template is walked once, top to bottom.  Each template element is
 * handled according to the kind of content of the place it stands in
 * (merge_mode), and control elements (for-each, if, choose) simply walk
 * their children in the same place.  In "flow" places (numbered paragraphs,
 * list items, cells) loose text and inline elements are gathered into a
 * paragraph that is added only when something ends it, so white space
 * between blocks never becomes an empty paragraph.
 *
 * White space: every run of spaces, tabs and newlines in template text and
 * data values becomes one space; a paragraph never starts or ends with one
 * and never holds two in a row.
 *
 * Exempt information (inputs.h marks the data): whatever the template
 * makes from exempt data is marked exempt in the tree, so that the public
 * version (doc_filter.h) can withhold it.
 *   - <rich> of marked data, and marked elements and <exempt> runs inside
 *     prose: the words go into an EXEMPT inline node;
 *   - <value>: exempt when anything the expression reads is exempt (the
 *     nodes it selects and everything in them, and every location path in
 *     it, predicates included: a total of exempt amounts is exempt too);
 *   - a <for-each> item that is exempt, or an <if>/<when> test that reads
 *     exempt data: everything made there is exempt (blocks marked, words
 *     in EXEMPT nodes);
 *   - a link whose address reads exempt data is exempt whole; a document
 *     property that does is marked (doc_document_set_meta_exempt), and so
 *     is an id that does (doc_node_set_id_exempt);
 *   - a template block with exempt="N" is exempt, as is the whole document
 *     when the manifest says <document exempt="N">.
 * A paragraph, heading or title whose words are all exempt under one
 * paragraph is then marked itself, so its public version is a notice
 * paragraph rather than a paragraph holding a short notice.
 */
#include "merge.h"
#include "guard.h"
#include "xmlload.h"
#include "xpathfn.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

struct merge_target {
    merge_mode mode;
    doc_node *container;
    doc_node *pending; /* MODE_FLOW: paragraph being gathered, not yet added */
};

struct merge_state {
    const inputs_report *inputs;
    const inputs_document *document;
    const char *template_path;
    xmlXPathContextPtr xpath;
    xpathfn_report report;
    doc_document *doc;
    GPtrArray *refs; /* <ref to=> elements met in prose, resolved after prepare */
    int exempt;      /* the Schedule 12A paragraph of what is being made: a for-each
                        item or an <if> test that read exempt data; 0 none */
    doc_node *holder; /* the container of the place content is going into: a flow
                         place's paragraph is not attached until it ends */
    long steps;      /* template nodes placed so far (GUARD_MAX_STEPS) */
    GError *error;   /* the first error; later ones are consequences */
};

static void merge_nodes(merge_state *st, xmlNodePtr first, merge_target *t);

/* ---- errors ------------------------------------------------------------ */

static bool failed(const merge_state *st) { return st->error != NULL; }

static void G_GNUC_PRINTF(3, 4) fail_at(merge_state *st, xmlNodePtr tnode, const char *fmt, ...)
{
    if (failed(st))
        return;
    va_list args;
    va_start(args, fmt);
    char *what = g_strdup_vprintf(fmt, args);
    va_end(args);
    xmlload_error_at(&st->error, PAPERS_ERROR_TEMPLATE, st->template_path,
                     (int)xmlGetLineNo(tnode), "%s", what);
    g_free(what);
}

/* The names written "$name" or "name(" in expr that the context does not
 * know, comma-separated, each as written; NULL if none.  Caller frees. */
static char *unknown_names(merge_state *st, const char *expr, bool variables)
{
    GString *out = g_string_new(NULL);
    GRegex *re = g_regex_new(variables ? "\\$([A-Za-z_][A-Za-z0-9_.-]*)"
                                       : "([A-Za-z_][A-Za-z0-9_.-]*)\\s*\\(",
                             0, 0, NULL);
    GMatchInfo *m = NULL;
    for (g_regex_match(re, expr, 0, &m); g_match_info_matches(m); g_match_info_next(m, NULL)) {
        char *name = g_match_info_fetch(m, 1);
        xmlXPathObjectPtr var = NULL;
        bool known = variables
                         ? (var = xmlXPathVariableLookup(st->xpath, (const xmlChar *)name)) != NULL
                         : xmlXPathFunctionLookup(st->xpath, (const xmlChar *)name) != NULL;
        xmlXPathFreeObject(var);
        if (!known)
            g_string_append_printf(out, "%s%s%s%s", out->len ? ", " : "", variables ? "$" : "",
                                   name, variables ? "" : "()");
        g_free(name);
    }
    g_match_info_free(m);
    g_regex_unref(re);
    return g_string_free(out, out->len == 0);
}

/* "$report, $meeting, $paper": the variables this document has. */
static char *known_variables(merge_state *st)
{
    GString *out = g_string_new("$report");
    for (guint i = 0; i < st->document->data->len; i++)
        g_string_append_printf(out, ", $%s", (char *)g_ptr_array_index(st->document->data, i));
    return g_string_free(out, FALSE);
}

static char *known_functions(void)
{
    size_t n = 0;
    const char *const *names = xpathfn_names(&n);
    GString *out = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(out, "%s()%s", names[i], i + 1 < n ? ", " : "");
    return g_string_free(out, FALSE);
}

/* libxml2 names no variable or function in its message: say which, and
 * what there is instead. */
static bool fail_unknown(merge_state *st, xmlNodePtr tnode, const char *expr)
{
    bool variable = st->report.xpath_error == XML_XPATH_UNDEF_VARIABLE_ERROR;
    if (!variable && st->report.xpath_error != XML_XPATH_UNKNOWN_FUNC_ERROR)
        return false;
    char *names = unknown_names(st, expr, variable);
    char *known = variable ? known_variables(st) : known_functions();
    if (variable)
        fail_at(st, tnode,
                "unknown variable %s in '%s'; this document's variables are %s (a data "
                "file the document lists in report.xml, by its name)",
                names ? names : "", expr, known);
    else
        fail_at(st, tnode,
                "unknown function %s in '%s'; the functions are %s and XPath 1.0's own "
                "(count(), concat(), substring() ...)",
                names ? names : "", expr, known);
    g_free(names);
    g_free(known);
    return true;
}

/* An expression failed: blame the data file when a function says the bad
 * value came from there, else the template. */
static void fail_expression(merge_state *st, xmlNodePtr tnode, const char *expr)
{
    const char *why = st->report.message;
    xmlNodePtr origin = st->report.origin;
    if (failed(st) || fail_unknown(st, tnode, expr))
        return;
    if (!why) {
        fail_at(st, tnode, "'%s' is not a valid XPath expression", expr);
        return;
    }
    if (origin && origin->doc && origin->doc->URL) {
        xmlload_error_at(&st->error, PAPERS_ERROR_INPUT, (const char *)origin->doc->URL,
                         (int)xmlGetLineNo(origin), "%s (used by %s:%d: %s)", why,
                         st->template_path, (int)xmlGetLineNo(tnode), expr);
    } else {
        fail_at(st, tnode, "%s in expression '%s'", why, expr);
    }
}

/* ---- expressions ------------------------------------------------------- */

static xmlXPathObjectPtr eval(merge_state *st, xmlNodePtr tnode, const char *expr)
{
    if (failed(st))
        return NULL;
    xpathfn_report_reset(&st->report);
    xmlXPathObjectPtr obj = xmlXPathEval((const xmlChar *)expr, st->xpath);
    if (!obj && st->xpath->opLimit && st->xpath->opCount >= st->xpath->opLimit) {
        /* libxml2 stops without a message of its own. */
        fail_at(st, tnode,
                "'%s' takes this document past %ld XPath steps, the most one document may "
                "take (%s); select what is needed more directly",
                expr, guard_limit(GUARD_XPATH_STEPS), guard_limit_variable(GUARD_XPATH_STEPS));
        return NULL;
    }
    if (!obj && !st->report.xpath_error) /* libxml2 does not always call back */
        st->report.xpath_error = st->xpath->lastError.code;
    if (!obj || st->report.message) {
        fail_expression(st, tnode, expr);
        xmlXPathFreeObject(obj);
        return NULL;
    }
    return obj;
}

static bool selects_nothing(const xmlXPathObjectPtr obj)
{
    return obj->type == XPATH_NODESET && (!obj->nodesetval || obj->nodesetval->nodeNr == 0);
}

/* Fold runs of white space to one space, keeping one at either end if the
 * text had any there (the caller decides whether it survives). */
static char *fold_space(const char *raw)
{
    GString *out = g_string_new(NULL);
    bool space = false;
    for (const char *p = raw; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = true;
            continue;
        }
        if (space)
            g_string_append_c(out, ' ');
        space = false;
        g_string_append_c(out, *p);
    }
    if (space)
        g_string_append_c(out, ' ');
    return g_string_free(out, FALSE);
}

/* The data file the first $variable of expr stands for, or NULL. */
static const char *expression_file(const merge_state *st, const char *expr)
{
    const char *dollar = strchr(expr, '$');
    if (!dollar)
        return NULL;
    const char *end = dollar + 1;
    while (g_ascii_isalnum(*end) || *end == '_' || *end == '-' || *end == '.')
        end++;
    char *name = g_strndup(dollar + 1, (gsize)(end - dollar - 1));
    xmlDocPtr data = inputs_data(st->inputs, name);
    g_free(name);
    return data && data->URL ? (const char *)data->URL : NULL;
}

/* A value the template needs that the data does not have: name both. */
static void fail_missing(merge_state *st, xmlNodePtr tnode, const char *expr)
{
    const char *file = expression_file(st, expr);
    if (file)
        fail_at(st, tnode,
                "'%s' selects nothing in %s, but this template needs it: add it to that "
                "file, or make the value optional here (optional=\"yes\" or <if>)",
                expr, file);
    else
        fail_at(st, tnode, "'%s' selects nothing, but a value is required here", expr);
}

/* The string value of expr, white space folded and trimmed.  An empty
 * node-set is an error when required.  NULL after an error. */
static char *eval_string(merge_state *st, xmlNodePtr tnode, const char *expr, bool required)
{
    xmlXPathObjectPtr obj = eval(st, tnode, expr);
    if (!obj)
        return NULL;
    if (required && selects_nothing(obj)) {
        fail_missing(st, tnode, expr);
        xmlXPathFreeObject(obj);
        return NULL;
    }
    xmlChar *raw = xmlXPathCastToString(obj);
    char *s = fold_space(raw ? (const char *)raw : "");
    xmlFree(raw);
    xmlXPathFreeObject(obj);
    return g_strstrip(s);
}

/* An attribute value template: "x{expr}y", "{{" and "}}" for braces. */
static char *eval_avt(merge_state *st, xmlNodePtr tnode, const char *avt, bool required)
{
    GString *out = g_string_new(NULL);
    for (const char *p = avt; *p && !failed(st); p++) {
        if ((*p == '{' || *p == '}') && p[1] == *p) {
            g_string_append_c(out, *p++);
        } else if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close) {
                fail_at(st, tnode, "unclosed '{' in '%s'", avt);
                break;
            }
            char *expr = g_strndup(p + 1, (gsize)(close - p - 1));
            char *value = eval_string(st, tnode, expr, required);
            if (value)
                g_string_append(out, value);
            g_free(value);
            g_free(expr);
            p = close;
        } else if (*p == '}') {
            fail_at(st, tnode, "a lone '}' in '%s' (write '}}')", avt);
        } else {
            g_string_append_c(out, *p);
        }
    }
    if (failed(st)) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

static bool eval_test(merge_state *st, xmlNodePtr tnode)
{
    char *test = xmlload_attr(tnode, "test");
    xmlXPathObjectPtr obj = eval(st, tnode, test);
    bool result = obj && xmlXPathCastToBoolean(obj);
    xmlXPathFreeObject(obj);
    xmlFree(test);
    return result;
}

/* ---- exempt information ------------------------------------------------------ */

/* The exempt mark of n or of the nearest node around it that has one. */
static int exempt_above(const doc_node *n)
{
    for (; n; n = doc_node_parent(n))
        if (doc_node_exempt(n))
            return doc_node_exempt(n);
    return 0;
}

/* Is a data node, or anything in it, marked exempt?  The paragraph, or 0. */
static int data_exempt(xmlNodePtr node)
{
    int p = inputs_exempt_of(node);
    if (p || node->type != XML_ELEMENT_NODE)
        return p;
    for (xmlNodePtr n = node->children; n && n != node;) {
        if (n->type == XML_ELEMENT_NODE && (p = inputs_exempt_of(n)) != 0)
            return p;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != node && !n->next)
            n = n->parent;
        if (n != node)
            n = n->next;
    }
    return 0;
}

static int result_exempt(xmlXPathObjectPtr obj)
{
    if (!obj || obj->type != XPATH_NODESET || !obj->nodesetval)
        return 0;
    for (int i = 0; i < obj->nodesetval->nodeNr; i++) {
        xmlNodePtr n = obj->nodesetval->nodeTab[i];
        int p = n->type == XML_NAMESPACE_DECL ? 0 : data_exempt(n);
        if (p)
            return p;
    }
    return 0;
}

static bool path_char(char c)
{
    return g_ascii_isalnum(c) || strchr("_-.:@*/$", c) != NULL;
}

/* The end of a string literal or balanced [...] starting at p. */
static const char *skip_bracket(const char *p)
{
    int depth = 0;
    for (; *p; p++) {
        if (*p == '\'' || *p == '"') {
            const char *close = strchr(p + 1, *p);
            if (!close)
                return p + strlen(p);
            p = close;
        } else if (*p == '[') {
            depth++;
        } else if (*p == ']' && --depth == 0) {
            return p + 1;
        }
    }
    return p;
}

static int expr_exempt(merge_state *st, const char *expr, int depth);

/* Evaluate one location path quietly: anything exempt it reaches, or 0.
 * Its predicates are read for paths too. */
static int path_exempt(merge_state *st, const char *path, int depth)
{
    xmlXPathObjectPtr obj = xmlXPathEval((const xmlChar *)path, st->xpath);
    int p = result_exempt(obj);
    xmlXPathFreeObject(obj);
    for (const char *b = strchr(path, '['); !p && b; b = strchr(b, '[')) {
        const char *end = skip_bracket(b);
        char *inside = g_strndup(b + 1, (gsize)(end > b + 1 ? end - b - 2 : 0));
        p = expr_exempt(st, inside, depth + 1);
        g_free(inside);
        b = end;
    }
    return p;
}

/* A limit on predicates inside predicates, each read for paths: deeper
 * than any template needs. */
#define MERGE_MAX_PREDICATE_DEPTH 8

/* The location path starting at *c (names, steps, predicates whole,
 * text() and node() tests) into path; *c moves past it.  Returns whether
 * it is a path: not a function's name (followed by '(') nor an operator
 * written as a word. */
static bool next_path(const char **c, GString *path)
{
    g_string_truncate(path, 0);
    const char *p = *c;
    while (*p && (path_char(*p) || *p == '[')) {
        if (*p == '[') {
            const char *end = skip_bracket(p);
            g_string_append_len(path, p, end - p);
            p = end;
        } else {
            g_string_append_c(path, *p++);
        }
        bool test = g_str_has_suffix(path->str, "text") || g_str_has_suffix(path->str, "node");
        if (test && p[0] == '(' && p[1] == ')') {
            g_string_append(path, "()");
            p += 2;
        }
    }
    *c = p;
    while (g_ascii_isspace(*p))
        p++;
    bool operator = g_str_equal(path->str, "and") || g_str_equal(path->str, "or") ||
                    g_str_equal(path->str, "div") || g_str_equal(path->str, "mod");
    return *p != '(' && !operator;
}

/* Does evaluating expr read exempt data?  Every location path in it is
 * evaluated on its own, in the current context, and so is the whole
 * expression: the paragraph of the first exempt node reached, or 0.
 * Conservative: a path in a branch not taken still counts. */
static int expr_exempt(merge_state *st, const char *expr, int depth)
{
    if (!st->inputs->has_exempt || !expr || depth > MERGE_MAX_PREDICATE_DEPTH)
        return 0;
    int p = 0;
    if (depth == 0) {
        xmlXPathObjectPtr whole = xmlXPathEval((const xmlChar *)expr, st->xpath);
        p = result_exempt(whole);
        xmlXPathFreeObject(whole);
    }
    GString *path = g_string_new(NULL);
    for (const char *c = expr; *c && !p;) {
        if (*c == '\'' || *c == '"') { /* a string literal: no path */
            const char *close = strchr(c + 1, *c);
            c = close ? close + 1 : c + strlen(c);
        } else if (!path_char(*c) || g_ascii_isdigit(*c)) {
            c++;
        } else if (next_path(&c, path)) {
            p = path_exempt(st, path->str, depth);
        }
    }
    g_string_free(path, TRUE);
    if (depth == 0)
        xpathfn_report_reset(&st->report); /* errors of a path taken alone are not the template's */
    return p;
}

/* Does an attribute value template read exempt data? */
static int avt_exempt(merge_state *st, const char *avt)
{
    int p = 0;
    for (const char *c = avt ? strchr(avt, '{') : NULL; c && !p; c = strchr(c, '{')) {
        if (c[1] == '{') {
            c += 2;
            continue;
        }
        const char *close = strchr(c, '}');
        if (!close)
            break;
        char *expr = g_strndup(c + 1, (gsize)(close - c - 1));
        p = expr_exempt(st, expr, 0);
        g_free(expr);
        c = close + 1;
    }
    return p;
}

/* Where words exempt under paragraph p go inside into: an EXEMPT node (the
 * last one, if it is for the same paragraph), or into itself when it is
 * exempt already or p is 0. */
static doc_node *exempt_into(merge_state *st, xmlNodePtr tnode, doc_node *into, int p);

/* ---- inline text --------------------------------------------------------- */

/* The paragraph (or heading, title) an inline container belongs to. */
static doc_node *enclosing_block(doc_node *n)
{
    while (doc_node_parent(n) && doc_type_is_inline(doc_node_type(n)))
        n = doc_node_parent(n);
    return n;
}

/* The last TEXT or BREAK leaf of a block, in reading order.  Walked from
 * the end (last child first, then earlier siblings), so finding it costs
 * the depth of the paragraph, not its length: it runs for every piece of
 * text a template adds. */
static doc_node *last_leaf(doc_node *block)
{
    doc_node *n = doc_node_last_child(block);
    while (n) {
        doc_type type = doc_node_type(n);
        if (type == DOC_TEXT || type == DOC_BREAK)
            return n;
        if (doc_node_last_child(n)) {
            n = doc_node_last_child(n);
            continue;
        }
        while (n != block && !doc_node_prev(n))
            n = doc_node_parent(n);
        n = n == block ? NULL : doc_node_prev(n);
    }
    return NULL;
}

/* Would a space here be the first thing on a line, or a second space? */
static bool space_is_redundant(doc_node *container)
{
    doc_node *last = last_leaf(enclosing_block(container));
    if (!last || doc_node_type(last) == DOC_BREAK)
        return true;
    const char *text = doc_node_text(last);
    size_t len = strlen(text);
    return len == 0 || text[len - 1] == ' ';
}

static bool set_text_or_fail(merge_state *st, xmlNodePtr tnode, doc_node *n, const char *text)
{
    GError *e = NULL;
    if (doc_node_set_text(n, text, &e))
        return true;
    fail_at(st, tnode, "%s", e->message);
    g_error_free(e);
    return false;
}

static bool append_child(merge_state *st, xmlNodePtr tnode, doc_node *parent, doc_node *child)
{
    GError *e = NULL;
    if (doc_node_append(parent, child, &e))
        return true;
    fail_at(st, tnode, "<%s> cannot go here: %s", tnode->name, e->message);
    g_error_free(e);
    return false;
}

/* A run of text may not pass GUARD_MAX_PARAGRAPH_BYTES: say where. */
static bool text_fits(merge_state *st, xmlNodePtr tnode, size_t bytes)
{
    long max = guard_limit(GUARD_PARAGRAPH_BYTES);
    if (bytes <= (size_t)max)
        return true;
    fail_at(st, tnode,
            "this makes a paragraph of more than %ld bytes of text, the most one paragraph "
            "may hold (%s); shorten the text or split it into paragraphs",
            max, guard_limit_variable(GUARD_PARAGRAPH_BYTES));
    return false;
}

static void append_text(merge_state *st, xmlNodePtr tnode, doc_node *container, const char *raw)
{
    char *folded = fold_space(raw);
    const char *text = folded;
    if (*text == ' ' && space_is_redundant(container))
        text++;
    doc_node *last = doc_node_last_child(container);
    size_t before = last && doc_node_type(last) == DOC_TEXT ? strlen(doc_node_text(last)) : 0;
    if (!*text || !text_fits(st, tnode, before + strlen(text))) {
        /* nothing to add, or too much */
    } else if (last && doc_node_type(last) == DOC_TEXT) {
        char *joined = g_strconcat(doc_node_text(last), text, NULL);
        set_text_or_fail(st, tnode, last, joined);
        g_free(joined);
    } else {
        doc_node *t = doc_node_new(st->doc, DOC_TEXT);
        if (set_text_or_fail(st, tnode, t, text))
            append_child(st, tnode, container, t);
    }
    g_free(folded);
}

/* Drop the space at the end of a block's text.  A text that was only that
 * space (white space after a link, say) is taken out altogether. */
static void trim_trailing_space(merge_state *st, xmlNodePtr tnode, doc_node *block)
{
    for (doc_node *last; (last = last_leaf(block)) && doc_node_type(last) == DOC_TEXT;) {
        const char *text = doc_node_text(last);
        size_t len = strlen(text);
        if (len > 0 && text[len - 1] != ' ')
            return;
        if (len > 1) {
            char *trimmed = g_strndup(text, len - 1);
            set_text_or_fail(st, tnode, last, trimmed);
            g_free(trimmed);
            return;
        }
        doc_node_unlink(last);
    }
}

/* Does a block hold any words or line breaks? */
static bool has_content(doc_node *block)
{
    doc_iter it;
    doc_iter_init(&it, block);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        if (doc_node_type(n) == DOC_BREAK || (doc_node_type(n) == DOC_TEXT && *doc_node_text(n)))
            return true;
    }
    return false;
}

/* ---- data prose (<rich>) ----------------------------------------------- */

static void rich_children(merge_state *st, xmlNodePtr tnode, xmlNodePtr data, doc_node *into);

static doc_node *new_inline(merge_state *st, xmlNodePtr tnode, doc_type type, doc_node *into)
{
    doc_node *n = doc_node_new(st->doc, type);
    return append_child(st, tnode, into, n) ? n : NULL;
}

static doc_node *exempt_into(merge_state *st, xmlNodePtr tnode, doc_node *into, int p)
{
    bool unattached = !doc_node_parent(enclosing_block(into));
    if (!p || exempt_above(into) || (unattached && exempt_above(st->holder)))
        return into;
    doc_node *last = doc_node_last_child(into);
    if (last && doc_node_type(last) == DOC_EXEMPT && doc_node_exempt(last) == p)
        return last;
    doc_node *run = doc_node_new(st->doc, DOC_EXEMPT);
    doc_node_set_exempt(run, p);
    return append_child(st, tnode, into, run) ? run : into;
}

/* <appendix doc="appendix-b"/> in prose: "Appendix B", the letter taken from
 * the manifest, so a re-lettered appendix needs no change to the prose. */
static void rich_appendix(merge_state *st, xmlNodePtr tnode, xmlNodePtr el, doc_node *into)
{
    char *doc = xmlload_attr(el, "doc");
    char *expr = g_strdup_printf("string($report/document[@output = '%s']/@appendix)",
                                 doc ? doc : "");
    char *letter = eval_string(st, tnode, expr, false);
    if (letter && *letter) {
        char *text = g_strdup_printf("Appendix %s", letter);
        append_text(st, tnode, into, text);
        g_free(text);
    } else if (letter && !failed(st)) {
        xmlload_error_at(&st->error, PAPERS_ERROR_INPUT, (const char *)el->doc->URL,
                         (int)xmlGetLineNo(el),
                         "<appendix doc=\"%s\"/>: the report manifest has no appendix "
                         "with output=\"%s\"", doc, doc);
    }
    g_free(letter);
    g_free(expr);
    xmlFree(doc);
}

/* <ref to="id"/> in prose: "paragraph 2.3", the label of the block with
 * that id.  Labels exist only once the tree is prepared, so the text holds
 * a marker (a private-use character around the ref's index) until then. */
#define REF_MARK "\xEE\x80\x80" /* U+E000 */

static void rich_ref(merge_state *st, xmlNodePtr tnode, xmlNodePtr el, doc_node *into)
{
    char *marker = g_strdup_printf(REF_MARK "%u" REF_MARK, st->refs->len);
    g_ptr_array_add(st->refs, el);
    append_text(st, tnode, into, marker);
    g_free(marker);
}

/* <exempt paragraph="N"> in prose: its paragraph; else 0. */
static int exempt_markup(xmlNodePtr el)
{
    if (!g_str_equal((const char *)el->name, "exempt"))
        return 0;
    char *v = xmlload_attr(el, "paragraph");
    int p = v ? atoi(v) : 0; /* the schema checked it */
    xmlFree(v);
    return p;
}

static void rich_element(merge_state *st, xmlNodePtr tnode, xmlNodePtr el, doc_node *into)
{
    const char *name = (const char *)el->name;
    int own = exempt_markup(el);
    into = exempt_into(st, tnode, into, own ? own : GPOINTER_TO_INT(el->_private));
    if (own) {
        rich_children(st, tnode, el->children, into);
        return;
    }
    doc_node *n = NULL;
    if (g_str_equal(name, "b"))
        n = new_inline(st, tnode, DOC_STRONG, into);
    else if (g_str_equal(name, "i"))
        n = new_inline(st, tnode, DOC_EMPH, into);
    else if (g_str_equal(name, "br")) {
        trim_trailing_space(st, tnode, enclosing_block(into));
        new_inline(st, tnode, DOC_BREAK, into);
        return;
    } else if (g_str_equal(name, "appendix")) {
        rich_appendix(st, tnode, el, into);
        return;
    } else if (g_str_equal(name, "ref")) {
        rich_ref(st, tnode, el, into);
        return;
    } else if (g_str_equal(name, "link")) {
        n = new_inline(st, tnode, DOC_LINK, into);
        char *href = xmlload_attr(el, "href");
        if (n)
            doc_node_set_url(n, href ? href : "");
        xmlFree(href);
    } else {
        return; /* not prose markup (sub-items, say): the template places those */
    }
    if (n)
        rich_children(st, tnode, el->children, n);
}

static void rich_children(merge_state *st, xmlNodePtr tnode, xmlNodePtr data, doc_node *into)
{
    for (xmlNodePtr c = data; c && !failed(st); c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            append_text(st, tnode, into, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            rich_element(st, tnode, c, into);
    }
}

/* Namespace nodes in a node-set are libxml2's own copies of declarations
 * (an xmlNs, smaller than an xmlNode), never data: a template that walks
 * them as nodes would read past their end.  Refused where node-sets are
 * walked. */
static bool selects_namespaces(merge_state *st, xmlNodePtr tnode, const xmlXPathObjectPtr obj,
                               const char *expr)
{
    for (int i = 0; obj && obj->nodesetval && i < obj->nodesetval->nodeNr; i++) {
        if (obj->nodesetval->nodeTab[i]->type == XML_NAMESPACE_DECL) {
            fail_at(st, tnode,
                    "'%s' selects namespace declarations, which are not data; select "
                    "elements or attributes",
                    expr);
            return true;
        }
    }
    return false;
}

static void inline_rich(merge_state *st, xmlNodePtr tnode, doc_node *into)
{
    char *expr = xmlload_attr(tnode, "of");
    xmlXPathObjectPtr obj = eval(st, tnode, expr);
    if (obj && selects_nothing(obj))
        fail_missing(st, tnode, expr);
    else if (obj && obj->type != XPATH_NODESET)
        fail_at(st, tnode, "<rich of=\"%s\"> must select data elements", expr);
    else
        selects_namespaces(st, tnode, obj, expr);
    for (int i = 0; obj && !failed(st) && obj->nodesetval && i < obj->nodesetval->nodeNr; i++) {
        xmlNodePtr data = obj->nodesetval->nodeTab[i];
        rich_children(st, tnode, data->children,
                      exempt_into(st, tnode, into, inputs_exempt_of(data)));
    }
    xmlXPathFreeObject(obj);
    xmlFree(expr);
}

/* ---- inline elements --------------------------------------------------- */

static void inline_value(merge_state *st, xmlNodePtr tnode, doc_node *into)
{
    char *expr = xmlload_attr(tnode, "of");
    char *optional = xmlload_attr(tnode, "optional");
    bool required = !(optional && g_str_equal(optional, "yes"));
    char *value = eval_string(st, tnode, expr, required);
    if (value && *value) {
        /* A value is a word group: keep the space before it that the
         * template had, which append_text folds and trims as usual. */
        append_text(st, tnode, exempt_into(st, tnode, into, expr_exempt(st, expr, 0)), value);
    }
    g_free(value);
    xmlFree(optional);
    xmlFree(expr);
}

static void inline_container(merge_state *st, xmlNodePtr tnode, doc_type type, doc_node *into)
{
    if (type == DOC_LINK) { /* an address from exempt data: the whole link is exempt */
        char *avt = xmlload_attr(tnode, "href");
        into = exempt_into(st, tnode, into, avt_exempt(st, avt));
        xmlFree(avt);
    }
    doc_node *n = new_inline(st, tnode, type, into);
    if (!n)
        return;
    if (type == DOC_LINK) {
        char *avt = xmlload_attr(tnode, "href");
        char *href = eval_avt(st, tnode, avt, true);
        if (href)
            doc_node_set_url(n, href);
        g_free(href);
        xmlFree(avt);
    }
    merge_target inner = {MODE_INLINE, n, NULL};
    merge_nodes(st, tnode->children, &inner);
}

static void inline_strong(merge_state *st, xmlNodePtr tnode, doc_node *into)
{
    inline_container(st, tnode, DOC_STRONG, into);
}

static void inline_emph(merge_state *st, xmlNodePtr tnode, doc_node *into)
{
    inline_container(st, tnode, DOC_EMPH, into);
}

static void inline_link(merge_state *st, xmlNodePtr tnode, doc_node *into)
{
    inline_container(st, tnode, DOC_LINK, into);
}

static void inline_break(merge_state *st, xmlNodePtr tnode, doc_node *into)
{
    trim_trailing_space(st, tnode, enclosing_block(into));
    new_inline(st, tnode, DOC_BREAK, into);
}

/* ---- blocks -------------------------------------------------------------- */

/* A new block for template element tnode, with its id, exempt mark and
 * source line, appended to parent. */
static doc_node *new_block(merge_state *st, xmlNodePtr tnode, doc_type type, doc_node *parent)
{
    doc_node *n = doc_node_new(st->doc, type);
    doc_node_set_source(n, st->template_path, (int)xmlGetLineNo(tnode));
    char *id = xmlload_attr(tnode, "id");
    if (id) {
        /* An id from data the data may not give ({@id}): then the default. */
        char *value = eval_avt(st, tnode, id, false);
        if (value && *value && doc_node_set_id(n, value))
            doc_node_set_id_exempt(n, avt_exempt(st, id));
        g_free(value);
    }
    xmlFree(id);
    char *exempt = xmlload_attr(tnode, "exempt");
    int p = exempt ? atoi(exempt) : 0; /* the schema checked it: 1 to 7 */
    xmlFree(exempt);
    if (!p && st->exempt && !exempt_above(parent))
        p = st->exempt;
    doc_node_set_exempt(n, p);
    if (failed(st) || !append_child(st, tnode, parent, n))
        return NULL;
    return n;
}

static int attr_int(xmlNodePtr tnode, const char *name, int fallback)
{
    char *v = xmlload_attr(tnode, name);
    int result = v ? atoi(v) : fallback;
    xmlFree(v);
    return result;
}

static bool attr_yes(xmlNodePtr tnode, const char *name)
{
    char *v = xmlload_attr(tnode, name);
    bool yes = v && g_str_equal(v, "yes");
    xmlFree(v);
    return yes;
}

/* The level attribute (the schema has checked its form), in range for n. */
static void set_level(merge_state *st, xmlNodePtr tnode, doc_node *n, int fallback)
{
    int level = attr_int(tnode, "level", fallback);
    if (!doc_node_set_level(n, level))
        fail_at(st, tnode, "level=\"%d\" is out of range for <%s>", level, tnode->name);
}

/* A block whose content is inline: title, heading, para. */
static void block_inline(merge_state *st, xmlNodePtr tnode, doc_type type, doc_node *parent)
{
    doc_node *n = new_block(st, tnode, type, parent);
    if (!n)
        return;
    if (type == DOC_TITLE || type == DOC_HEADING)
        set_level(st, tnode, n, 1);
    if (type == DOC_HEADING)
        doc_node_set_numbered(n, attr_yes(tnode, "numbered"));
    merge_target inner = {MODE_INLINE, n, NULL};
    merge_nodes(st, tnode->children, &inner);
    trim_trailing_space(st, tnode, n);
}

static void flush_pending(merge_state *st, xmlNodePtr tnode, merge_target *t)
{
    doc_node *p = t->pending;
    t->pending = NULL;
    if (!p || failed(st))
        return;
    trim_trailing_space(st, tnode, p);
    if (has_content(p))
        append_child(st, tnode, t->container, p);
}

/* A block whose content is flow: numbered, item, cell, motion, left/right. */
static void block_flow(merge_state *st, xmlNodePtr tnode, doc_type type, doc_node *parent)
{
    doc_node *n = new_block(st, tnode, type, parent);
    if (!n)
        return;
    if (type == DOC_NUMBERED)
        set_level(st, tnode, n, 0);
    merge_target inner = {MODE_FLOW, n, NULL};
    merge_nodes(st, tnode->children, &inner);
    flush_pending(st, tnode, &inner);
}

static void block_list(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    doc_node *n = new_block(st, tnode, DOC_LIST, parent);
    if (!n)
        return;
    char *kind = xmlload_attr(tnode, "kind");
    doc_node_set_list_kind(n, kind && g_str_equal(kind, "ordered") ? DOC_LIST_ORDERED
                                                                   : DOC_LIST_BULLET);
    xmlFree(kind);
    char *numbering = xmlload_attr(tnode, "numbering");
    if (numbering && doc_node_list_kind(n) == DOC_LIST_BULLET)
        fail_at(st, tnode, "numbering=\"%s\" is for ordered lists: add kind=\"ordered\"",
                numbering);
    doc_node_set_numbering(n, numbering);
    xmlFree(numbering);
    merge_target inner = {MODE_ITEMS, n, NULL};
    merge_nodes(st, tnode->children, &inner);
}

static void block_table(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    doc_node *n = new_block(st, tnode, DOC_TABLE, parent);
    if (!n)
        return;
    char *borders = xmlload_attr(tnode, "borders");
    doc_node_set_borders(n, !(borders && g_str_equal(borders, "none")));
    xmlFree(borders);
    char *avt = xmlload_attr(tnode, "caption");
    char *caption = avt ? eval_avt(st, tnode, avt, true) : NULL;
    GError *bad = NULL;
    if (caption && !doc_node_set_caption(n, g_strstrip(caption), &bad))
        fail_at(st, tnode, "caption=\"%s\": %s", avt, bad ? bad->message : "not a table");
    g_clear_error(&bad);
    g_free(caption);
    xmlFree(avt);
    char *widths = xmlload_attr(tnode, "widths");
    if (widths) {
        char **parts = g_strsplit_set(widths, " \t\n", -1);
        GArray *values = g_array_new(FALSE, FALSE, sizeof(double));
        for (int i = 0; parts[i]; i++) {
            if (!*parts[i])
                continue;
            double w = g_ascii_strtod(parts[i], NULL);
            g_array_append_val(values, w);
        }
        doc_node_set_column_widths(n, (double *)(void *)values->data, (int)values->len);
        g_array_free(values, TRUE);
        g_strfreev(parts);
        xmlFree(widths);
    }
    merge_target inner = {MODE_ROWS, n, NULL};
    merge_nodes(st, tnode->children, &inner);
}

static void block_row(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    doc_node *n = new_block(st, tnode, DOC_ROW, parent);
    if (!n)
        return;
    char *header = xmlload_attr(tnode, "header");
    doc_node_set_header_row(n, header && g_str_equal(header, "yes"));
    xmlFree(header);
    merge_target inner = {MODE_CELLS, n, NULL};
    merge_nodes(st, tnode->children, &inner);
}

static void block_signature(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    doc_node *n = new_block(st, tnode, DOC_SIGNATURE, parent);
    if (!n)
        return;
    merge_target inner = {MODE_SIGNATURE, n, NULL};
    merge_nodes(st, tnode->children, &inner);
}

static void block_section(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    doc_node *n = new_block(st, tnode, DOC_SECTION, parent);
    if (!n)
        return;
    merge_target inner = {MODE_BLOCKS, n, NULL};
    merge_nodes(st, tnode->children, &inner);
}

static void block_title(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    block_inline(st, tnode, DOC_TITLE, parent);
}

static void block_heading(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    block_inline(st, tnode, DOC_HEADING, parent);
}

static void block_para(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    block_inline(st, tnode, DOC_PARAGRAPH, parent);
}

static void block_numbered(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    block_flow(st, tnode, DOC_NUMBERED, parent);
}

static void block_motion(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    block_flow(st, tnode, DOC_MOTION, parent);
}

static void block_item(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    block_flow(st, tnode, DOC_ITEM, parent);
}

static void block_cell(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    block_flow(st, tnode, DOC_CELL, parent);
}

static void block_page_break(merge_state *st, xmlNodePtr tnode, doc_node *parent)
{
    new_block(st, tnode, DOC_PAGE_BREAK, parent);
}

/* ---- control --------------------------------------------------------------- */

/* A for-each selects more nodes than a list may hold: blame the data at
 * the first node over the limit when it has a file, else the template. */
static void fail_too_many(merge_state *st, xmlNodePtr tnode, const char *select,
                          xmlNodePtr first_over, int count)
{
    long max = guard_limit(GUARD_REPEAT);
    const char *variable = guard_limit_variable(GUARD_REPEAT);
    if (first_over && first_over->doc && first_over->doc->URL)
        xmlload_error_at(&st->error, PAPERS_ERROR_INPUT, (const char *)first_over->doc->URL,
                         (int)xmlGetLineNo(first_over),
                         "this is item %ld of %d that '%s' (%s:%d) repeats, more than the "
                         "%ld one list may hold (%s); split the data into several documents",
                         max + 1, count, select, st->template_path, (int)xmlGetLineNo(tnode),
                         max, variable);
    else
        fail_at(st, tnode,
                "'%s' selects %d items, more than the %ld one list may hold (%s); split the "
                "data into several documents",
                select, count, max, variable);
}

static void control_for_each(merge_state *st, xmlNodePtr tnode, merge_target *t)
{
    char *select = xmlload_attr(tnode, "select");
    xmlXPathObjectPtr obj = eval(st, tnode, select);
    if (obj && obj->type != XPATH_NODESET)
        fail_at(st, tnode, "for-each select='%s' must select nodes", select);
    xmlXPathContextPtr x = st->xpath;
    xmlNodePtr saved_node = x->node, saved_current = st->report.current;
    xmlDocPtr saved_doc = x->doc;
    int saved_size = x->contextSize, saved_pos = x->proximityPosition;
    int count = obj && obj->nodesetval ? obj->nodesetval->nodeNr : 0;
    int outer = st->exempt;
    if (selects_namespaces(st, tnode, obj, select))
        count = 0;
    else if (count > guard_limit(GUARD_REPEAT))
        fail_too_many(st, tnode, select, obj->nodesetval->nodeTab[guard_limit(GUARD_REPEAT)],
                      count);
    for (int i = 0; i < count && !failed(st); i++) {
        xmlNodePtr item = obj->nodesetval->nodeTab[i];
        x->node = item;
        x->doc = item->doc;
        x->contextSize = count;
        x->proximityPosition = i + 1;
        st->report.current = item;
        st->exempt = outer ? outer : inputs_exempt_of(item);
        merge_nodes(st, tnode->children, t);
    }
    st->exempt = outer;
    x->node = saved_node;
    x->doc = saved_doc;
    x->contextSize = saved_size;
    x->proximityPosition = saved_pos;
    st->report.current = saved_current;
    xmlXPathFreeObject(obj);
    xmlFree(select);
}

/* Content chosen by a test: exempt when a test that chose it reads exempt
 * data (what is printed tells what the data says). */
static void merge_chosen(merge_state *st, xmlNodePtr content, merge_target *t, int test_exempt)
{
    int outer = st->exempt;
    if (!outer)
        st->exempt = test_exempt;
    merge_nodes(st, content, t);
    st->exempt = outer;
}

static int test_exempt(merge_state *st, xmlNodePtr tnode)
{
    char *test = xmlload_attr(tnode, "test");
    int p = expr_exempt(st, test, 0);
    xmlFree(test);
    return p;
}

static void control_choose(merge_state *st, xmlNodePtr tnode, merge_target *t)
{
    int read = 0; /* a later branch is chosen because the tests before it failed */
    for (xmlNodePtr c = tnode->children; c && !failed(st); c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        bool otherwise = g_str_equal(c->name, "otherwise");
        if (!read && !otherwise)
            read = test_exempt(st, c);
        if (otherwise || eval_test(st, c)) {
            merge_chosen(st, c->children, t, read);
            return;
        }
    }
}

static void control_if(merge_state *st, xmlNodePtr tnode, merge_target *t)
{
    if (eval_test(st, tnode))
        merge_chosen(st, tnode->children, t, test_exempt(st, tnode));
}

/* ---- dispatch ------------------------------------------------------------ */

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (!g_ascii_isspace(*s))
            return false;
    return true;
}

static doc_node *pending_paragraph(merge_state *st, xmlNodePtr tnode, merge_target *t)
{
    if (!t->pending) {
        t->pending = doc_node_new(st->doc, DOC_PARAGRAPH);
        doc_node_set_source(t->pending, st->template_path, (int)xmlGetLineNo(tnode));
    }
    return t->pending;
}

/* ---- the vocabulary ------------------------------------------------------ */

#define IN(mode) (1u << (mode))
#define IN_CONTENT (IN(MODE_BLOCKS) | IN(MODE_FLOW) | IN(MODE_INLINE) | IN(MODE_ITEMS) | \
                    IN(MODE_ROWS) | IN(MODE_CELLS))

/* Every template element: where it may stand and what handles it.  The
 * template schema and templates/README.md describe the same set; a unit
 * test (test_vocabulary.c) holds the three together. */
static const merge_element vocabulary[] = {
    {"template", 0, MERGE_ROOT, NULL, NULL, "the root: <meta>, then blocks"},
    {"meta", IN(MODE_TOP), MERGE_ROOT, NULL, NULL, "document properties"},
    {"title", IN(MODE_BLOCKS), MERGE_BLOCK, block_title, NULL, "a centred title line"},
    {"section", IN(MODE_BLOCKS), MERGE_BLOCK, block_section, NULL,
     "a group of blocks with a stable name"},
    {"heading", IN(MODE_BLOCKS), MERGE_BLOCK, block_heading, NULL, "a heading"},
    {"para", IN(MODE_BLOCKS) | IN(MODE_FLOW), MERGE_BLOCK, block_para, NULL,
     "a plain paragraph"},
    {"numbered", IN(MODE_BLOCKS), MERGE_BLOCK, block_numbered, NULL, "a numbered paragraph"},
    {"list", IN(MODE_BLOCKS) | IN(MODE_FLOW), MERGE_BLOCK, block_list, NULL, "a list"},
    {"item", IN(MODE_ITEMS), MERGE_BLOCK, block_item, NULL, "a list item"},
    {"table", IN(MODE_BLOCKS) | IN(MODE_FLOW), MERGE_BLOCK, block_table, NULL,
     "a table, with its caption"},
    {"row", IN(MODE_ROWS), MERGE_BLOCK, block_row, NULL, "a table row"},
    {"cell", IN(MODE_CELLS), MERGE_BLOCK, block_cell, NULL, "a table cell"},
    {"motion", IN(MODE_BLOCKS), MERGE_BLOCK, block_motion, NULL, "the motion to be moved"},
    {"signature", IN(MODE_BLOCKS), MERGE_BLOCK, block_signature, NULL,
     "date on the left, name and role on the right"},
    {"left", IN(MODE_SIGNATURE), MERGE_BLOCK, block_cell, NULL, "a signature's left side"},
    {"right", IN(MODE_SIGNATURE), MERGE_BLOCK, block_cell, NULL, "a signature's right side"},
    {"page-break", IN(MODE_BLOCKS), MERGE_BLOCK, block_page_break, NULL, "a new page"},
    {"value", IN(MODE_INLINE) | IN(MODE_FLOW), MERGE_INLINE, inline_value, NULL,
     "the string value of an expression"},
    {"rich", IN(MODE_INLINE) | IN(MODE_FLOW), MERGE_INLINE, inline_rich, NULL,
     "officer-written prose from the data, with its markup"},
    {"b", IN(MODE_INLINE) | IN(MODE_FLOW), MERGE_INLINE, inline_strong, NULL, "bold"},
    {"i", IN(MODE_INLINE) | IN(MODE_FLOW), MERGE_INLINE, inline_emph, NULL, "italic"},
    {"link", IN(MODE_INLINE) | IN(MODE_FLOW), MERGE_INLINE, inline_link, NULL, "a hyperlink"},
    {"br", IN(MODE_INLINE) | IN(MODE_FLOW), MERGE_INLINE, inline_break, NULL, "a line break"},
    {"for-each", IN_CONTENT, MERGE_CONTROL, NULL, control_for_each,
     "its content once per selected node"},
    {"if", IN_CONTENT, MERGE_CONTROL, NULL, control_if, "its content when the test is true"},
    {"choose", IN_CONTENT, MERGE_CONTROL, NULL, control_choose,
     "the first branch whose test is true"},
    {"when", IN(MODE_CHOOSE), MERGE_CONTROL, NULL, NULL, "a branch of <choose>"},
    {"otherwise", IN(MODE_CHOOSE), MERGE_CONTROL, NULL, NULL, "the last branch of <choose>"},
};

const merge_element *merge_vocabulary(size_t *count)
{
    *count = G_N_ELEMENTS(vocabulary);
    return vocabulary;
}

static const merge_element *vocabulary_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(vocabulary); i++)
        if (g_str_equal(vocabulary[i].name, name))
            return &vocabulary[i];
    return NULL;
}

static const char *const mode_names[MERGE_MODE_COUNT] = {
    [MODE_BLOCKS] = "among blocks", [MODE_FLOW] = "in a numbered paragraph, item or cell",
    [MODE_INLINE] = "inside a paragraph", [MODE_ITEMS] = "directly inside a list",
    [MODE_ROWS] = "directly inside a table", [MODE_CELLS] = "directly inside a row",
    [MODE_SIGNATURE] = "inside a signature", [MODE_CHOOSE] = "inside <choose>",
    [MODE_TOP] = "at the top of the template",
};

/* ---- dispatch ------------------------------------------------------------ */

/* Where inline content goes: the container, or in a flow place the
 * paragraph being gathered; inside an EXEMPT node when made from exempt
 * data (st->exempt) in a place not exempt already. */
static doc_node *inline_target(merge_state *st, xmlNodePtr tnode, merge_target *t, bool words)
{
    doc_node *into = t->mode == MODE_FLOW ? pending_paragraph(st, tnode, t) : t->container;
    if (words && st->exempt && !exempt_above(t->container))
        into = exempt_into(st, tnode, into, st->exempt);
    return into;
}

static void place_text(merge_state *st, xmlNodePtr tnode, merge_target *t)
{
    const char *text = (const char *)tnode->content;
    bool words = !is_blank(text); /* a space is no information */
    if (t->mode == MODE_INLINE || (t->mode == MODE_FLOW && (t->pending || words)))
        append_text(st, tnode, inline_target(st, tnode, t, words), text);
    else if (words)
        fail_at(st, tnode, "text cannot stand %s; put it in a <para>", mode_names[t->mode]);
}

static void place_content(merge_state *st, xmlNodePtr tnode, merge_target *t);

static void place_node(merge_state *st, xmlNodePtr tnode, merge_target *t)
{
    if (++st->steps > guard_limit(GUARD_STEPS)) {
        fail_at(st, tnode,
                "this document takes more than %ld template steps, the most one document may "
                "take (%s): a <for-each> inside another repeats too much; split the document "
                "or the data",
                guard_limit(GUARD_STEPS), guard_limit_variable(GUARD_STEPS));
        return;
    }
    doc_node *outer = st->holder;
    st->holder = t->container;
    place_content(st, tnode, t);
    st->holder = outer;
}

static void place_content(merge_state *st, xmlNodePtr tnode, merge_target *t)
{
    if (tnode->type == XML_TEXT_NODE) {
        place_text(st, tnode, t);
        return;
    }
    const merge_element *el = vocabulary_find((const char *)tnode->name);
    if (!el || !(el->places & IN(t->mode)) || (el->kind == MERGE_CONTROL && !el->control)) {
        fail_at(st, tnode, "<%s> cannot stand %s", tnode->name, mode_names[t->mode]);
        return;
    }
    switch (el->kind) {
    case MERGE_CONTROL:
        el->control(st, tnode, t);
        break;
    case MERGE_INLINE:
        el->handle(st, tnode, inline_target(st, tnode, t, true));
        break;
    case MERGE_BLOCK:
        flush_pending(st, tnode, t);
        if (!failed(st))
            el->handle(st, tnode, t->container);
        break;
    case MERGE_ROOT:
        break;
    }
}

static void merge_nodes(merge_state *st, xmlNodePtr first, merge_target *t)
{
    for (xmlNodePtr c = first; c && !failed(st); c = c->next)
        if (c->type == XML_ELEMENT_NODE || c->type == XML_TEXT_NODE)
            place_node(st, c, t);
}

/* ---- entry --------------------------------------------------------------- */

static void apply_meta(merge_state *st, xmlNodePtr meta)
{
    static const struct {
        const char *attr;
        doc_meta key;
    } fields[] = {
        {"title", DOC_META_TITLE}, {"subject", DOC_META_SUBJECT},
        {"author", DOC_META_AUTHOR}, {"date", DOC_META_DATE},
        {"language", DOC_META_LANGUAGE}, {"header", DOC_META_HEADER},
    };
    char *numbering = xmlload_attr(meta, "numbering");
    doc_document_set_numbering(st->doc, numbering);
    xmlFree(numbering);
    for (size_t i = 0; i < G_N_ELEMENTS(fields) && !failed(st); i++) {
        char *avt = xmlload_attr(meta, fields[i].attr);
        char *value = avt ? eval_avt(st, meta, avt, true) : NULL;
        if (value)
            doc_document_set_meta(st->doc, fields[i].key, value);
        if (value)
            doc_document_set_meta_exempt(st->doc, fields[i].key, avt_exempt(st, avt));
        g_free(value);
        xmlFree(avt);
    }
}

static xmlXPathContextPtr new_xpath_context(const inputs_report *report,
                                            const inputs_document *document)
{
    xmlNodePtr manifest_root = xmlDocGetRootElement(report->manifest);
    xmlXPathContextPtr x = xmlXPathNewContext(report->manifest);
    /* libxml2 counts the steps of every expression on this context. */
    x->opLimit = (unsigned long)guard_limit(GUARD_XPATH_STEPS);
    x->node = manifest_root;
    xmlXPathRegisterVariable(x, (const xmlChar *)"report", xmlXPathNewNodeSet(manifest_root));
    for (guint i = 0; i < document->data->len; i++) {
        const char *name = g_ptr_array_index(document->data, i);
        xmlDocPtr data = inputs_data(report, name);
        if (data)
            xmlXPathRegisterVariable(x, (const xmlChar *)name,
                                     xmlXPathNewNodeSet(xmlDocGetRootElement(data)));
    }
    return x;
}

/* ---- references ------------------------------------------------------------ */

/* How prose names a numbered block: "paragraph 2.3", "section 2", or the
 * item's own label "(b)".  A label's closing full stop is not part of the
 * reference ("paragraph 3", not "paragraph 3."). */
static char *ref_text(const doc_node *target)
{
    char *label = g_strdup(doc_node_label(target));
    gsize len = strlen(label);
    if (len > 1 && label[len - 1] == '.')
        label[len - 1] = '\0';
    char *text;
    switch (doc_node_type(target)) {
    case DOC_NUMBERED: text = g_strdup_printf("paragraph %s", label); break;
    case DOC_HEADING: text = g_strdup_printf("section %s", label); break;
    default: text = g_strdup(label); break;
    }
    g_free(label);
    return text;
}

static void fail_ref(merge_state *st, xmlNodePtr el, const char *fmt, const char *target)
{
    if (failed(st))
        return;
    char *what = g_strdup_printf(fmt, target);
    xmlload_error_at(&st->error, PAPERS_ERROR_INPUT, (const char *)el->doc->URL,
                     (int)xmlGetLineNo(el), "%s", what);
    g_free(what);
}

/* The text of ref number index, or NULL after an error. */
static char *resolve_ref(merge_state *st, GHashTable *ids, guint index)
{
    if (index >= st->refs->len)
        return NULL;
    xmlNodePtr el = g_ptr_array_index(st->refs, index);
    char *target = xmlload_attr(el, "to");
    const doc_node *node = g_hash_table_lookup(ids, target ? target : "");
    char *text = NULL;
    if (!node)
        fail_ref(st, el, "<ref to=\"%s\"/>: this document has no block with that id; "
                 "give the paragraph an id and the template id=\"{@id}\"", target);
    else if (!doc_node_label(node))
        fail_ref(st, el, "<ref to=\"%s\"/>: that block has no number to refer to", target);
    else
        text = ref_text(node);
    xmlFree(target);
    return text;
}

/* Replace the markers in one text. */
static void resolve_text(merge_state *st, GHashTable *ids, doc_node *text_node)
{
    const char *text = doc_node_text(text_node);
    if (!strstr(text, REF_MARK))
        return;
    GString *out = g_string_new(NULL);
    for (const char *p = text; *p && !failed(st);) {
        const char *mark = strstr(p, REF_MARK);
        if (!mark) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, mark - p);
        /* A marker is exactly MARK digits MARK naming a ref met.  U+E000 is
         * also a character data may hold: anything else is that, kept as
         * it is (reading on past a lone one read past the text's end). */
        const char *digits = mark + strlen(REF_MARK);
        char *end = NULL;
        guint64 index = g_ascii_isdigit(*digits) ? g_ascii_strtoull(digits, &end, 10) : 0;
        if (!end || !g_str_has_prefix(end, REF_MARK) || index >= st->refs->len) {
            g_string_append(out, REF_MARK);
            p = digits;
            continue;
        }
        char *resolved = resolve_ref(st, ids, (guint)index);
        if (resolved)
            g_string_append(out, resolved);
        g_free(resolved);
        p = end + strlen(REF_MARK);
    }
    if (!failed(st))
        doc_node_set_text(text_node, out->str, NULL);
    g_string_free(out, TRUE);
}

static void resolve_refs(merge_state *st)
{
    if (st->refs->len == 0)
        return;
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    doc_iter it;
    doc_iter_init(&it, doc_document_root(st->doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        if (ev == DOC_EVENT_ENTER && doc_node_id(n))
            g_hash_table_insert(ids, (gpointer)doc_node_id(n), n);
    }
    doc_iter_init(&it, doc_document_root(st->doc));
    for (doc_event ev; !failed(st) && (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        if (doc_node_type(doc_iter_node(&it)) == DOC_TEXT)
            resolve_text(st, ids, doc_iter_node(&it));
    g_hash_table_destroy(ids);
}

/* Each block's id names one block: <ref> and the archive find blocks by
 * id, so two blocks with the same id (from the template or from the data,
 * id="{@id}") are an error at the second one's template line. */
static void check_unique_ids(merge_state *st)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    doc_iter it;
    doc_iter_init(&it, doc_document_root(st->doc));
    for (doc_event ev; !failed(st) && (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        const char *id = doc_node_id(n);
        if (ev != DOC_EVENT_ENTER || !id)
            continue;
        const doc_node *first = g_hash_table_lookup(seen, id);
        if (first)
            xmlload_error_at(&st->error, PAPERS_ERROR_TEMPLATE, doc_node_source_file(n),
                             doc_node_source_line(n),
                             "the id \"%s\" is also the id of the %s of line %d; an id "
                             "names one block: give this one another id",
                             id, doc_type_name(doc_node_type(first)),
                             doc_node_source_line(first));
        else
            g_hash_table_insert(seen, (gpointer)id, (gpointer)n);
    }
    g_hash_table_destroy(seen);
}

/* ---- exempt blocks ------------------------------------------------------------ */

/* The one paragraph all of a block's words are exempt under, or 0 (some
 * words public, or none exempt, or under two paragraphs). */
static int all_words_exempt(const doc_node *block)
{
    int p = 0;
    for (const doc_node *c = doc_node_first_child(block); c; c = doc_node_next(c)) {
        if (doc_node_type(c) == DOC_TEXT && is_blank(doc_node_text(c)))
            continue;
        if (doc_node_type(c) != DOC_EXEMPT || (p && doc_node_exempt(c) != p))
            return 0;
        p = doc_node_exempt(c);
    }
    return p;
}

/* Mark the block exempt under p and take its words out of their EXEMPT
 * nodes. */
static void promote(doc_node *block, int p)
{
    GPtrArray *children = doc_node_take_children(block);
    for (guint i = 0; i < children->len; i++) {
        doc_node *c = g_ptr_array_index(children, i);
        if (doc_node_type(c) != DOC_EXEMPT) {
            doc_node_append(block, c, NULL);
            continue;
        }
        for (doc_node *w; (w = doc_node_first_child(c)) != NULL;) {
            doc_node_unlink(w);
            doc_node_append(block, w, NULL);
        }
    }
    g_ptr_array_free(children, TRUE);
    doc_node_set_exempt(block, p);
}

/* A paragraph, heading or title whose words are all exempt is an exempt
 * block; an EXEMPT node left with no words (white space trimmed off) goes. */
static void settle_exempt(merge_state *st)
{
    GPtrArray *empty = g_ptr_array_new();
    doc_iter it;
    doc_iter_init(&it, doc_document_root(st->doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        doc_type type = doc_node_type(n);
        if (ev != DOC_EVENT_ENTER)
            continue;
        if (type == DOC_EXEMPT && !has_content(n))
            g_ptr_array_add(empty, n);
        int p = (type == DOC_PARAGRAPH || type == DOC_HEADING || type == DOC_TITLE) &&
                        !exempt_above(n)
                    ? all_words_exempt(n)
                    : 0;
        if (p)
            promote(n, p);
    }
    for (guint i = 0; i < empty->len; i++)
        doc_node_unlink(g_ptr_array_index(empty, i));
    g_ptr_array_free(empty, TRUE);
}

/* Prepare the merged tree; a numbering problem is the template's. */
static bool prepare(merge_state *st, const house_style *style, const doc_measure *measure)
{
    GError *e = NULL;
    if (!doc_document_prepare(st->doc, style, measure, &e)) {
        if (g_str_has_prefix(e->message, st->template_path)) /* it names the line */
            g_set_error_literal(&st->error, PAPERS_ERROR, PAPERS_ERROR_TEMPLATE, e->message);
        else
            g_set_error(&st->error, PAPERS_ERROR, PAPERS_ERROR_TEMPLATE, "%s: %s",
                        st->template_path, e->message);
        g_error_free(e);
        return false;
    }
    return true;
}

/* Linear and cheap beside writing: checked on every merge, so every build
 * and every test proves the tree is as the writers expect.  After the
 * template's own mistakes (a repeated id) have been reported as such. */
static bool check_tree(merge_state *st)
{
    GError *e = NULL;
    if (!doc_document_check(st->doc, &e)) {
        g_set_error(&st->error, PAPERS_ERROR, PAPERS_ERROR_TEMPLATE,
                    "%s: internal error, the document tree is not as prepared: %s",
                    st->template_path, e->message);
        g_error_free(e);
        return false;
    }
    return true;
}

doc_document *merge_document(const inputs_report *report, const inputs_document *document,
                             const char *template_path, const char *schema_dir,
                             const house_style *style, const doc_measure *measure,
                             build_deps *read, GError **error)
{
    char *schema = g_build_filename(schema_dir, "template.xsd", NULL);
    GError *load_error = NULL;
    xmlDocPtr template = xmlload_file(template_path, schema, read, DEP_TEMPLATE, &load_error);
    g_free(schema);
    if (!template) {
        g_set_error_literal(error, PAPERS_ERROR, PAPERS_ERROR_TEMPLATE, load_error->message);
        g_error_free(load_error);
        return NULL;
    }
    merge_state st = {.inputs = report, .document = document, .template_path = template_path,
                      .doc = doc_document_new(), .refs = g_ptr_array_new()};
    st.xpath = new_xpath_context(report, document);
    xpathfn_register(st.xpath, &st.report);
    /* libxml2 prints some XPath errors itself ("function x not found"); each
     * error reaches the user once, as one line of ours. */
    xmlGenericErrorFunc saved_handler = xmlGenericError;
    void *saved_context = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, xmlload_quiet);
    doc_node_set_exempt(doc_document_root(st.doc), document->exempt);
    merge_target body = {MODE_BLOCKS, doc_document_root(st.doc), NULL};
    for (xmlNodePtr c = xmlDocGetRootElement(template)->children; c && !failed(&st); c = c->next) {
        if (c->type == XML_ELEMENT_NODE && g_str_equal(c->name, "meta"))
            apply_meta(&st, c);
        else if (c->type == XML_ELEMENT_NODE)
            place_node(&st, c, &body);
    }
    xmlSetGenericErrorFunc(saved_context, saved_handler);
    xpathfn_report_reset(&st.report);
    xmlXPathFreeContext(st.xpath);
    xmlFreeDoc(template);
    if (!failed(&st))
        settle_exempt(&st);
    if (!failed(&st) && prepare(&st, style, measure))
        check_unique_ids(&st);
    if (!failed(&st))
        check_tree(&st);
    if (!failed(&st))
        resolve_refs(&st);
    g_ptr_array_free(st.refs, TRUE);
    if (failed(&st)) {
        g_propagate_error(error, st.error);
        doc_document_free(st.doc);
        return NULL;
    }
    return st.doc;
}
