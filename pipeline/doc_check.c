/*
 * doc_check.c - the tree's invariant checker (doc_document_check in doc.h).
 *
 * It re-verifies, independently of the code that made them, what every
 * writer relies on: the links between nodes, the shape rules, the ranges of
 * levels, that every label is the one Word would show for its numbering
 * instance and level, sane indents and column fractions, and ids that are
 * present and unique, and that a redline's marks are consistent.  The
 * first problem found is reported, naming the node's id or type and its
 * template line.
 */
#include "doc_private.h"

#include <math.h>

typedef struct {
    const doc_document *doc;
    int outline_level;   /* the last title's or heading's */
    GHashTable *ids;     /* id -> node */
    GArray *counters;    /* doc_counters per numbering instance */
    GError *error;
} check_state;

static void G_GNUC_PRINTF(3, 4) check_fail(check_state *st, const doc_node *n, const char *fmt,
                                            ...)
{
    if (st->error)
        return;
    va_list args;
    va_start(args, fmt);
    char *what = g_strdup_vprintf(fmt, args);
    va_end(args);
    g_set_error(&st->error, DOC_ERROR, DOC_ERROR_INVARIANT, "%s %s (%s:%d): %s",
                doc_type_name(n->type), n->id ? n->id : "(no id)",
                n->source_file ? n->source_file : "?", n->source_line, what);
    g_free(what);
}

static void check_links(check_state *st, const doc_node *n)
{
    const doc_node *prev = NULL;
    for (const doc_node *c = n->first; c; prev = c, c = c->next) {
        if (c->parent != n || c->prev != prev || c->doc != st->doc)
            check_fail(st, c, "is not linked into its parent as its siblings say");
        if (!doc_can_contain(n->type, c->type))
            check_fail(st, c, "cannot be inside a %s", doc_type_name(n->type));
    }
    if (n->last != prev)
        check_fail(st, n, "its last child is not the end of its child list");
    if (n->type == DOC_SIGNATURE && doc_node_child_count(n) > 2)
        check_fail(st, n, "a signature has two cells, not %d", doc_node_child_count(n));
}

static void check_levels(check_state *st, const doc_node *n)
{
    bool ok = true;
    if (n->type == DOC_TITLE)
        ok = n->level >= 1 && n->level <= 2;
    else if (n->type == DOC_HEADING)
        ok = n->level >= 1 && n->level <= 3;
    else if (n->type == DOC_NUMBERED)
        ok = n->level >= 0 && n->level <= NUM_MAX_LEVELS;
    if (!ok)
        check_fail(st, n, "level %d is out of range", n->level);
    if (n->type == DOC_TITLE || n->type == DOC_HEADING) {
        if (n->outline_level < 1 || n->outline_level > st->outline_level + 1 ||
            n->outline_level > DOC_MAX_OUTLINE_LEVEL)
            check_fail(st, n, "outline level %d after %d: levels must not skip",
                       n->outline_level, st->outline_level);
        st->outline_level = n->outline_level;
    } else if (n->outline_level != 0) {
        check_fail(st, n, "an outline level on a %s", doc_type_name(n->type));
    }
    if ((n->type == DOC_LIST || n->type == DOC_ITEM) && n->depth >= DOC_MAX_LIST_DEPTH)
        check_fail(st, n, "nested %d deep; the limit is %d", n->depth + 1, DOC_MAX_LIST_DEPTH);
}

static bool is_labelled(const doc_node *n)
{
    return n->type == DOC_NUMBERED || n->type == DOC_ITEM ||
           (n->type == DOC_HEADING && n->numbered);
}

/* Count n as Word would in its instance and compare with the label: a
 * level counts from its start, and a level above not counted yet in the
 * instance shows its start. */
static void check_label(check_state *st, const doc_node *n)
{
    if (!is_labelled(n)) {
        if (n->label)
            check_fail(st, n, "has a label (\"%s\") but nothing to number", n->label);
        return;
    }
    const doc_numbering *numbering = doc_document_numbering(st->doc, n->instance);
    if (!n->label || !numbering || n->number_level < 1 || n->number_level > NUM_LEVELS) {
        check_fail(st, n, "is not numbered (was the tree prepared?)");
        return;
    }
    if (numbering->list != (n->type == DOC_ITEM)) {
        check_fail(st, n, "counts in a numbering instance of the wrong kind");
        return;
    }
    if (n->change == DOC_CHANGE_DELETED)
        return; /* not in the new version: Word does not count it once accepted */
    if ((int)st->counters->len < n->instance)
        g_array_set_size(st->counters, (guint)n->instance);
    doc_counters *c = &g_array_index(st->counters, doc_counters, n->instance - 1);
    int level = n->number_level;
    c->value[level - 1] = c->value[level - 1] ? c->value[level - 1] + 1
                                              : numbering->start[level - 1];
    for (int i = level; i < NUM_LEVELS; i++)
        c->value[i] = 0;
    bool bullet = numbering->list && numbering->kind == DOC_LIST_BULLET;
    int shown[NUM_LEVELS];
    doc_shown_counters(numbering, c, level, shown);
    char *expected = bullet ? g_strdup(num_scheme_level(numbering->scheme, level)->text)
                            : num_label(numbering->scheme, level, shown);
    if (!g_str_equal(expected, n->label))
        check_fail(st, n, "is labelled \"%s\" where Word would show \"%s\"", n->label, expected);
    else if (!bullet && n->number != c->value[level - 1])
        check_fail(st, n, "counts %d where Word counts %d", n->number, c->value[level - 1]);
    else if (!bullet && n->start && n->start != n->number)
        check_fail(st, n, "must show %d but counts %d", n->start, n->number);
    g_free(expected);
}

static bool finite_length(double x) { return isfinite(x) && x >= 0 && x < 1e5; }

static void check_geometry(check_state *st, const doc_node *n)
{
    if (!finite_length(n->indent) || !finite_length(n->label_indent))
        check_fail(st, n, "has an impossible indent");
    if (is_labelled(n) && n->label_indent > n->indent)
        check_fail(st, n, "its label starts right of its text");
    if (n->type != DOC_TABLE)
        return;
    double sum = 0;
    int widest = 0;
    for (const doc_node *row = n->first; row; row = row->next)
        widest = MAX(widest, doc_node_child_count(row));
    for (int i = 0; i < n->n_fractions; i++) {
        if (!(n->fractions[i] > 0))
            check_fail(st, n, "column %d has no width", i + 1);
        sum += n->fractions[i];
    }
    if (n->n_fractions < MAX(widest, 1) || fabs(sum - 1) > 1e-9)
        check_fail(st, n, "its column fractions do not cover its columns");
}

/* A block inserted or deleted whole is so with everything in it; words
 * are marked only in blocks that are in both versions. */
static void check_change(check_state *st, const doc_node *n)
{
    const doc_node *block = n->parent;
    while (block && doc_type_is_inline(block->type))
        block = block->parent;
    doc_change around = block ? block->change : DOC_CHANGE_NONE;
    if (doc_type_is_inline(n->type)) {
        if ((n->type == DOC_INSERTED || n->type == DOC_DELETED) && around != DOC_CHANGE_NONE)
            check_fail(st, n, "marks words inside a block that is %s whole",
                       around == DOC_CHANGE_INSERTED ? "inserted" : "deleted");
    } else if (around != DOC_CHANGE_NONE && n->change != around) {
        check_fail(st, n, "is not marked as the %s block it is in",
                   around == DOC_CHANGE_INSERTED ? "inserted" : "deleted");
    }
}

/* Words marked exempt say under which paragraph of Schedule 12A. */
static void check_exempt(check_state *st, const doc_node *n)
{
    if (n->exempt < 0 || n->exempt > DOC_EXEMPT_PARAGRAPHS)
        check_fail(st, n, "is exempt under paragraph %d; Schedule 12A has 1 to %d", n->exempt,
                   DOC_EXEMPT_PARAGRAPHS);
    else if (n->type == DOC_EXEMPT && n->exempt == 0)
        check_fail(st, n, "marks words exempt without a paragraph of Schedule 12A");
}

static void check_id(check_state *st, const doc_node *n)
{
    if (doc_type_is_inline(n->type) || n->type == DOC_DOCUMENT)
        return;
    if (!n->id || !*n->id) {
        check_fail(st, n, "has no id (was the tree prepared?)");
        return;
    }
    const doc_node *other = g_hash_table_lookup(st->ids, n->id);
    if (other)
        check_fail(st, n, "has the same id as the %s of line %d", doc_type_name(other->type),
                   other->source_line);
    g_hash_table_insert(st->ids, (gpointer)n->id, (gpointer)n);
}

bool doc_document_check(const doc_document *doc, GError **error)
{
    check_state st = {.doc = doc, .ids = g_hash_table_new(g_str_hash, g_str_equal),
                      .counters = g_array_new(FALSE, TRUE, sizeof(doc_counters))};
    if (doc->root->parent || doc->root->type != DOC_DOCUMENT)
        check_fail(&st, doc->root, "the root is not a document");
    doc_iter it;
    doc_iter_init(&it, doc->root);
    for (doc_event ev; !st.error && (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev != DOC_EVENT_ENTER)
            continue;
        check_links(&st, n);
        check_levels(&st, n);
        check_label(&st, n);
        check_geometry(&st, n);
        check_change(&st, n);
        check_exempt(&st, n);
        check_id(&st, n);
    }
    g_hash_table_destroy(st.ids);
    g_array_free(st.counters, TRUE);
    if (st.error) {
        g_propagate_error(error, st.error);
        return false;
    }
    return true;
}
