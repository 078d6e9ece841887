/*
 * write_txt.c - the plain-text writer: the document as a reader sees it,
 * wrapped at 78 columns, for diffs, email and tests.
 *
 *   title lines centred; a blank line between blocks;
 *   "1.  text" numbered paragraphs with the text hanging under itself;
 *   "•  text" bullets, nested lists indented further;
 *   table rows as one line per cell, a blank line between rows;
 *   the signature block with the date left and the name column at 40.
 *
 * Bold, italic and link targets have no plain-text form: the link text is
 * what a reader of the printed paper sees, so that is what is written.
 *
 * A redline's changes are written as in `papers diff`: [-deleted-] and
 * {+inserted+} words, a block inserted or deleted whole in the same
 * brackets, and its note first.
 */
#include "write.h"

#include <string.h>

enum { TXT_WIDTH = 78, TXT_SIGNATURE_COLUMN = 40 };

typedef struct {
    GString *out;
    const house_style *style;
} txt_writer;

static int txt_columns(const char *s)
{
    return (int)g_utf8_strlen(s, -1);
}

/* Append words to out, wrapped at TXT_WIDTH: the first line starts with
 * first_prefix, later ones with rest_indent spaces.  Explicit newlines in
 * text (line breaks) are kept and indented like wrapped lines. */
static void txt_wrap(GString *out, const char *text, const char *first_prefix, int rest_indent)
{
    g_string_append(out, first_prefix);
    int column = txt_columns(first_prefix);
    int line_start = column;
    char **lines = g_strsplit(text, "\n", -1);
    for (int l = 0; lines[l]; l++) {
        if (l > 0) {
            g_string_append_printf(out, "\n%*s", rest_indent, "");
            column = line_start = rest_indent;
        }
        char **words = g_strsplit_set(lines[l], " \t\r", -1);
        for (int w = 0; words[w]; w++) {
            if (!*words[w])
                continue;
            int len = txt_columns(words[w]);
            if (column > line_start && column + 1 + len > TXT_WIDTH) {
                g_string_append_printf(out, "\n%*s", rest_indent, "");
                column = line_start = rest_indent;
            } else if (column > line_start) {
                g_string_append_c(out, ' ');
                column++;
            }
            g_string_append(out, words[w]);
            column += len;
        }
        g_strfreev(words);
    }
    g_strfreev(lines);
    g_string_append_c(out, '\n');
}

/* A block's words, a redline's changes marked. */
static char *txt_text(const doc_node *block)
{
    GString *out = g_string_new(NULL);
    doc_change change = doc_node_change(block);
    if (change != DOC_CHANGE_NONE)
        g_string_append(out, change == DOC_CHANGE_INSERTED ? "{+" : "[-");
    doc_iter it;
    doc_iter_init(&it, (doc_node *)block);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        doc_type t = doc_node_type(n);
        if (t == DOC_TEXT)
            g_string_append(out, doc_node_text(n));
        else if (t == DOC_BREAK)
            g_string_append_c(out, '\n');
        else if (t == DOC_INSERTED)
            g_string_append(out, ev == DOC_EVENT_ENTER ? "{+" : "+}");
        else if (t == DOC_DELETED)
            g_string_append(out, ev == DOC_EVENT_ENTER ? "[-" : "-]");
    }
    if (change != DOC_CHANGE_NONE)
        g_string_append(out, change == DOC_CHANGE_INSERTED ? "+}" : "-]");
    return g_string_free(out, FALSE);
}

static void txt_blank_line(txt_writer *w)
{
    if (w->out->len > 0 && !g_str_has_suffix(w->out->str, "\n\n"))
        g_string_append_c(w->out, '\n');
}

static void txt_inline_block(txt_writer *w, const doc_node *n, const char *prefix, int indent)
{
    char *text = txt_text(n);
    txt_wrap(w->out, text, prefix, indent);
    g_free(text);
}

/* A paragraph whose first line starts at the indent like the rest. */
static void txt_indented_block(txt_writer *w, const doc_node *n, int indent)
{
    char *prefix = g_strdup_printf("%*s", indent, "");
    txt_inline_block(w, n, prefix, indent);
    g_free(prefix);
}

static void txt_centred(txt_writer *w, const doc_node *n)
{
    char *text = txt_text(n);
    char **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        int pad = (TXT_WIDTH - txt_columns(lines[i])) / 2;
        g_string_append_printf(w->out, "%*s%s\n", pad > 0 ? pad : 0, "", lines[i]);
    }
    g_strfreev(lines);
    g_free(text);
}

static void txt_blocks(txt_writer *w, const doc_node *first, int indent);

/* A labelled block (list item, numbered paragraph): the label, then the
 * first paragraph hanging after it; later blocks at the text's indent.
 * Takes ownership of prefix. */
static void txt_hanging(txt_writer *w, const doc_node *container, char *prefix,
                        bool blank_before_rest)
{
    int text_indent = txt_columns(prefix);
    const doc_node *child = doc_node_first_child(container);
    if (child && doc_node_type(child) == DOC_PARAGRAPH) {
        txt_inline_block(w, child, prefix, text_indent);
        child = doc_node_next(child);
    } else {
        g_string_append_printf(w->out, "%s\n", prefix);
    }
    if (child && blank_before_rest)
        txt_blank_line(w);
    txt_blocks(w, child, text_indent);
    g_free(prefix);
}

static void txt_list(txt_writer *w, const doc_node *list, int indent)
{
    for (const doc_node *item = doc_node_first_child(list); item; item = doc_node_next(item))
        txt_hanging(w, item, g_strdup_printf("%*s%s  ", indent, "", doc_node_label(item)), false);
}

static void txt_numbered(txt_writer *w, const doc_node *n, int indent)
{
    txt_hanging(w, n, g_strdup_printf("%*s%-3s ", indent, "", doc_node_label(n)), true);
}

/* A heading, its number (if it has one) hanging like a paragraph's. */
static void txt_heading(txt_writer *w, const doc_node *n, int indent)
{
    if (!doc_node_label(n)) {
        txt_indented_block(w, n, indent);
        return;
    }
    char *prefix = g_strdup_printf("%*s%-3s ", indent, "", doc_node_label(n));
    txt_inline_block(w, n, prefix, txt_columns(prefix));
    g_free(prefix);
}

static void txt_table(txt_writer *w, const doc_node *table, int indent)
{
    for (const doc_node *row = doc_node_first_child(table); row; row = doc_node_next(row)) {
        txt_blank_line(w);
        for (const doc_node *cell = doc_node_first_child(row); cell; cell = doc_node_next(cell))
            for (const doc_node *b = doc_node_first_child(cell); b; b = doc_node_next(b))
                if (doc_node_type(b) == DOC_PARAGRAPH)
                    txt_indented_block(w, b, indent);
                else
                    txt_blocks(w, b, indent);
    }
}

/* Lines of one signature cell: each paragraph's text, breaks kept. */
static GPtrArray *txt_cell_lines(const doc_node *cell)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    for (const doc_node *p = cell ? doc_node_first_child(cell) : NULL; p; p = doc_node_next(p)) {
        char *text = txt_text(p);
        char **parts = g_strsplit(text, "\n", -1);
        for (int i = 0; parts[i]; i++)
            g_ptr_array_add(lines, g_strdup(parts[i]));
        g_strfreev(parts);
        g_free(text);
    }
    return lines;
}

static void txt_signature(txt_writer *w, const doc_node *sig)
{
    const doc_node *left_cell = doc_node_first_child(sig);
    GPtrArray *left = txt_cell_lines(left_cell);
    GPtrArray *right = txt_cell_lines(left_cell ? doc_node_next(left_cell) : NULL);
    guint rows = MAX(left->len, right->len);
    for (guint i = 0; i < rows; i++) {
        const char *l = i < left->len ? g_ptr_array_index(left, i) : "";
        const char *r = i < right->len ? g_ptr_array_index(right, i) : "";
        int pad = TXT_SIGNATURE_COLUMN - txt_columns(l);
        g_string_append_printf(w->out, "%s%*s%s\n", l, pad > 1 ? pad : 1, "", r);
    }
    g_ptr_array_free(left, TRUE);
    g_ptr_array_free(right, TRUE);
}

static void txt_block(txt_writer *w, const doc_node *n, int indent)
{
    switch (doc_node_type(n)) {
    case DOC_SECTION:
        txt_blocks(w, doc_node_first_child(n), indent);
        return;
    case DOC_TITLE:
        txt_blank_line(w);
        txt_centred(w, n);
        return;
    case DOC_HEADING:
        txt_blank_line(w);
        txt_heading(w, n, indent);
        return;
    case DOC_PARAGRAPH:
        txt_blank_line(w);
        txt_indented_block(w, n, indent);
        return;
    case DOC_NUMBERED:
        txt_blank_line(w);
        txt_numbered(w, n, indent);
        return;
    case DOC_LIST:
        if (doc_node_type(doc_node_parent(n)) != DOC_ITEM) /* nested lists stay compact */
            txt_blank_line(w);
        txt_list(w, n, indent);
        return;
    case DOC_TABLE:
        txt_table(w, n, indent);
        return;
    case DOC_MOTION:
        txt_blocks(w, doc_node_first_child(n), indent);
        return;
    case DOC_SIGNATURE:
        txt_blank_line(w);
        txt_signature(w, n);
        return;
    default: /* page breaks have no plain-text form */
        return;
    }
}

static void txt_blocks(txt_writer *w, const doc_node *first, int indent)
{
    for (const doc_node *n = first; n; n = doc_node_next(n))
        txt_block(w, n, indent);
}

char *write_txt_string(const doc_document *doc, const house_style *style)
{
    txt_writer w = {g_string_new(NULL), style};
    const char *note = doc_document_meta(doc, DOC_META_CHANGE_NOTE);
    if (note && *note)
        txt_wrap(w.out, note, "", 0);
    txt_blocks(&w, doc_node_first_child(doc_document_root(doc)), 0);
    return g_string_free(w.out, FALSE);
}

static bool txt_put(write_sink *sink, char *text, const char *what, GError **error)
{
    write_sink_put(sink, text, strlen(text));
    g_free(text);
    return !write_sink_failed(sink, what, error);
}

bool write_txt(const doc_document *doc, const house_style *style, const write_options *opt,
               write_sink *sink, GError **error)
{
    (void)opt; /* plain text carries no timestamps */
    return txt_put(sink, write_txt_string(doc, style), "the text", error);
}

bool write_tree(const doc_document *doc, const house_style *style, const write_options *opt,
                write_sink *sink, GError **error)
{
    (void)style;
    (void)opt;
    return txt_put(sink, doc_document_dump(doc), "the tree", error);
}
