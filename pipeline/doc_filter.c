/*
 * doc_filter.c - the public version of a paper (see doc_filter.h).
 *
 * One walk of the full tree in document order builds the public tree: a
 * node that is not exempt is copied (its own properties, not what prepare
 * worked out), an exempt one is replaced by its notice and nothing inside
 * it is visited for copying.  The new tree is then prepared with the same
 * house style, each kept numbered block forced to the number it has in the
 * full version, and checked like every tree.
 */
#include "doc_filter.h"
#include "doc_private.h"
#include "style.h"

#include <string.h>

/* ---- words ------------------------------------------------------------------ */

char *doc_exempt_notice(int paragraph)
{
    return g_strdup_printf("Information withheld: exempt under paragraph %d of Part 1 of "
                           "Schedule 12A to the Local Government Act 1972",
                           paragraph);
}

char *doc_exempt_short_notice(int paragraph)
{
    return g_strdup_printf("[exempt information withheld: paragraph %d]", paragraph);
}

char *doc_exempt_paragraph_list(doc_exempt_set paragraphs)
{
    GString *out = g_string_new(NULL);
    int count = 0, total = 0;
    for (int p = 1; p <= DOC_EXEMPT_PARAGRAPHS; p++)
        total += (paragraphs >> p) & 1;
    g_string_append(out, total == 1 ? "paragraph " : "paragraphs ");
    for (int p = 1; p <= DOC_EXEMPT_PARAGRAPHS; p++) {
        if (!((paragraphs >> p) & 1))
            continue;
        count++;
        if (count > 1)
            g_string_append(out, count == total ? " and " : ", ");
        g_string_append_printf(out, "%d", p);
    }
    return g_string_free(out, FALSE);
}

char *doc_exempt_marking(doc_exempt_set paragraphs)
{
    char *list = doc_exempt_paragraph_list(paragraphs);
    char *marking =
        g_strdup_printf("NOT FOR PUBLICATION – exempt under %s of Part 1 of Schedule 12A", list);
    g_free(list);
    return marking;
}

/* ---- what is exempt ------------------------------------------------------------ */

static doc_exempt_set bit(int paragraph)
{
    return paragraph > 0 ? 1u << paragraph : 0;
}

doc_exempt_set doc_document_exempt_paragraphs(const doc_document *doc)
{
    doc_exempt_set set = 0;
    for (int k = 0; k < DOC_META_COUNT; k++)
        set |= bit(doc->meta_exempt[k]);
    doc_iter it;
    doc_iter_init(&it, doc->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        if (ev == DOC_EVENT_ENTER)
            set |= bit(doc_iter_node(&it)->exempt) | bit(doc_iter_node(&it)->id_exempt);
    return set;
}

/* ---- building the public tree --------------------------------------------------- */

typedef struct {
    doc_document *out;
    const doc_public_options *options;
    bool heading_withheld; /* a numbered heading left out with its section */
} filter_state;

static void attach(doc_node *parent, doc_node *child)
{
    if (!doc_node_append(parent, child, NULL))
        g_critical("doc_filter: a %s under a %s", doc_type_name(child->type),
                   doc_type_name(parent->type));
}

/* A new node of the public tree, placed where like came from (messages). */
static doc_node *new_node(filter_state *st, doc_type type, const doc_node *like)
{
    doc_node *n = doc_node_new(st->out, type);
    n->source_file = doc_intern(st->out, like->source_file);
    n->source_line = like->source_line;
    return n;
}

/* Text at the end of parent, joined to the text before it. */
static void append_text(filter_state *st, doc_node *parent, const char *text)
{
    doc_node *last = parent->last;
    if (last && last->type == DOC_TEXT) {
        char *joined = g_strconcat(last->text ? last->text : "", text, NULL);
        last->text = doc_intern(st->out, joined);
        g_free(joined);
        return;
    }
    doc_node *t = doc_node_new(st->out, DOC_TEXT);
    t->text = doc_intern(st->out, text);
    attach(parent, t);
}

/* Does a node count a number (not a bullet's glyph)? */
static bool has_number(const doc_node *n)
{
    return n->label && (n->type == DOC_NUMBERED || (n->type == DOC_HEADING && n->numbered) ||
                        (n->type == DOC_ITEM && n->parent->list_kind == DOC_LIST_ORDERED));
}

/* A paragraph in italics saying what was withheld and why. */
static doc_node *notice_paragraph(filter_state *st, const doc_node *like, int paragraph,
                                  bool short_form)
{
    char *words = short_form ? doc_exempt_short_notice(paragraph) : doc_exempt_notice(paragraph);
    doc_node *para = new_node(st, DOC_PARAGRAPH, like);
    doc_node *emph = new_node(st, DOC_EMPH, like);
    attach(para, emph);
    append_text(st, emph, words);
    g_free(words);
    return para;
}

/* The notice that stands where the exempt block n stood, in a shape its
 * parent can hold; a numbered block keeps its number and level. */
static doc_node *block_notice(filter_state *st, const doc_node *n)
{
    int p = n->exempt;
    doc_node *notice;
    switch (n->type) {
    case DOC_SECTION: case DOC_MOTION: case DOC_NUMBERED: case DOC_ITEM: case DOC_CELL:
        notice = new_node(st, n->type, n);
        if (n->type == DOC_NUMBERED)
            notice->level = n->number_level;
        attach(notice, notice_paragraph(st, n, p, n->type == DOC_CELL));
        break;
    case DOC_TITLE: case DOC_HEADING: {
        notice = new_node(st, n->type, n);
        notice->level = n->level;
        notice->numbered = n->numbered;
        char *words = doc_exempt_notice(p);
        append_text(st, notice, words);
        g_free(words);
        break;
    }
    case DOC_ROW:
        notice = new_node(st, DOC_ROW, n);
        notice->header_row = n->header_row;
        for (const doc_node *cell = n->first; cell; cell = cell->next) {
            doc_node *c = new_node(st, DOC_CELL, cell);
            if (cell == n->first)
                attach(c, notice_paragraph(st, cell, p, true));
            attach(notice, c);
        }
        break;
    case DOC_PAGE_BREAK:
        notice = new_node(st, DOC_PAGE_BREAK, n); /* no words to withhold */
        break;
    default: /* PARAGRAPH, LIST, TABLE, SIGNATURE: a paragraph stands anywhere they do;
                in a table's cell, the short notice, as the cell's own */
        notice = notice_paragraph(st, n, p, n->parent && n->parent->type == DOC_CELL);
        break;
    }
    if (has_number(n))
        notice->start = n->number;
    return notice;
}

/* A copy of n's own properties (not its children, not what prepare works
 * out); a numbered block is forced to its full version's number. */
static doc_node *copy_node(filter_state *st, const doc_node *n)
{
    doc_node *c = new_node(st, n->type, n);
    c->text = doc_intern(st->out, n->text);
    c->url = doc_intern(st->out, n->url);
    c->level = n->level;
    c->numbered = n->numbered;
    c->scheme = doc_intern(st->out, n->scheme);
    c->list_kind = n->list_kind;
    c->header_row = n->header_row;
    c->no_borders = n->no_borders;
    c->caption = doc_intern(st->out, n->caption);
    if (n->n_widths > 0)
        doc_node_set_column_widths(c, n->widths, n->n_widths);
    if (n->id && !doc_id_is_positional(n) && !n->id_exempt)
        c->id = doc_intern(st->out, n->id);
    if (has_number(n))
        c->start = n->number;
    /* Level 0 is "one below the last numbered heading": with a heading
     * left out, say the level it had. */
    if (n->type == DOC_NUMBERED && n->level == 0 && st->heading_withheld)
        c->level = n->number_level;
    return c;
}

/* Words withheld inside a public paragraph: a short notice in their
 * place (nothing, if they were no words at all). */
static void withhold_words(filter_state *st, const doc_node *n, doc_node *parent)
{
    char *words = doc_node_plain_text(n);
    if (*words) {
        char *notice = doc_exempt_short_notice(n->exempt);
        append_text(st, parent, notice);
        g_free(notice);
    }
    g_free(words);
}

/* One node entered: its copy or notice into parent (NULL: inside a block
 * withheld).  Returns what its children go into, or NULL. */
static doc_node *filter_node(filter_state *st, const doc_node *n, doc_node *parent)
{
    if (!parent) {
        if (n->type == DOC_HEADING && n->numbered)
            st->heading_withheld = true;
        return NULL;
    }
    if (n->exempt && doc_type_is_inline(n->type)) {
        withhold_words(st, n, parent);
        return NULL;
    }
    if (n->exempt) {
        attach(parent, block_notice(st, n));
        return NULL;
    }
    if (n->type == DOC_TEXT) {
        append_text(st, parent, n->text ? n->text : "");
        return NULL;
    }
    doc_node *c = copy_node(st, n);
    attach(parent, c);
    return c;
}

static void filter_body(filter_state *st, const doc_document *full)
{
    GPtrArray *into = g_ptr_array_new(); /* output containers; NULL: withheld */
    g_ptr_array_add(into, st->out->root);
    doc_iter it;
    doc_iter_init(&it, full->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (n == full->root)
            continue;
        if (ev == DOC_EVENT_EXIT) {
            g_ptr_array_set_size(into, into->len - 1);
            continue;
        }
        doc_node *parent = g_ptr_array_index(into, into->len - 1);
        doc_node *inner = filter_node(st, n, parent);
        if (!doc_type_is_leaf(n->type))
            g_ptr_array_add(into, inner);
    }
    g_ptr_array_free(into, TRUE);
}

/* A document withheld whole: its title and the notice, one page. */
static void filter_whole(filter_state *st, const doc_document *full)
{
    const char *title = st->options && st->options->title ? st->options->title
                                                          : "Information withheld";
    doc_node *t = new_node(st, DOC_TITLE, full->root);
    append_text(st, t, title);
    attach(st->out->root, t);
    attach(st->out->root, notice_paragraph(st, full->root, full->root->exempt, false));
}

/* The document's properties: exempt ones replaced or left out; the
 * marking and a redline's own are never copied. */
static void filter_meta(filter_state *st, const doc_document *full)
{
    static const doc_meta kept[] = {DOC_META_TITLE, DOC_META_SUBJECT, DOC_META_AUTHOR,
                                    DOC_META_DATE, DOC_META_LANGUAGE, DOC_META_HEADER};
    int whole = full->root->exempt;
    const char *title = st->options && st->options->title ? st->options->title
                                                          : "Information withheld";
    for (size_t i = 0; i < G_N_ELEMENTS(kept); i++) {
        doc_meta k = kept[i];
        int p = full->meta_exempt[k];
        bool about = k == DOC_META_TITLE || k == DOC_META_SUBJECT || k == DOC_META_HEADER;
        if (!p && !(whole && about))
            doc_document_set_meta(st->out, k, full->meta[k]);
        else if (k == DOC_META_TITLE && (full->meta[k] || whole))
            doc_document_set_meta(st->out, k, title);
        else if (k == DOC_META_SUBJECT && (full->meta[k] || whole)) {
            char *notice = doc_exempt_notice(p ? p : whole);
            doc_document_set_meta(st->out, k, notice);
            g_free(notice);
        }
    }
    doc_document_set_numbering(st->out, full->numbering);
}

/* A forced number that prepare did not need is no property of the public
 * version: it shows that number as counted. */
static void clear_unused_starts(doc_document *doc)
{
    doc_iter it;
    doc_iter_init(&it, doc->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        if (ev == DOC_EVENT_ENTER && !n->jumped)
            n->start = 0;
    }
}

doc_document *doc_document_public(const doc_document *full, const doc_public_options *options,
                                  const house_style *style, const doc_measure *measure,
                                  GError **error)
{
    filter_state st = {.out = doc_document_new(), .options = options};
    filter_meta(&st, full);
    if (full->root->exempt)
        filter_whole(&st, full);
    else
        filter_body(&st, full);
    bool ok = doc_document_prepare(st.out, style, measure, error);
    if (ok)
        clear_unused_starts(st.out);
    ok = ok && doc_document_check(st.out, error);
    if (!ok) {
        doc_document_free(st.out);
        return NULL;
    }
    return st.out;
}
