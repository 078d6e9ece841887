/*
 * doc_diff_words.c - a changed paragraph's words (doc_diff.h): the words
 * of its two versions aligned, a lone space between two changes joined to
 * them, deletions before insertions, and the paragraph's inlines built
 * again with formatting outside and a change mark innermost.
 */
#include "doc_diff_private.h"

#include <string.h>

/* A word, or the white space between two words, or a line break. */
typedef struct {
    const char *text; /* into its TEXT node's string; NULL for a break */
    int len;
    const doc_node *format; /* innermost STRONG, EMPH, LINK or EXEMPT around it, or NULL */
} word;

typedef enum { WORD_SAME, WORD_DELETED, WORD_INSERTED } word_op_kind;

typedef struct {
    word_op_kind kind;
    const word *old_word, *new_word; /* SAME: both; else the one it is */
} word_op;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_format(const doc_node *n)
{
    return n && (n->type == DOC_STRONG || n->type == DOC_EMPH || n->type == DOC_LINK ||
                 n->type == DOC_EXEMPT);
}

/* The formatting around n (marks in an input are not formatting). */
static const doc_node *format_of(const doc_node *n)
{
    const doc_node *p = n->parent;
    while (p && (p->type == DOC_INSERTED || p->type == DOC_DELETED))
        p = p->parent;
    return is_format(p) ? p : NULL;
}

static bool same_format_node(const doc_node *a, const doc_node *b)
{
    return a->type == b->type && (a->type != DOC_LINK || g_strcmp0(a->url, b->url) == 0) &&
           a->exempt == b->exempt;
}

static bool same_format(const doc_node *a, const doc_node *b)
{
    for (; a && b; a = format_of(a), b = format_of(b))
        if (!same_format_node(a, b))
            return false;
    return a == NULL && b == NULL;
}

static void split_words(const doc_node *block, GArray *words)
{
    doc_iter it;
    doc_iter_init(&it, (doc_node *)block);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev != DOC_EVENT_ENTER)
            continue;
        if (n->type == DOC_BREAK) {
            word w = {NULL, 0, format_of(n)};
            g_array_append_val(words, w);
        }
        if (n->type != DOC_TEXT || !n->text)
            continue;
        for (const char *p = n->text; *p;) {
            const char *start = p;
            bool space = is_space(*p);
            while (*p && is_space(*p) == space)
                p++;
            word w = {start, (int)(p - start), format_of(n)};
            g_array_append_val(words, w);
        }
    }
}

static bool same_word(const word *a, const word *b)
{
    if ((a->text == NULL) != (b->text == NULL))
        return false;
    return a->len == b->len && (a->len == 0 || memcmp(a->text, b->text, (size_t)a->len) == 0) &&
           same_format(a->format, b->format);
}

static bool word_is_space(const word *w)
{
    return w->text && w->len > 0 && is_space(w->text[0]);
}

typedef struct {
    const word *a, *b; /* the middle parts being matched */
} word_ranges;

static bool words_equal(const void *ctx, int i, int j)
{
    const word_ranges *r = ctx;
    return same_word(&r->a[i], &r->b[j]);
}

static void push_op(GArray *ops, word_op_kind kind, const word *o, const word *n)
{
    word_op op = {kind, o, n};
    g_array_append_val(ops, op);
}

/* The words of the two versions aligned: SAME, DELETED, INSERTED. */
static GArray *align_words(const GArray *old_words, const GArray *new_words)
{
    const word *a = (const word *)old_words->data, *b = (const word *)new_words->data;
    int m = (int)old_words->len, n = (int)new_words->len;
    int head = 0, tail = 0;
    while (head < m && head < n && same_word(&a[head], &b[head]))
        head++;
    while (tail < m - head && tail < n - head && same_word(&a[m - 1 - tail], &b[n - 1 - tail]))
        tail++;
    GArray *ops = g_array_new(FALSE, FALSE, sizeof(word_op));
    for (int i = 0; i < head; i++)
        push_op(ops, WORD_SAME, &a[i], &b[i]);
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(lcs_pair));
    word_ranges r = {a + head, b + head};
    int mm = m - head - tail, nn = n - head - tail;
    diff_lcs(mm, nn, words_equal, &r, pairs); /* over the limit: no pairs, replaced whole */
    int i = 0, j = 0;
    for (guint k = 0; k <= pairs->len; k++) {
        int pi = k < pairs->len ? g_array_index(pairs, lcs_pair, k).old_index : mm;
        int pj = k < pairs->len ? g_array_index(pairs, lcs_pair, k).new_index : nn;
        for (; i < pi; i++)
            push_op(ops, WORD_DELETED, &r.a[i], NULL);
        for (; j < pj; j++)
            push_op(ops, WORD_INSERTED, NULL, &r.b[j]);
        if (k < pairs->len)
            push_op(ops, WORD_SAME, &r.a[i++], &r.b[j++]);
    }
    g_array_free(pairs, TRUE);
    for (int t = tail; t > 0; t--)
        push_op(ops, WORD_SAME, &a[m - t], &b[n - t]);
    return ops;
}

static word_op *op_at(GArray *ops, guint i)
{
    return &g_array_index(ops, word_op, i);
}

/* A space left alone between two changes joins them: "[-red fox-]{+big
 * cat+}" rather than "[-red-]{+big+} [-fox-]{+cat+}". */
static void absorb_lone_spaces(GArray **ops_io)
{
    GArray *ops = *ops_io, *out = g_array_new(FALSE, FALSE, sizeof(word_op));
    for (guint i = 0; i < ops->len; i++) {
        word_op *op = op_at(ops, i);
        bool lone = op->kind == WORD_SAME && word_is_space(op->new_word) && i > 0 &&
                    i + 1 < ops->len && op_at(ops, i - 1)->kind != WORD_SAME &&
                    op_at(ops, i + 1)->kind != WORD_SAME;
        if (lone) {
            push_op(out, WORD_DELETED, op->old_word, NULL);
            push_op(out, WORD_INSERTED, NULL, op->new_word);
        } else {
            g_array_append_val(out, *op);
        }
    }
    g_array_free(ops, TRUE);
    *ops_io = out;
}

/* In each run of changes, the deletions first (stable), as Word shows
 * them: the old words, then the new. */
static void deletions_first(GArray *ops)
{
    GArray *ins = g_array_new(FALSE, FALSE, sizeof(word_op));
    for (guint start = 0; start < ops->len;) {
        guint end = start;
        while (end < ops->len && op_at(ops, end)->kind != WORD_SAME)
            end++;
        guint w = start;
        g_array_set_size(ins, 0);
        for (guint i = start; i < end; i++) {
            if (op_at(ops, i)->kind == WORD_DELETED)
                *op_at(ops, w++) = *op_at(ops, i);
            else
                g_array_append_val(ins, *op_at(ops, i));
        }
        for (guint i = 0; i < ins->len; i++)
            *op_at(ops, w++) = g_array_index(ins, word_op, i);
        start = end == start ? end + 1 : end;
    }
    g_array_free(ins, TRUE);
}

/* Rebuilding a paragraph's inlines from aligned words: formatting nodes
 * outside, a change mark innermost around the text. */
typedef struct {
    diff_state *st;
    doc_node *block;
    GPtrArray *open_src, *open_out; /* the formatting open, outermost first */
    doc_node *mark;                 /* the INSERTED or DELETED open, or NULL */
    word_op_kind mark_kind;
    GString *pending;               /* text not yet in a TEXT node */
    doc_node *pending_into;
} word_builder;

static doc_node *builder_container(const word_builder *b)
{
    if (b->mark)
        return b->mark;
    return b->open_out->len ? g_ptr_array_index(b->open_out, b->open_out->len - 1) : b->block;
}

static void flush_text(word_builder *b)
{
    if (b->pending->len) {
        doc_node *t = doc_node_new(b->st->out, DOC_TEXT);
        t->text = doc_intern(b->st->out, b->pending->str);
        diff_attach(b->pending_into, t);
        g_string_truncate(b->pending, 0);
    }
    b->pending_into = NULL;
}

static void add_word(word_builder *b, word_op_kind kind, const word *w)
{
    const doc_node *chain[64];
    int depth = 0;
    for (const doc_node *f = w->format; f && depth < (int)G_N_ELEMENTS(chain); f = format_of(f))
        chain[depth++] = f;
    /* chain is innermost first; the open stack outermost first */
    int common = 0;
    while (common < (int)b->open_src->len && common < depth &&
           same_format_node(g_ptr_array_index(b->open_src, common), chain[depth - 1 - common]))
        common++;
    bool reshape = common < (int)b->open_src->len || common < depth;
    if (b->mark && (reshape || kind != b->mark_kind)) {
        flush_text(b);
        b->mark = NULL;
    }
    if (reshape) {
        flush_text(b);
        g_ptr_array_set_size(b->open_src, (guint)common);
        g_ptr_array_set_size(b->open_out, (guint)common);
        for (int k = common; k < depth; k++) {
            const doc_node *src = chain[depth - 1 - k];
            doc_node *f = doc_node_new(b->st->out, src->type);
            f->url = doc_intern(b->st->out, src->url);
            f->exempt = src->exempt;
            diff_attach(builder_container(b), f);
            g_ptr_array_add(b->open_src, (gpointer)src);
            g_ptr_array_add(b->open_out, f);
        }
    }
    if (kind != WORD_SAME && !b->mark) {
        flush_text(b);
        doc_node *mark = doc_node_new(b->st->out, kind == WORD_INSERTED ? DOC_INSERTED
                                                                        : DOC_DELETED);
        diff_attach(builder_container(b), mark);
        b->mark = mark;
        b->mark_kind = kind;
    }
    doc_node *into = builder_container(b);
    if (!w->text) {
        flush_text(b);
        diff_attach(into, doc_node_new(b->st->out, DOC_BREAK));
        return;
    }
    if (b->pending_into != into)
        flush_text(b);
    b->pending_into = into;
    g_string_append_len(b->pending, w->text, w->len);
}

void diff_words(diff_state *st, const doc_node *old_block, const doc_node *new_block,
                       doc_node *out)
{
    GArray *old_words = g_array_new(FALSE, FALSE, sizeof(word));
    GArray *new_words = g_array_new(FALSE, FALSE, sizeof(word));
    split_words(old_block, old_words);
    split_words(new_block, new_words);
    GArray *ops = align_words(old_words, new_words);
    absorb_lone_spaces(&ops);
    deletions_first(ops);
    word_builder b = {.st = st, .block = out, .open_src = g_ptr_array_new(),
                      .open_out = g_ptr_array_new(), .pending = g_string_new(NULL)};
    for (guint i = 0; i < ops->len; i++) {
        const word_op *op = op_at(ops, i);
        add_word(&b, op->kind, op->kind == WORD_DELETED ? op->old_word : op->new_word);
    }
    flush_text(&b);
    g_ptr_array_free(b.open_src, TRUE);
    g_ptr_array_free(b.open_out, TRUE);
    g_string_free(b.pending, TRUE);
    g_array_free(ops, TRUE);
    g_array_free(old_words, TRUE);
    g_array_free(new_words, TRUE);
}
