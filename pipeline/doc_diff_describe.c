/*
 * doc_diff_describe.c - a redline's changes named the way a clerk refers
 * to them (doc_diff_describe in doc_diff.h).
 *
 * One walk over the redline.  Along the way it keeps what a name needs
 * that lies before the block: the heading above it and how many
 * unnumbered paragraphs have come since, each counted twice, for the old
 * version (deleted blocks are named as they were) and for the new one.
 */
#include "doc_diff.h"
#include "doc_private.h"

#include <string.h>

/* Lines of the report are wrapped here, like the text writer's. */
#define DESCRIBE_WIDTH 78
/* Unchanged words kept on each side of a change; the rest is "...". */
#define DESCRIBE_CONTEXT_WORDS 6
/* A block inserted or deleted whole is quoted up to this many words. */
#define DESCRIBE_MAX_WORDS 80
/* Headings and row names are quoted up to this many characters. */
#define DESCRIBE_MAX_NAME 60

typedef struct {
    GString *out;
    const char *indent;
    int entries;
    /* per version: [0] the old one, [1] the new one */
    const doc_node *heading[2];
    int paragraphs[2]; /* unnumbered paragraphs under that heading so far */
    /* Places of items, rows and cells among their siblings, counted once
     * per container as it is entered (counting back from each one would
     * make a long list's report quadratic). */
    GHashTable *place[2];
} describe_state;

static bool holds_inlines(doc_type t)
{
    return t == DOC_TITLE || t == DOC_HEADING || t == DOC_PARAGRAPH;
}

/* Is n in version v (0 old, 1 new)? */
static bool in_version(const doc_node *n, int v)
{
    return n->change != (v ? DOC_CHANGE_DELETED : DOC_CHANGE_INSERTED);
}

/* ---- text ------------------------------------------------------------------- */

/* Words folded to single spaces. */
static char *folded(const char *text)
{
    char **words = g_strsplit_set(text, " \t\r\n", -1);
    GString *out = g_string_new(NULL);
    for (int i = 0; words[i]; i++) {
        if (!*words[i])
            continue;
        if (out->len)
            g_string_append_c(out, ' ');
        g_string_append(out, words[i]);
    }
    g_strfreev(words);
    return g_string_free(out, FALSE);
}

/* “text”, cut at DESCRIBE_MAX_NAME characters. */
static void append_quoted(GString *s, const doc_node *n)
{
    char *raw = doc_node_plain_text(n);
    char *text = folded(raw);
    if (g_utf8_strlen(text, -1) > DESCRIBE_MAX_NAME) {
        char *cut = g_utf8_substring(text, 0, DESCRIBE_MAX_NAME);
        g_string_append_printf(s, "\u201c%s...\u201d", g_strchomp(cut));
        g_free(cut);
    } else {
        g_string_append_printf(s, "\u201c%s\u201d", text);
    }
    g_free(text);
    g_free(raw);
}

/* The text of a whole block: its paragraphs joined by " / ". */
static char *block_text(const doc_node *block)
{
    GString *out = g_string_new(NULL);
    doc_iter it;
    doc_iter_init(&it, (doc_node *)block);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev != DOC_EVENT_ENTER || !holds_inlines(n->type))
            continue;
        char *raw = doc_node_plain_text(n);
        char *text = folded(raw);
        if (*text)
            g_string_append_printf(out, "%s%s", out->len ? " / " : "", text);
        g_free(text);
        g_free(raw);
    }
    return g_string_free(out, FALSE);
}

/* At most max words of text, "..." for the rest. */
static char *first_words(const char *text, int max)
{
    char **words = g_strsplit(text, " ", -1);
    GString *out = g_string_new(NULL);
    for (int i = 0; words[i] && i <= max; i++)
        g_string_append_printf(out, "%s%s", i ? " " : "", i < max ? words[i] : "...");
    g_strfreev(words);
    return g_string_free(out, FALSE);
}

/* A changed paragraph's words, changes marked, unchanged stretches far
 * from a change cut to "...". */
static char *marked_text(const doc_node *block)
{
    /* segments: [-old-], {+new+} and plain runs, in order */
    GPtrArray *segs = g_ptr_array_new_with_free_func(g_free);
    GArray *kinds = g_array_new(FALSE, FALSE, sizeof(doc_type));
    doc_iter it;
    doc_iter_init(&it, (doc_node *)block);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev != DOC_EVENT_ENTER || (n->type != DOC_TEXT && n->type != DOC_BREAK))
            continue;
        doc_type kind = n->parent->type == DOC_INSERTED || n->parent->type == DOC_DELETED
                            ? n->parent->type
                            : DOC_TEXT;
        const char *text = n->type == DOC_BREAK ? " " : doc_node_text(n);
        if (kinds->len && g_array_index(kinds, doc_type, kinds->len - 1) == kind) {
            char *joined = g_strconcat(g_ptr_array_index(segs, segs->len - 1), text, NULL);
            g_free(segs->pdata[segs->len - 1]);
            segs->pdata[segs->len - 1] = joined;
        } else {
            g_ptr_array_add(segs, g_strdup(text));
            g_array_append_val(kinds, kind);
        }
    }
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < segs->len; i++) {
        doc_type kind = g_array_index(kinds, doc_type, i);
        char *text = folded(g_ptr_array_index(segs, i));
        const char *raw = g_ptr_array_index(segs, i);
        bool space_before = raw[0] && strchr(" \t\r\n", raw[0]);
        bool space_after = raw[0] && strchr(" \t\r\n", raw[strlen(raw) - 1]);
        if (kind == DOC_DELETED) {
            g_string_append_printf(out, "%s[-%s-]%s", space_before ? " " : "", text,
                                   space_after ? " " : "");
        } else if (kind == DOC_INSERTED) {
            g_string_append_printf(out, "%s{+%s+}%s", space_before ? " " : "", text,
                                   space_after ? " " : "");
        } else {
            char **words = g_strsplit(text, " ", -1);
            int n = (int)g_strv_length(words), c = DESCRIBE_CONTEXT_WORDS;
            bool first = i == 0, last = i + 1 == segs->len;
            int keep_start = first ? 0 : c, keep_end = last ? 0 : c;
            if (space_before && !first)
                g_string_append_c(out, ' ');
            if (n > keep_start + keep_end + 1) {
                for (int k = 0; k < keep_start; k++)
                    g_string_append_printf(out, "%s ", words[k]);
                g_string_append(out, "...");
                for (int k = n - keep_end; k < n; k++)
                    g_string_append_printf(out, " %s", words[k]);
            } else {
                g_string_append(out, text);
            }
            if (space_after && !last)
                g_string_append_c(out, ' ');
            g_strfreev(words);
        }
        g_free(text);
    }
    g_ptr_array_free(segs, TRUE);
    g_array_free(kinds, TRUE);
    char *result = folded(out->str);
    g_string_free(out, TRUE);
    return result;
}

/* text wrapped at DESCRIBE_WIDTH, each line after prefix. */
static void append_wrapped(GString *out, const char *prefix, const char *text)
{
    char **words = g_strsplit(text, " ", -1);
    int column = 0;
    for (int i = 0; words[i]; i++) {
        int len = (int)g_utf8_strlen(words[i], -1);
        if (column == 0) {
            g_string_append_printf(out, "%s%s", prefix, words[i]);
            column = (int)g_utf8_strlen(prefix, -1) + len;
        } else if (column + 1 + len > DESCRIBE_WIDTH) {
            g_string_append_printf(out, "\n%s%s", prefix, words[i]);
            column = (int)g_utf8_strlen(prefix, -1) + len;
        } else {
            g_string_append_printf(out, " %s", words[i]);
            column += 1 + len;
        }
    }
    if (column)
        g_string_append_c(out, '\n');
    g_strfreev(words);
}

/* ---- names ------------------------------------------------------------------ */

/* "9." -> "9": a clerk says "paragraph 9". */
static void append_label(GString *s, const char *label)
{
    size_t len = label ? strlen(label) : 0;
    if (len > 1 && label[len - 1] == '.')
        len--;
    g_string_append_len(s, label ? label : "?", (gssize)len);
}

/* Place of n among its siblings of the same type in version v, from 1. */
static int place_among(const describe_state *st, const doc_node *n, int v)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(st->place[v], n));
}

static void count_places(describe_state *st, const doc_node *container)
{
    if (container->type != DOC_LIST && container->type != DOC_TABLE &&
        container->type != DOC_ROW)
        return;
    for (int v = 0; v < 2; v++) {
        int place = 0;
        for (const doc_node *c = container->first; c; c = c->next)
            if (in_version(c, v))
                g_hash_table_insert(st->place[v], (gpointer)c, GINT_TO_POINTER(++place));
    }
}

static const char *ordinal_suffix(int n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    switch (n % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

/* What n contributes to a name (self: the block named; else a block it is
 * in), or nothing. */
static void name_part(GString *part, const describe_state *st, const doc_node *n, int v,
                      bool self)
{
    bool flow = n->parent->type == DOC_SECTION || n->parent->type == DOC_DOCUMENT;
    switch (n->type) {
    case DOC_NUMBERED:
        g_string_append(part, "paragraph ");
        append_label(part, n->label);
        break;
    case DOC_ITEM:
        if (n->parent->list_kind == DOC_LIST_ORDERED) {
            g_string_append(part, "item ");
            append_label(part, n->label);
        } else {
            g_string_append_printf(part, "bullet %d", place_among(st, n, v));
        }
        break;
    case DOC_TABLE:
        g_string_append(part, "the table");
        break;
    case DOC_ROW:
        g_string_append_printf(part, "row %d", place_among(st, n, v));
        if (n->first && n->first->first) {
            g_string_append(part, " (");
            append_quoted(part, n->first);
            g_string_append_c(part, ')');
        }
        break;
    case DOC_CELL:
        if (n->parent->type == DOC_ROW)
            g_string_append_printf(part, "column %d", place_among(st, n, v));
        break;
    case DOC_MOTION:
        g_string_append(part, "the motion");
        break;
    case DOC_SIGNATURE:
        g_string_append(part, "the signature");
        break;
    case DOC_TITLE:
        g_string_append(part, "the title");
        break;
    case DOC_HEADING:
        g_string_append(part, "the heading ");
        if (n->label) {
            append_label(part, n->label);
            g_string_append_c(part, ' ');
        }
        append_quoted(part, n);
        break;
    case DOC_SECTION:
        if (!self)
            break;
        g_string_append(part, "the section");
        if (n->first && n->first->type == DOC_HEADING) {
            g_string_append_c(part, ' ');
            append_quoted(part, n->first);
        }
        break;
    case DOC_PARAGRAPH:
        if (flow) {
            int k = st->paragraphs[v];
            g_string_append_printf(part, "the %d%s paragraph", k, ordinal_suffix(k));
            if (!st->heading[v])
                g_string_append(part, " before any heading");
        }
        break;
    case DOC_LIST:
        if (self && flow)
            g_string_append(part, "a list");
        break;
    case DOC_PAGE_BREAK:
        g_string_append(part, "a page break");
        break;
    default:
        break;
    }
}

/* "paragraph 9, bullet 3 (The Community Safety Strategy)". */
static char *name_of(const describe_state *st, const doc_node *n, int v)
{
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    for (const doc_node *p = n; p && p->type != DOC_DOCUMENT; p = p->parent) {
        GString *part = g_string_new(NULL);
        name_part(part, st, p, v, p == n);
        if (part->len)
            g_ptr_array_insert(parts, 0, g_string_free(part, FALSE));
        else
            g_string_free(part, TRUE);
    }
    GString *name = g_string_new(NULL);
    for (guint i = 0; i < parts->len; i++)
        g_string_append_printf(name, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(parts, i));
    if (!name->len)
        g_string_append(name, doc_type_name(n->type));
    const doc_node *heading = st->heading[v];
    bool names_itself = n->type == DOC_HEADING || n->type == DOC_SECTION || n->type == DOC_TITLE;
    if (heading && !names_itself) {
        char *text = doc_node_plain_text(heading);
        char *words = folded(text);
        g_string_append_printf(name, " (%s)", words);
        g_free(words);
        g_free(text);
    }
    g_ptr_array_free(parts, TRUE);
    return g_string_free(name, FALSE);
}

/* ---- the walk ----------------------------------------------------------------- */

static bool has_marks(const doc_node *block)
{
    doc_iter it;
    doc_iter_init(&it, (doc_node *)block);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_type t = doc_node_type(doc_iter_node(&it));
        if (t == DOC_INSERTED || t == DOC_DELETED)
            return true;
    }
    return false;
}

static void entry(describe_state *st, const char *what, const doc_node *n, int v,
                  char *text)
{
    char *name = name_of(st, n, v);
    g_string_append_printf(st->out, "%s%s: %s\n", st->indent, what, name);
    char *prefix = g_strconcat(st->indent, "    ", NULL);
    append_wrapped(st->out, prefix, text);
    g_free(prefix);
    g_free(name);
    g_free(text);
    st->entries++;
}

/* Before n is named: the counts and headings it is named by. */
static void note_position(describe_state *st, const doc_node *n)
{
    for (int v = 0; v < 2; v++) {
        if (!in_version(n, v))
            continue;
        if (n->type == DOC_PARAGRAPH &&
            (n->parent->type == DOC_SECTION || n->parent->type == DOC_DOCUMENT))
            st->paragraphs[v]++;
    }
}

static void note_heading(describe_state *st, const doc_node *n)
{
    for (int v = 0; v < 2; v++) {
        if (n->type == DOC_HEADING && in_version(n, v)) {
            st->heading[v] = n;
            st->paragraphs[v] = 0;
        }
    }
}

int doc_diff_describe(const doc_document *redline, const char *indent, GString *out)
{
    describe_state st = {.out = out, .indent = indent ? indent : "",
                         .place = {g_hash_table_new(g_direct_hash, g_direct_equal),
                                   g_hash_table_new(g_direct_hash, g_direct_equal)}};
    doc_iter it;
    doc_iter_init(&it, redline->root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (ev != DOC_EVENT_ENTER || doc_type_is_inline(n->type))
            continue;
        count_places(&st, n);
        note_position(&st, n);
        /* A block inserted or deleted whole is one entry; the blocks in it
         * are walked only for the headings and places they hold. */
        bool top = n->change != DOC_CHANGE_NONE &&
                   (!n->parent || n->parent->change == DOC_CHANGE_NONE);
        if (top) {
            bool deleted = n->change == DOC_CHANGE_DELETED;
            char *text = block_text(n);
            entry(&st, deleted ? "deleted" : "inserted", n, deleted ? 0 : 1,
                  first_words(*text ? text : "(no text)", DESCRIBE_MAX_WORDS));
            g_free(text);
        } else if (n->change == DOC_CHANGE_NONE && holds_inlines(n->type) && has_marks(n)) {
            entry(&st, "changed", n, 1, marked_text(n));
        }
        note_heading(&st, n);
    }
    g_hash_table_destroy(st.place[0]);
    g_hash_table_destroy(st.place[1]);
    return st.entries;
}
