/*
 * doc_diff.c - the redline of two versions of a document (doc_diff.h).
 *
 * Three steps: every node of both trees gets a digest of its content (its
 * type, properties and text, and its children's digests: equal digests,
 * equal content, found in one comparison); the children of each pair of
 * matched containers are aligned (ids, then content, then position);
 * matched paragraphs are compared word by word.  The redline is built as
 * the alignment goes, into a tree of its own: the inputs are never changed.
 *
 * Both the block and the word alignments (doc_diff_words.c) use one
 * longest-common-sequence routine on index ranges, after cutting off what
 * the two sides have in common at the start and the end (a typical
 * amendment changes a few words, so what remains is small).
 */
#include "doc_diff_private.h"

#include <string.h>

static bool holds_inlines(doc_type t)
{
    return t == DOC_TITLE || t == DOC_HEADING || t == DOC_PARAGRAPH;
}

/* Containers whose children are places, not a sequence: paired by position. */
static bool fixed_children(doc_type t)
{
    return t == DOC_ROW || t == DOC_SIGNATURE;
}

/* ---- digests and kinds ----------------------------------------------------- */

static int table_columns(const doc_node *table)
{
    int ncols = table->n_widths;
    for (const doc_node *row = table->first; row; row = row->next)
        ncols = MAX(ncols, doc_node_child_count(row));
    return ncols;
}

/* What two blocks must share to be the same block changed: type and what
 * decides their labels and places (a change of these is a block replaced,
 * so that rejecting it brings back the old labels).  A numbered block's
 * level is the one it was counted at (a level given or worked out is the
 * same level).  How a block looks (column widths, borders, a header row)
 * changes no words: the redline shows the new look. */
static void append_kind(GString *s, const doc_node *n)
{
    int level = n->type == DOC_NUMBERED ? n->number_level : n->level;
    g_string_append_printf(s, "%d/%d/%d/%d/%s/%d", n->type, level, n->numbered, n->list_kind,
                           n->scheme ? n->scheme : "", n->exempt);
    if (n->type == DOC_ROW)
        g_string_append_printf(s, "/%d", doc_node_child_count(n));
    if (n->type == DOC_TABLE)
        g_string_append_printf(s, "/%d", table_columns(n));
}

/* The content digest's own part of a node: its kind and what it shows. */
static void append_content(GString *s, const doc_node *n)
{
    append_kind(s, n);
    g_string_append_printf(s, "|%d/%d/%d/%d|%s|%s|%s|", n->level, n->header_row, n->no_borders,
                           n->n_widths, n->text ? n->text : "", n->url ? n->url : "",
                           n->caption ? n->caption : "");
    for (int i = 0; i < n->n_widths; i++)
        g_string_append_printf(s, "%.17g/", n->widths[i]);
}

static char *kind_key(const doc_node *n)
{
    GString *s = g_string_new(NULL);
    append_kind(s, n);
    return g_string_free(s, FALSE);
}

static const char *digest(const diff_state *st, const doc_node *n)
{
    return g_hash_table_lookup(st->keys, n);
}

/* Digests bottom-up: a container's EXIT comes after all its children. */
static void compute_digests(diff_state *st, const doc_document *doc)
{
    GString *s = g_string_new(NULL);
    doc_iter it;
    doc_iter_init(&it, doc->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev == DOC_EVENT_ENTER && !doc_type_is_leaf(n->type))
            continue;
        g_string_truncate(s, 0);
        append_content(s, n);
        for (const doc_node *c = n->first; c; c = c->next) {
            g_string_append(s, digest(st, c));
            g_string_append_c(s, ',');
        }
        g_hash_table_insert(st->keys, (gpointer)n,
                            g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                                        (const guchar *)s->str, s->len));
    }
    g_string_free(s, TRUE);
}

static bool same_content(const diff_state *st, const doc_node *a, const doc_node *b)
{
    return g_str_equal(digest(st, a), digest(st, b));
}

/* An id a template gave, as opposed to one prepare made from the block's
 * position, which would match the wrong block once blocks are inserted
 * before it. */
static bool has_stable_id(const doc_node *n)
{
    return n->id && !doc_id_is_positional(n);
}

/* ---- the longest common sequence ------------------------------------------- */

bool diff_lcs(int m, int n, lcs_equal equal, const void *ctx, GArray *pairs)
{
    if (m == 0 || n == 0)
        return true;
    if ((gint64)m * n > DIFF_MAX_CELLS)
        return false;
    /* len[i][j]: the length for a[i..m) and b[j..n). */
    guint32 *len = g_new0(guint32, (gsize)(m + 1) * (gsize)(n + 1));
#define LEN(i, j) len[(gsize)(i) * (gsize)(n + 1) + (gsize)(j)]
    for (int i = m - 1; i >= 0; i--)
        for (int j = n - 1; j >= 0; j--)
            LEN(i, j) = equal(ctx, i, j) ? LEN(i + 1, j + 1) + 1 : MAX(LEN(i + 1, j), LEN(i, j + 1));
    for (int i = 0, j = 0; i < m && j < n;) {
        if (equal(ctx, i, j) && LEN(i, j) == LEN(i + 1, j + 1) + 1) {
            lcs_pair pair = {i++, j++};
            g_array_append_val(pairs, pair);
        } else if (LEN(i + 1, j) >= LEN(i, j + 1)) {
            i++;
        } else {
            j++;
        }
    }
#undef LEN
    g_free(len);
    return true;
}

/* ---- copying into the redline ------------------------------------------------ */

/* An id not yet taken in the redline: a deleted block's old id may be a
 * new block's too. */
static const char *deleted_id(diff_state *st, const char *id)
{
    char *want = g_strconcat("was:", id, NULL);
    for (int k = 2; g_hash_table_contains(st->ids, want); k++) {
        g_free(want);
        want = g_strdup_printf("was:%s~%d", id, k);
    }
    const char *kept = doc_intern(st->out, want);
    g_free(want);
    g_hash_table_add(st->ids, (gpointer)kept);
    return kept;
}

/* A copy of src (not its children) for the redline, with its labels. */
static doc_node *copy_node(diff_state *st, const doc_node *src, doc_change change)
{
    doc_document *out = st->out;
    doc_node *n = doc_node_new(out, src->type);
    n->text = doc_intern(out, src->text);
    n->url = doc_intern(out, src->url);
    n->source_file = doc_intern(out, src->source_file);
    n->source_line = src->source_line;
    n->level = src->level;
    n->numbered = src->numbered;
    n->scheme = doc_intern(out, src->scheme);
    n->list_kind = src->list_kind;
    n->header_row = src->header_row;
    n->no_borders = src->no_borders;
    n->caption = doc_intern(out, src->caption);
    n->exempt = src->exempt;
    n->start = src->start;
    n->id_exempt = src->id_exempt;
    if (src->n_widths > 0)
        doc_node_set_column_widths(n, src->widths, src->n_widths);
    n->label = doc_intern(out, src->label);
    n->number_level = src->number_level;
    if (!doc_type_is_inline(src->type) && src->type != DOC_DOCUMENT) {
        n->change = change;
        n->id = change == DOC_CHANGE_DELETED && src->id ? deleted_id(st, src->id)
                                                        : doc_intern(out, src->id);
    }
    return n;
}

void diff_attach(doc_node *parent, doc_node *child)
{
    if (!doc_node_append(parent, child, NULL))
        g_critical("doc_diff: a %s under a %s", doc_type_name(child->type),
                   doc_type_name(parent->type));
}

/* src and everything in it, every block marked change. */
static void copy_subtree(diff_state *st, const doc_node *src, doc_node *parent,
                         doc_change change)
{
    GPtrArray *into = g_ptr_array_new();
    g_ptr_array_add(into, parent);
    doc_iter it;
    doc_iter_init(&it, (doc_node *)src);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev == DOC_EVENT_EXIT) {
            g_ptr_array_set_size(into, into->len - 1);
            continue;
        }
        doc_node *copy = copy_node(st, n, change);
        diff_attach(g_ptr_array_index(into, into->len - 1), copy);
        if (!doc_type_is_leaf(n->type))
            g_ptr_array_add(into, copy);
    }
    g_ptr_array_free(into, TRUE);
}

/* ---- blocks ------------------------------------------------------------------ */

typedef enum { BLOCK_SAME, BLOCK_CHANGED, BLOCK_DELETED, BLOCK_INSERTED } block_op_kind;

typedef struct {
    block_op_kind kind;
    const doc_node *old_node, *new_node;
} block_op;

typedef struct {
    const diff_state *st;
    const doc_node *const *a, *const *b; /* the ranges being matched */
    char **kind_a, **kind_b;             /* their kinds, for pairing */
} block_ranges;

static bool blocks_same(const void *ctx, int i, int j)
{
    const block_ranges *r = ctx;
    return same_content(r->st, r->a[i], r->b[j]);
}

static bool blocks_pair(const void *ctx, int i, int j)
{
    const block_ranges *r = ctx;
    return g_str_equal(r->kind_a[i], r->kind_b[j]);
}

static void push_block(GArray *ops, block_op_kind kind, const doc_node *o, const doc_node *n)
{
    block_op op = {kind, o, n};
    g_array_append_val(ops, op);
}

/* A pair of blocks at the same place: unchanged, changed, or (of another
 * kind) one deleted and one inserted. */
static void push_pair(const diff_state *st, GArray *ops, const doc_node *o, const doc_node *n)
{
    if (same_content(st, o, n)) {
        push_block(ops, BLOCK_SAME, o, n);
        return;
    }
    char *ko = kind_key(o), *kn = kind_key(n);
    if (g_str_equal(ko, kn)) {
        push_block(ops, BLOCK_CHANGED, o, n);
    } else {
        push_block(ops, BLOCK_DELETED, o, NULL);
        push_block(ops, BLOCK_INSERTED, NULL, n);
    }
    g_free(ko);
    g_free(kn);
}

/* Blocks left between two unchanged ones: paired by position among those
 * of the same kind; the others deleted, then inserted.  Over the limit,
 * simply block for block by position. */
static void pair_gap(const diff_state *st, GArray *ops, const doc_node *const *a, int m,
                     const doc_node *const *b, int n)
{
    block_ranges r = {st, a, b, g_new0(char *, MAX(m, 1)), g_new0(char *, MAX(n, 1))};
    for (int i = 0; i < m; i++)
        r.kind_a[i] = kind_key(a[i]);
    for (int j = 0; j < n; j++)
        r.kind_b[j] = kind_key(b[j]);
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(lcs_pair));
    if (!diff_lcs(m, n, blocks_pair, &r, pairs))
        for (int k = 0; k < MIN(m, n); k++)
            if (blocks_pair(&r, k, k)) {
                lcs_pair pair = {k, k};
                g_array_append_val(pairs, pair);
            }
    int i = 0, j = 0;
    for (guint k = 0; k <= pairs->len; k++) {
        int pi = k < pairs->len ? g_array_index(pairs, lcs_pair, k).old_index : m;
        int pj = k < pairs->len ? g_array_index(pairs, lcs_pair, k).new_index : n;
        for (; i < pi; i++)
            push_block(ops, BLOCK_DELETED, a[i], NULL);
        for (; j < pj; j++)
            push_block(ops, BLOCK_INSERTED, NULL, b[j]);
        if (k < pairs->len)
            push_block(ops, BLOCK_CHANGED, a[i++], b[j++]);
    }
    g_array_free(pairs, TRUE);
    for (int k = 0; k < m; k++)
        g_free(r.kind_a[k]);
    for (int k = 0; k < n; k++)
        g_free(r.kind_b[k]);
    g_free(r.kind_a);
    g_free(r.kind_b);
}

/* Over the limit, certain matches instead: blocks whose content occurs
 * once on each side, kept where they are in order on both (the longest
 * increasing sequence of their old places, found by patience sorting).
 * n log n; they cut a long stretch into short ones. */
static void unique_matches(const diff_state *st, const doc_node *const *a, int m,
                           const doc_node *const *b, int n, GArray *pairs)
{
    /* digest -> place + 1 if it occurs once, -1 if more often */
    GHashTable *in_a = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *in_b = g_hash_table_new(g_str_hash, g_str_equal);
    for (int side = 0; side < 2; side++) {
        GHashTable *seen = side ? in_b : in_a;
        const doc_node *const *x = side ? b : a;
        for (int i = 0; i < (side ? n : m); i++) {
            const char *d = digest(st, x[i]);
            gpointer was = g_hash_table_lookup(seen, d);
            g_hash_table_insert(seen, (gpointer)d, GINT_TO_POINTER(was ? -1 : i + 1));
        }
    }
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(lcs_pair)); /* in new order */
    for (int j = 0; j < n; j++) {
        const char *d = digest(st, b[j]);
        int ia = GPOINTER_TO_INT(g_hash_table_lookup(in_a, d));
        if (ia > 0 && GPOINTER_TO_INT(g_hash_table_lookup(in_b, d)) == j + 1) {
            lcs_pair c = {ia - 1, j};
            g_array_append_val(cand, c);
        }
    }
    int k = (int)cand->len, piles = 0;
    int *top = g_new(int, MAX(k, 1)), *back = g_new(int, MAX(k, 1));
    for (int c = 0; c < k; c++) {
        int old_index = g_array_index(cand, lcs_pair, c).old_index, lo = 0, hi = piles;
        while (lo < hi) { /* the first pile whose top is not below it */
            int mid = (lo + hi) / 2;
            if (g_array_index(cand, lcs_pair, top[mid]).old_index < old_index)
                lo = mid + 1;
            else
                hi = mid;
        }
        back[c] = lo > 0 ? top[lo - 1] : -1;
        top[lo] = c;
        piles = MAX(piles, lo + 1);
    }
    g_array_set_size(pairs, (guint)piles);
    for (int c = piles ? top[piles - 1] : -1, at = piles - 1; c >= 0; c = back[c], at--)
        g_array_index(pairs, lcs_pair, at) = g_array_index(cand, lcs_pair, c);
    g_free(top);
    g_free(back);
    g_array_free(cand, TRUE);
    g_hash_table_destroy(in_a);
    g_hash_table_destroy(in_b);
}

/* How often a stretch over the limit is cut by certain matches before
 * what is left is paired by position: each cut leaves shorter stretches,
 * so a few suffice; the bound keeps the recursion shallow whatever the
 * input. */
#define DIFF_MAX_CUTS 16

/* Align a[0..m) with b[0..n): common start and end, then unchanged blocks
 * by content (a longest common sequence, or over the limit certain matches
 * and the same again between them), then pair_gap between them. */
static void align_segment(const diff_state *st, GArray *ops, const doc_node *const *a, int m,
                          const doc_node *const *b, int n, int cuts)
{
    int head = 0, tail = 0;
    while (head < m && head < n && same_content(st, a[head], b[head]))
        head++;
    while (tail < m - head && tail < n - head &&
           same_content(st, a[m - 1 - tail], b[n - 1 - tail]))
        tail++;
    for (int i = 0; i < head; i++)
        push_block(ops, BLOCK_SAME, a[i], b[i]);
    const doc_node *const *ma = a + head, *const *mb = b + head;
    int mm = m - head - tail, nn = n - head - tail;
    block_ranges r = {st, ma, mb, NULL, NULL};
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(lcs_pair));
    bool exact = diff_lcs(mm, nn, blocks_same, &r, pairs);
    if (!exact && cuts < DIFF_MAX_CUTS)
        unique_matches(st, ma, mm, mb, nn, pairs);
    int i = 0, j = 0;
    for (guint k = 0; k <= pairs->len; k++) {
        int pi = k < pairs->len ? g_array_index(pairs, lcs_pair, k).old_index : mm;
        int pj = k < pairs->len ? g_array_index(pairs, lcs_pair, k).new_index : nn;
        if (exact || pairs->len == 0)
            pair_gap(st, ops, ma + i, pi - i, mb + j, pj - j);
        else
            align_segment(st, ops, ma + i, pi - i, mb + j, pj - j, cuts + 1);
        i = pi;
        j = pj;
        if (k < pairs->len)
            push_block(ops, BLOCK_SAME, ma[i++], mb[j++]);
    }
    g_array_free(pairs, TRUE);
    for (int t = tail; t > 0; t--)
        push_block(ops, BLOCK_SAME, a[m - t], b[n - t]);
}

static GPtrArray *children_of(const doc_node *n)
{
    GPtrArray *kids = g_ptr_array_new();
    for (const doc_node *c = n->first; c; c = c->next)
        g_ptr_array_add(kids, (gpointer)c);
    return kids;
}

/* The alignment of two containers' children. */
static GArray *align_children(const diff_state *st, const doc_node *old_parent,
                              const doc_node *new_parent)
{
    GPtrArray *oa = children_of(old_parent), *na = children_of(new_parent);
    const doc_node *const *a = (const doc_node *const *)oa->pdata;
    const doc_node *const *b = (const doc_node *const *)na->pdata;
    int m = (int)oa->len, n = (int)na->len;
    GArray *ops = g_array_new(FALSE, FALSE, sizeof(block_op));
    if (fixed_children(new_parent->type)) {
        for (int k = 0; k < MAX(m, n); k++) {
            if (k < m && k < n)
                push_pair(st, ops, a[k], b[k]);
            else if (k < m)
                push_block(ops, BLOCK_DELETED, a[k], NULL);
            else
                push_block(ops, BLOCK_INSERTED, NULL, b[k]);
        }
    } else {
        /* Anchors: blocks with the same stable id, in order in both. */
        GHashTable *old_ids = g_hash_table_new(g_str_hash, g_str_equal);
        for (int i = 0; i < m; i++)
            if (has_stable_id(a[i]))
                g_hash_table_insert(old_ids, (gpointer)a[i]->id, GINT_TO_POINTER(i + 1));
        int i = 0, j = 0;
        for (int nj = 0; nj < n; nj++) {
            int oi = has_stable_id(b[nj]) ? GPOINTER_TO_INT(g_hash_table_lookup(old_ids, b[nj]->id)) - 1 : -1;
            if (oi < i || a[oi]->type != b[nj]->type)
                continue;
            align_segment(st, ops, a + i, oi - i, b + j, nj - j, 0);
            push_pair(st, ops, a[oi], b[nj]);
            i = oi + 1;
            j = nj + 1;
        }
        align_segment(st, ops, a + i, m - i, b + j, n - j, 0);
        g_hash_table_destroy(old_ids);
    }
    g_ptr_array_free(oa, TRUE);
    g_ptr_array_free(na, TRUE);
    return ops;
}

/* The redline of old_parent -> new_parent's children, into out.  Nested
 * containers are handled with an explicit stack of pending pairs, so deep
 * trees cannot exhaust the C stack. */
typedef struct {
    const doc_node *old_node, *new_node;
    doc_node *out;
} diff_job;

static void diff_trees(diff_state *st, const doc_node *old_root, const doc_node *new_root,
                       doc_node *out_root)
{
    GArray *jobs = g_array_new(FALSE, FALSE, sizeof(diff_job));
    diff_job first = {old_root, new_root, out_root};
    g_array_append_val(jobs, first);
    while (jobs->len) {
        diff_job job = g_array_index(jobs, diff_job, jobs->len - 1);
        g_array_set_size(jobs, jobs->len - 1);
        GArray *ops = align_children(st, job.old_node, job.new_node);
        GArray *later = g_array_new(FALSE, FALSE, sizeof(diff_job));
        for (guint k = 0; k < ops->len; k++) {
            const block_op *op = &g_array_index(ops, block_op, k);
            if (op->kind == BLOCK_SAME) {
                copy_subtree(st, op->new_node, job.out, DOC_CHANGE_NONE);
            } else if (op->kind == BLOCK_DELETED) {
                copy_subtree(st, op->old_node, job.out, DOC_CHANGE_DELETED);
            } else if (op->kind == BLOCK_INSERTED) {
                copy_subtree(st, op->new_node, job.out, DOC_CHANGE_INSERTED);
            } else {
                doc_node *changed = copy_node(st, op->new_node, DOC_CHANGE_NONE);
                diff_attach(job.out, changed);
                if (holds_inlines(changed->type)) {
                    diff_words(st, op->old_node, op->new_node, changed);
                } else {
                    diff_job inner = {op->old_node, op->new_node, changed};
                    g_array_append_val(later, inner);
                }
            }
        }
        /* Pushed in reverse, so the first child's pair is handled first. */
        for (guint k = later->len; k > 0; k--)
            g_array_append_val(jobs, g_array_index(later, diff_job, k - 1));
        g_array_free(later, TRUE);
        g_array_free(ops, TRUE);
    }
    g_array_free(jobs, TRUE);
}

doc_document *doc_diff(const doc_document *old_doc, const doc_document *new_doc)
{
    diff_state st = {.keys = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free),
                     .ids = g_hash_table_new(g_str_hash, g_str_equal),
                     .out = doc_document_new()};
    compute_digests(&st, old_doc);
    compute_digests(&st, new_doc);
    doc_iter it;
    doc_iter_init(&it, new_doc->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev == DOC_EVENT_ENTER && n->id)
            g_hash_table_add(st.ids, (gpointer)n->id);
    }
    doc_document_set_numbering(st.out, new_doc->numbering);
    for (int k = 0; k < DOC_META_COUNT; k++)
        doc_document_set_meta(st.out, (doc_meta)k, new_doc->meta[k]);
    diff_trees(&st, old_doc->root, new_doc->root, st.out->root);
    g_hash_table_destroy(st.keys);
    g_hash_table_destroy(st.ids);
    return st.out;
}

bool doc_diff_changed(const doc_document *redline)
{
    doc_iter it;
    doc_iter_init(&it, redline->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (n->change != DOC_CHANGE_NONE || n->type == DOC_INSERTED || n->type == DOC_DELETED)
            return true;
    }
    return false;
}
