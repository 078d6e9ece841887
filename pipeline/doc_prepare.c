/*
 * doc_prepare.c - resolve, once, what every writer must agree on (doc.h):
 * labels and numbering instances, indents, paragraph gaps, table column
 * fractions, list depths and ids.
 *
 * One walk in document order.  A node's values depend only on its parent's
 * (already resolved, as parents are entered first) and on counters carried
 * along the walk, so the whole pass is linear in the size of the tree.  A
 * second walk fits table columns to their words (doc.h), outer tables
 * before the tables in their cells, as a cell's width depends on its
 * table's; each word is measured once per table it is directly in, and
 * each distinct word once.
 *
 * Counting follows Word's rules exactly, so that Word, given the same
 * numbering definitions (docx_styles.c), shows the labels the other
 * writers print: within one numbering instance each level has a counter; a
 * node at level L adds one to counter L and sets the deeper counters back
 * to zero.  A new instance starts every count again.
 *
 * Forced numbers (doc_node_set_start): a node whose count would give
 * another value than its start begins a new instance there, with the same
 * look, its own level starting at that value and each level above it
 * starting at the value it shows there.  Word shows an upper level that
 * has not been counted in an instance at its start, so the label reads
 * the same; the next node at an upper level, wanting the value after that,
 * begins another instance in turn.
 *
 * Redlines: a block deleted whole (doc_node_change) is not in the new
 * version, so it is not counted.  It takes its place in the numbering
 * instance (Word numbers it from there when the change is rejected) with
 * the label and level it had in the old version, which the diff set.
 */
#include "doc_private.h"
#include "style.h"

#include <string.h>

typedef struct {
    doc_document *doc;
    const house_style *style;
    const doc_measure *measure;         /* NULL: estimate */
    GHashTable *widths;                 /* measured words: key -> double * */
    const num_scheme *paragraph_scheme; /* the house style's; copied per instance */
    int paragraph_instance;             /* 0 until the first numbered node */
    const doc_node *instance_section;   /* top-level section of that instance */
    int heading_level;                  /* last numbered heading's level, 0 none */
    bool title_seen;                    /* a TITLE came before (doc.h, outline) */
    int outline_level;                  /* the last title's or heading's, 0 none */
    GArray *counters;                   /* doc_counters per instance */
    GError *error;
} prepare_state;

/* ---- errors ------------------------------------------------------------ */

/* The nearest node (n or an ancestor) that knows its template line. */
static const doc_node *with_source(const doc_node *n)
{
    while (n && !n->source_file)
        n = n->parent;
    return n;
}

static void G_GNUC_PRINTF(3, 4) prepare_fail(prepare_state *st, const doc_node *n,
                                              const char *fmt, ...)
{
    if (st->error)
        return;
    va_list args;
    va_start(args, fmt);
    char *what = g_strdup_vprintf(fmt, args);
    va_end(args);
    const doc_node *src = with_source(n);
    if (src)
        g_set_error(&st->error, DOC_ERROR, DOC_ERROR_NUMBERING, "%s:%d: %s", src->source_file,
                    src->source_line, what);
    else
        g_set_error_literal(&st->error, DOC_ERROR, DOC_ERROR_NUMBERING, what);
    g_free(what);
}

/* "continuous, sections" for messages.  Caller frees. */
static char *scheme_names(const num_scheme *schemes, int n)
{
    GString *out = g_string_new(NULL);
    for (int i = 0; i < n; i++)
        g_string_append_printf(out, "%s%s", i ? ", " : "", schemes[i].name);
    return g_string_free(out, FALSE);
}

/* ---- instances ----------------------------------------------------------- */

/* A new numbering instance counting with (a copy of) scheme; geometry and
 * counters are filled in by the caller.  Returns its 1-based number. */
static int new_instance(prepare_state *st, const num_scheme *scheme, bool list,
                        doc_list_kind kind)
{
    num_scheme *copy = g_new0(num_scheme, 1);
    num_scheme_copy(copy, scheme);
    doc_numbering numbering = {.list = list, .kind = kind, .scheme = copy};
    for (int i = 0; i < NUM_LEVELS; i++)
        numbering.start[i] = 1;
    g_array_append_val(st->doc->numberings, numbering);
    doc_counters zero = {{0}, false};
    g_array_append_val(st->counters, zero);
    return (int)st->doc->numberings->len;
}

static doc_numbering *instance_at(prepare_state *st, int instance)
{
    return &g_array_index(st->doc->numberings, doc_numbering, instance - 1);
}

static doc_counters *counters_at(prepare_state *st, int instance)
{
    return &g_array_index(st->counters, doc_counters, instance - 1);
}

/* A new instance like from, where a forced number breaks its count at
 * level: that level starts at value, each level above at the value it
 * shows now, each below at 1.  Returns its number. */
static int jump_instance(prepare_state *st, int from, int level, int value)
{
    const doc_numbering *old = instance_at(st, from);
    int shown[NUM_LEVELS];
    doc_shown_counters(old, counters_at(st, from), level, shown);
    int jump = new_instance(st, old->scheme, old->list, old->kind);
    doc_numbering *numbering = instance_at(st, jump);
    old = instance_at(st, from); /* the array may have moved */
    for (int i = 0; i < NUM_LEVELS; i++) {
        numbering->indent[i] = old->indent[i];
        numbering->label_indent[i] = old->label_indent[i];
        numbering->start[i] = i < level - 1 ? shown[i] : i == level - 1 ? value : 1;
    }
    counters_at(st, jump)->jump = true;
    return jump;
}

/* Count a node at level (1-based) of instance, or of the instance its
 * forced number begins; returns the instance it was counted in, 0 if a
 * level above it has not been counted yet (Word would show its start, a
 * number the paper never gave). */
static int count(prepare_state *st, doc_node *n, int instance, int level)
{
    const doc_numbering *numbering = instance_at(st, instance);
    doc_counters *c = counters_at(st, instance);
    bool bullet = numbering->list && numbering->kind == DOC_LIST_BULLET;
    int next = c->value[level - 1] ? c->value[level - 1] + 1 : numbering->start[level - 1];
    if (n->start > 0 && !bullet && n->start != next) {
        instance = jump_instance(st, instance, level, n->start);
        numbering = instance_at(st, instance);
        c = counters_at(st, instance);
        next = n->start;
        n->jumped = true;
    }
    if (level > 1 && c->value[level - 2] == 0 && !c->jump)
        return 0;
    c->value[level - 1] = next;
    for (int i = level; i < NUM_LEVELS; i++)
        c->value[i] = 0;
    int shown[NUM_LEVELS];
    doc_shown_counters(numbering, c, level, shown);
    n->instance = instance;
    n->number_level = level;
    n->number = next;
    char *label = num_label(numbering->scheme, level, shown);
    n->label = doc_intern(st->doc, label);
    g_free(label);
    return instance;
}

/* ---- where things start ---------------------------------------------------- */

/* The top-level section a node is in, or NULL. */
static const doc_node *top_section(const doc_node *n)
{
    const doc_node *section = NULL;
    for (; n && n->parent; n = n->parent)
        if (n->type == DOC_SECTION && n->parent->type == DOC_DOCUMENT)
            section = n;
    return section;
}

/* Where the text of blocks directly inside container starts. */
static double content_x(const doc_node *container)
{
    return container->type == DOC_CELL ? 0 : container->indent;
}

static bool in_cell(const doc_node *n)
{
    for (; n; n = n->parent)
        if (n->type == DOC_CELL)
            return true;
    return false;
}

/* Is para the last paragraph of a whole list nest?  A nested list that is
 * followed by more items of its parent list does not end the nest. */
static bool ends_list_nest(const doc_node *para)
{
    for (const doc_node *n = para;;) {
        const doc_node *item = n->parent;
        if (n->next || item->next)
            return false;
        const doc_node *list = item->parent;
        if (!list->parent || list->parent->type != DOC_ITEM)
            return true;
        n = list;
    }
}

/* ---- numbered paragraphs and headings ------------------------------------- */

static int paragraph_instance(prepare_state *st, const doc_node *n)
{
    const doc_node *section = top_section(n);
    bool restart = st->paragraph_scheme->restart_per_section &&
                   section != st->instance_section;
    if (st->paragraph_instance && !restart)
        return st->paragraph_instance;
    int instance = new_instance(st, st->paragraph_scheme, false, DOC_LIST_BULLET);
    doc_numbering *numbering = instance_at(st, instance);
    for (int i = 0; i < NUM_LEVELS; i++) {
        const num_level *look = num_scheme_level(numbering->scheme, i + 1);
        numbering->indent[i] = look->indent;
        numbering->label_indent[i] = look->label_indent;
    }
    st->paragraph_instance = instance;
    st->instance_section = section;
    st->heading_level = 0;
    return instance;
}

/* A deleted labelled block: in its instance at its old level, with its old
 * label, not counted.  A bullet has no old label to keep: it takes the
 * glyph of its level.  False when it has no old level (a tree built by
 * hand): then it is labelled as if counted. */
static bool keep_deleted_label(prepare_state *st, doc_node *n, int instance)
{
    if (n->change != DOC_CHANGE_DELETED || n->number_level < 1 ||
        n->number_level > NUM_LEVELS)
        return false;
    const doc_numbering *numbering = instance_at(st, instance);
    n->instance = instance;
    if (numbering->list && numbering->kind == DOC_LIST_BULLET)
        n->label = doc_intern(st->doc, num_scheme_level(numbering->scheme, n->number_level)->text);
    return n->label != NULL;
}

static void prepare_numbered(prepare_state *st, doc_node *n)
{
    int instance = paragraph_instance(st, n);
    const num_scheme *scheme = instance_at(st, instance)->scheme;
    bool heading = n->type == DOC_HEADING;
    if (keep_deleted_label(st, n, instance)) {
        int kept = MIN(n->number_level, scheme->n_levels);
        n->indent = instance_at(st, instance)->indent[kept - 1];
        n->label_indent = instance_at(st, instance)->label_indent[kept - 1];
        return; /* and the headings after it do not count from it */
    }
    int level = heading || n->level ? n->level : st->heading_level + 1;
    if (level > scheme->n_levels) {
        prepare_fail(st, n,
                     "a numbered %s at level %d, but the numbering scheme \"%s\" has %d "
                     "level%s; choose a scheme with more levels (<meta numbering=...>) or "
                     "give the paragraph a level",
                     heading ? "heading" : "paragraph", level, scheme->name, scheme->n_levels,
                     scheme->n_levels == 1 ? "" : "s");
        return;
    }
    instance = count(st, n, instance, level);
    if (!instance) {
        prepare_fail(st, n,
                     "a numbered %s at level %d with no level-%d number before it; number a "
                     "heading or paragraph at level %d first",
                     heading ? "heading" : "paragraph", level, level - 1, level - 1);
        return;
    }
    st->paragraph_instance = instance; /* a forced number may have begun one */
    if (heading)
        st->heading_level = level;
    const doc_numbering *numbering = instance_at(st, instance);
    n->indent = numbering->indent[level - 1];
    n->label_indent = numbering->label_indent[level - 1];
}

/* ---- lists ------------------------------------------------------------------ */

/* The hang of a list level: the scheme's, else the house style's. */
static double list_hang(const house_style *style, const num_scheme *scheme, int level)
{
    double hang = num_scheme_level(scheme, level)->hang;
    return hang > 0 ? hang : style->bullet_hang;
}

/* Does a list continue the count of the list around it (Word: the same
 * w:num, one level down)?  Only a list of the same kind and scheme. */
static bool joins_parent_list(const doc_node *list)
{
    const doc_node *item = list->parent;
    if (item->type != DOC_ITEM)
        return false;
    const doc_node *outer = item->parent;
    return outer->list_kind == list->list_kind &&
           (list->list_kind == DOC_LIST_BULLET || g_strcmp0(outer->scheme, list->scheme) == 0);
}

static int list_depth(const doc_node *list)
{
    int depth = 0;
    for (const doc_node *p = list->parent; p; p = p->parent)
        if (p->type == DOC_LIST)
            depth++;
    return depth;
}

static void new_list_instance(prepare_state *st, doc_node *list, const num_scheme *scheme)
{
    int instance = new_instance(st, scheme, true, list->list_kind);
    doc_numbering *numbering = instance_at(st, instance);
    double x = list->indent;
    for (int i = 0; i < NUM_LEVELS; i++) {
        numbering->label_indent[i] = x;
        numbering->indent[i] = x + list_hang(st->style, numbering->scheme, i + 1);
        x = numbering->indent[i];
    }
    list->instance = instance;
    list->number_level = 1;
}

static void prepare_list(prepare_state *st, doc_node *list)
{
    list->depth = list_depth(list);
    if (list->depth >= DOC_MAX_LIST_DEPTH) {
        prepare_fail(st, list, "lists nest at most %d deep (Word's limit); this one is %d deep",
                     DOC_MAX_LIST_DEPTH, list->depth + 1);
        return;
    }
    doc_node *parent = list->parent;
    bool top = parent->type == DOC_DOCUMENT || parent->type == DOC_SECTION;
    list->indent = content_x(parent) + (top ? st->style->list_indent : 0);
    if (joins_parent_list(list)) {
        list->instance = parent->instance;
        list->number_level = parent->number_level + 1;
        return;
    }
    const num_scheme *scheme = &st->style->bullets;
    if (list->list_kind == DOC_LIST_ORDERED)
        scheme = style_list_scheme(st->style, list->scheme);
    if (!scheme) {
        char *names = scheme_names(st->style->list_schemes, st->style->n_list_schemes);
        prepare_fail(st, list, "the list numbering \"%s\" is not in the house style (it has %s)",
                     list->scheme, names);
        g_free(names);
        return;
    }
    new_list_instance(st, list, scheme);
}

static void prepare_item(prepare_state *st, doc_node *item)
{
    doc_node *list = item->parent;
    item->depth = list->depth;
    if (!list->instance)
        return; /* the list failed */
    const doc_numbering *numbering = instance_at(st, list->instance);
    if (item->change == DOC_CHANGE_DELETED)
        item->number_level = list->number_level; /* the dump does not say it */
    if (keep_deleted_label(st, item, list->instance)) {
        item->label_indent = list->indent;
        item->indent = numbering->indent[item->number_level - 1];
        return;
    }
    int counted = count(st, item, list->instance, list->number_level);
    if (counted) /* a forced number may have begun an instance: the list goes on in it */
        list->instance = counted;
    numbering = instance_at(st, list->instance);
    if (list->list_kind == DOC_LIST_BULLET)
        item->label = doc_intern(st->doc,
                                 num_scheme_level(numbering->scheme, item->number_level)->text);
    item->label_indent = list->indent;
    item->indent = numbering->indent[item->number_level - 1];
}

/* ---- tables ------------------------------------------------------------------ */

static void prepare_table(doc_node *table)
{
    int ncols = table->n_widths;
    for (const doc_node *row = table->first; row; row = row->next)
        ncols = MAX(ncols, doc_node_child_count(row));
    ncols = MAX(ncols, 1);
    table->fractions = doc_alloc_doubles(table->doc, NULL, ncols);
    table->n_fractions = ncols;
    double sum = 0;
    for (int i = 0; i < ncols; i++)
        sum += table->fractions[i] = i < table->n_widths ? table->widths[i] : 1;
    for (int i = 0; i < ncols; i++)
        table->fractions[i] /= sum;
}

/* ---- ids ------------------------------------------------------------------------ */

/* Default id: "<section>/<type>-<ordinal among same-type siblings>",
 * stable while the blocks before it in its section stay the same.  The
 * ordinal comes from the nearest earlier sibling of the same type, so the
 * whole pass stays linear however long a list is. */
static void assign_id(prepare_state *st, doc_node *n)
{
    const doc_node *same = n->prev;
    while (same && same->type != n->type)
        same = same->prev;
    n->ordinal = same ? same->ordinal + 1 : 1;
    if (n->id || doc_type_is_inline(n->type) || n->type == DOC_DOCUMENT)
        return;
    const char *prefix = "doc";
    if (n->parent && n->parent->type != DOC_SECTION && n->parent->type != DOC_DOCUMENT &&
        n->parent->id) {
        prefix = n->parent->id;
    } else {
        for (const doc_node *p = n->parent; p; p = p->parent)
            if (p->type == DOC_SECTION && p->id) {
                prefix = p->id;
                break;
            }
    }
    char *id = g_strdup_printf("%s/%s-%d", prefix, doc_type_name(n->type), n->ordinal);
    n->id = doc_intern(st->doc, id);
    g_free(id);
}

/* ---- the walk -------------------------------------------------------------------- */

static void reset_node(doc_node *n)
{
    if (n->change != DOC_CHANGE_DELETED) { /* a deleted block keeps its old ones */
        n->label = NULL;
        n->number_level = 0;
    }
    n->number = n->instance = n->depth = 0;
    n->jumped = false;
    n->indent = n->label_indent = 0;
    n->gap = DOC_GAP_STYLE;
    n->outline_level = 0;
}

/* Outline levels (doc.h): the title block is 1, headings below it. */
static void prepare_outline(prepare_state *st, doc_node *n)
{
    if (n->type == DOC_TITLE) {
        st->title_seen = true;
        n->outline_level = 1;
    } else {
        int level = CLAMP(n->level, 1, 3) + (st->title_seen ? 1 : 0);
        n->outline_level = MIN(level, st->outline_level + 1);
    }
    st->outline_level = n->outline_level;
}

static void prepare_node(prepare_state *st, doc_node *n)
{
    reset_node(n);
    assign_id(st, n);
    doc_node *parent = n->parent;
    switch (n->type) {
    case DOC_NUMBERED:
        prepare_numbered(st, n);
        break;
    case DOC_HEADING:
        if (n->numbered)
            prepare_numbered(st, n);
        else
            n->indent = content_x(parent);
        prepare_outline(st, n);
        break;
    case DOC_LIST:
        prepare_list(st, n);
        break;
    case DOC_ITEM:
        prepare_item(st, n);
        break;
    case DOC_MOTION:
        n->indent = content_x(parent) + st->style->motion_indent;
        break;
    case DOC_TABLE:
        prepare_table(n);
        n->indent = content_x(parent);
        break;
    case DOC_PARAGRAPH:
        n->indent = content_x(parent);
        if (parent->type == DOC_ITEM)
            n->gap = in_cell(parent) || !ends_list_nest(n) ? DOC_GAP_ITEM : DOC_GAP_BODY;
        break;
    case DOC_TITLE:
        n->indent = content_x(parent);
        prepare_outline(st, n);
        break;
    case DOC_SIGNATURE: case DOC_ROW:
        n->indent = content_x(parent);
        break;
    default: /* DOCUMENT, SECTION, CELL: areas start at 0; inlines have none */
        break;
    }
}

/* ---- column widths (the second walk) ----------------------------------------- */

/* The width of a piece of a word, measured once per look. */
static double piece_width(prepare_state *st, const char *p, size_t len, double size, bool bold,
                          bool italic)
{
    char *text = g_strndup(p, len);
    if (!st->measure || !st->measure->width) {
        double w = (double)g_utf8_strlen(text, -1) * size * DOC_ESTIMATE_EM * (bold ? 1.1 : 1);
        g_free(text);
        return w;
    }
    char *key = g_strdup_printf("%d%d%g:%s", bold, italic, size, text);
    double *known = g_hash_table_lookup(st->widths, key);
    if (known) {
        g_free(key);
        g_free(text);
        return *known;
    }
    known = g_new(double, 1);
    *known = st->measure->width(st->measure->data, text, size, bold, italic);
    g_hash_table_insert(st->widths, key, known);
    g_free(text);
    return *known;
}

/* The words of one cell as they are set: the look of the block and of the
 * inlines around each piece, and the widest word with its block's indent. */
typedef struct {
    prepare_state *st;
    bool header;        /* a header row's cell: all bold */
    double size;        /* the current block's look */
    bool block_bold, block_italic;
    int bold, italic;   /* STRONG and EMPH around the current text */
    double indent;      /* the current block's indent in the cell */
    double word;        /* width of the word so far */
    double widest;      /* indent + word, the widest seen */
} cell_words;

static void end_word(cell_words *w)
{
    w->widest = MAX(w->widest, w->indent + w->word);
    w->word = 0;
}

static void add_text(cell_words *w, const char *text)
{
    for (const char *p = text; *p;) {
        size_t space = strspn(p, " \t\r\n");
        if (space) {
            end_word(w);
            p += space;
            continue;
        }
        size_t len = strcspn(p, " \t\r\n");
        w->word += piece_width(w->st, p, len, w->size, w->header || w->block_bold || w->bold > 0,
                               w->block_italic || w->italic > 0);
        p += len;
    }
}

static void enter_block(cell_words *w, const doc_node *n, const style_para *look)
{
    end_word(w);
    w->size = look->size;
    w->block_bold = look->bold;
    w->block_italic = look->italic;
    w->indent = n->indent;
}

static void word_enter(cell_words *w, const doc_node *n)
{
    const house_style *style = w->st->style;
    switch (n->type) {
    case DOC_PARAGRAPH: enter_block(w, n, &style->para[STYLE_TABLE]); break;
    case DOC_HEADING: enter_block(w, n, style_heading(style, n->level)); break;
    case DOC_TITLE: enter_block(w, n, style_title(style, n->level)); break;
    case DOC_STRONG: w->bold++; break;
    case DOC_EMPH: w->italic++; break;
    case DOC_BREAK: end_word(w); break;
    case DOC_TEXT: add_text(w, n->text ? n->text : ""); break;
    default: break;
    }
}

static void word_leave(cell_words *w, const doc_node *n)
{
    if (n->type == DOC_STRONG)
        w->bold--;
    else if (n->type == DOC_EMPH)
        w->italic--;
    else if (!doc_type_is_inline(n->type))
        end_word(w);
}

/* The width a cell needs for its widest word: padding on both sides and
 * the slack.  Tables inside it fit their own columns; their words are not
 * this cell's. */
static double cell_need(prepare_state *st, const doc_node *cell, bool header)
{
    cell_words w = {.st = st, .header = header, .size = st->style->para[STYLE_TABLE].size};
    const doc_node *n = cell->first;
    while (n) {
        word_enter(&w, n);
        if (n->first && n->type != DOC_TABLE) {
            n = n->first;
            continue;
        }
        for (;;) { /* leave n and every parent it ends, up to the cell */
            word_leave(&w, n);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (n == cell) {
                n = NULL;
                break;
            }
        }
    }
    end_word(&w);
    return w.widest + 2 * st->style->cell_padding + DOC_COLUMN_SLACK;
}

/* Widen each column narrower than it needs, taking the width from the
 * widest other column that can spare it (doc.h). */
static bool widen_columns(double *width, const double *need, int n)
{
    bool widened = false;
    for (int i = 0; i < n; i++) {
        double lack = need[i] - width[i];
        while (lack > 1e-9) {
            int donor = -1;
            for (int j = 0; j < n; j++)
                if (j != i && width[j] - need[j] > 1e-9 && (donor < 0 || width[j] > width[donor]))
                    donor = j;
            if (donor < 0)
                break;
            double give = MIN(lack, width[donor] - need[donor]);
            width[donor] -= give;
            width[i] += give;
            lack -= give;
            widened = true;
        }
    }
    return widened;
}

static void fit_table(prepare_state *st, doc_node *table)
{
    int n = table->n_fractions;
    if (n < 2 || n > DOC_FIT_MAX_COLUMNS)
        return;
    double need[DOC_FIT_MAX_COLUMNS] = {0}, width[DOC_FIT_MAX_COLUMNS];
    for (const doc_node *row = table->first; row; row = row->next) {
        int c = 0;
        for (const doc_node *cell = row->first; cell && c < n; cell = cell->next, c++)
            need[c] = MAX(need[c], cell_need(st, cell, row->header_row));
    }
    for (int i = 0; i < n; i++)
        width[i] = table->fractions[i] * table->width;
    if (!widen_columns(width, need, n))
        return; /* the fractions as given, to the last bit */
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += width[i];
    for (int i = 0; i < n; i++)
        table->fractions[i] = width[i] / sum;
}

/* The width of a cell's inside: its column of its table less the padding,
 * or half of the signature's width. */
static double cell_inside(const house_style *style, const doc_node *cell, double area)
{
    const doc_node *holder = cell->parent;
    if (holder->type == DOC_SIGNATURE)
        return (area - holder->indent) / 2;
    const doc_node *table = holder->parent;
    int column = MIN(cell->ordinal, table->n_fractions) - 1;
    return table->fractions[column] * table->width - 2 * style->cell_padding;
}

static void fit_tables(prepare_state *st)
{
    const house_style *s = st->style;
    GArray *areas = g_array_new(FALSE, FALSE, sizeof(double)); /* innermost last */
    double page = s->page_width - s->margin_left - s->margin_right;
    g_array_append_val(areas, page);
    doc_iter it;
    doc_iter_init(&it, st->doc->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        double area = g_array_index(areas, double, areas->len - 1);
        if (n->type == DOC_TABLE && ev == DOC_EVENT_ENTER) {
            n->width = MAX(area - n->indent, 1);
            fit_table(st, n);
        } else if (n->type == DOC_CELL && ev == DOC_EVENT_ENTER) {
            n->width = MAX(cell_inside(s, n, area), 1);
            g_array_append_val(areas, n->width);
        } else if (n->type == DOC_CELL) {
            g_array_set_size(areas, areas->len - 1);
        }
    }
    g_array_free(areas, TRUE);
}

bool doc_document_prepare(doc_document *doc, const house_style *style,
                          const doc_measure *measure, GError **error)
{
    prepare_state st = {.doc = doc, .style = style, .measure = measure};
    g_array_set_size(doc->numberings, 0);
    st.paragraph_scheme = style_paragraph_scheme(style, doc->numbering);
    if (!st.paragraph_scheme) {
        char *names = scheme_names(style->paragraph_schemes, style->n_paragraph_schemes);
        g_set_error(error, DOC_ERROR, DOC_ERROR_NUMBERING,
                    "the paragraph numbering \"%s\" is not in the house style (it has %s)",
                    doc->numbering, names);
        g_free(names);
        return false;
    }
    st.counters = g_array_new(FALSE, TRUE, sizeof(doc_counters));
    doc_iter it;
    doc_iter_init(&it, doc->root);
    for (doc_event ev; !st.error && (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        if (ev == DOC_EVENT_ENTER)
            prepare_node(&st, doc_iter_node(&it));
    g_array_free(st.counters, TRUE);
    if (!st.error) {
        st.widths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        fit_tables(&st);
        g_hash_table_destroy(st.widths);
    }
    if (st.error) {
        g_propagate_error(error, st.error);
        return false;
    }
    return true;
}
