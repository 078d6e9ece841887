/*
 * write_txt.c - the plain-text writer: the document as a reader sees it,
 * every line wrapped at 78 columns, for diffs, email and tests.
 *
 *   title lines centred, wrapped; a blank line between blocks;
 *   "1.  text" numbered paragraphs with the text hanging under itself;
 *   "•  text" bullets, nested lists indented further;
 *   tables as aligned columns, under their caption: each column as wide as the tree's column
 *   fraction of the line (less two spaces between columns), each cell's
 *   text wrapped inside its column; a rule of '-' under the header rows of
 *   a table with borders; a blank line between rows when a row takes more
 *   than one line;
 *   the signature block: the date on the left, name and role from column
 *   40, each side wrapped in its half.
 *
 * Every block is written by a writer that knows its width: the page's, or
 * a table column's, so anything a cell may hold (lists, numbered
 * paragraphs, another table) is set inside its column the same way.
 * Columns are widened to their longest word where the others can spare
 * room (as the tree fits the PDF's and Word's columns); a word longer than
 * any column can be is cut at the column's edge (in a cell only: on the
 * page a long web address is kept whole, to be copied).
 *
 * Bold, italic and link targets have no plain-text form: the link text is
 * what a reader of the printed paper sees, so that is what is written.
 * Page furniture (header, footer) has none either.
 *
 * A redline's changes are written as in `papers diff`: [-deleted-] and
 * {+inserted+} words, a block inserted or deleted whole in the same
 * brackets, and its note first.
 */
#include "write.h"

#include <string.h>

enum {
    TXT_WIDTH = 78,
    TXT_SIGNATURE_COLUMN = 40, /* of 78: where the name column starts */
    TXT_COLUMN_GAP = 2,        /* spaces between table columns */
};

typedef struct {
    GString *out;
    int width;       /* columns a line may take */
    bool cut_words;  /* cut a word longer than the line (table cells) */
    bool compact;    /* no blank lines between blocks (the signature's lines) */
} txt_writer;

static int txt_columns(const char *s)
{
    return (int)g_utf8_strlen(s, -1);
}

static void txt_spaces(GString *out, int n)
{
    for (int i = 0; i < n; i++)
        g_string_append_c(out, ' ');
}

/* Append one word, cutting it into pieces of at most room columns when
 * the writer cuts words; returns the column after it. */
static int txt_word(const txt_writer *w, const char *word, int column, int rest_indent)
{
    int len = txt_columns(word);
    int room = w->width - rest_indent;
    while (w->cut_words && len > w->width - column && room > 0) {
        const char *cut = g_utf8_offset_to_pointer(word, MAX(w->width - column, 1));
        g_string_append_len(w->out, word, cut - word);
        g_string_append_c(w->out, '\n');
        txt_spaces(w->out, rest_indent);
        column = rest_indent;
        len -= (int)g_utf8_pointer_to_offset(word, cut);
        word = cut;
    }
    g_string_append(w->out, word);
    return column + len;
}

/* Append text wrapped at the writer's width: the first line starts with
 * first_prefix, later ones with rest_indent spaces.  Explicit newlines in
 * text (line breaks) are kept and indented like wrapped lines. */
static void txt_wrap(txt_writer *w, const char *text, const char *first_prefix, int rest_indent)
{
    GString *out = w->out;
    g_string_append(out, first_prefix);
    int column = txt_columns(first_prefix);
    int line_start = column;
    char **lines = g_strsplit(text, "\n", -1);
    for (int l = 0; lines[l]; l++) {
        if (l > 0) {
            g_string_append_c(out, '\n');
            txt_spaces(out, rest_indent);
            column = line_start = rest_indent;
        }
        char **words = g_strsplit_set(lines[l], " \t\r", -1);
        for (int i = 0; words[i]; i++) {
            if (!*words[i])
                continue;
            int len = txt_columns(words[i]);
            if (column > line_start && column + 1 + len > w->width) {
                g_string_append_c(out, '\n');
                txt_spaces(out, rest_indent);
                column = line_start = rest_indent;
            } else if (column > line_start) {
                g_string_append_c(out, ' ');
                column++;
            }
            column = txt_word(w, words[i], column, rest_indent);
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
    if (!w->compact && w->out->len > 0 && !g_str_has_suffix(w->out->str, "\n\n"))
        g_string_append_c(w->out, '\n');
}

static void txt_inline_block(txt_writer *w, const doc_node *n, const char *prefix, int indent)
{
    char *text = txt_text(n);
    txt_wrap(w, text, prefix, indent);
    g_free(text);
}

/* A paragraph whose first line starts at the indent like the rest. */
static void txt_indented_block(txt_writer *w, const doc_node *n, int indent)
{
    char *prefix = g_strdup_printf("%*s", indent, "");
    txt_inline_block(w, n, prefix, indent);
    g_free(prefix);
}

/* The lines of text (which ends in a newline) as an array, without the
 * blank lines at its ends.  Caller frees with g_strfreev. */
static char **txt_lines(const char *text)
{
    char *copy = g_strdup(text);
    char *start = copy;
    while (*start == '\n')
        start++;
    g_strchomp(start);
    char **lines = *start ? g_strsplit(start, "\n", -1) : g_new0(char *, 1);
    g_free(copy);
    return lines;
}

/* A title: wrapped at the width, each line centred. */
static void txt_centred(txt_writer *w, const doc_node *n)
{
    txt_writer wrapped = {g_string_new(NULL), w->width, w->cut_words, true};
    txt_inline_block(&wrapped, n, "", 0);
    char **lines = txt_lines(wrapped.out->str);
    for (int i = 0; lines[i]; i++) {
        g_strstrip(lines[i]);
        txt_spaces(w->out, MAX((w->width - txt_columns(lines[i])) / 2, 0));
        g_string_append_printf(w->out, "%s\n", lines[i]);
    }
    g_strfreev(lines);
    g_string_free(wrapped.out, TRUE);
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

/* ---- tables ------------------------------------------------------------------ */

/* The lines of a container's blocks set in width columns.  Caller frees
 * with g_strfreev. */
static char **txt_area_lines(const doc_node *container, int width, bool compact)
{
    txt_writer inner = {g_string_new(NULL), width, true, compact};
    txt_blocks(&inner, doc_node_first_child(container), 0);
    char **lines = txt_lines(inner.out->str);
    g_string_free(inner.out, TRUE);
    return lines;
}

/* The longest word, in characters, of each column's cells. */
static int *txt_longest_words(const doc_node *table, int ncols)
{
    int *longest = g_new0(int, MAX(ncols, 1));
    for (const doc_node *row = doc_node_first_child(table); row; row = doc_node_next(row)) {
        int c = 0;
        for (const doc_node *cell = doc_node_first_child(row); cell && c < ncols;
             cell = doc_node_next(cell), c++) {
            char *text = txt_text(cell);
            char **words = g_strsplit_set(text, " \t\n", -1);
            for (int i = 0; words[i]; i++)
                longest[c] = MAX(longest[c], txt_columns(words[i]));
            g_strfreev(words);
            g_free(text);
        }
    }
    return longest;
}

/* Widen each column that is narrower than its longest word with room
 * from the column that can best spare it, a character at a time. */
static void txt_fit_columns(int *cols, const int *longest, int ncols)
{
    for (int c = 0; c < ncols; c++) {
        while (cols[c] < longest[c]) {
            int donor = -1, spare = 0;
            for (int j = 0; j < ncols; j++)
                if (j != c && cols[j] - MAX(longest[j], 1) > spare)
                    donor = j, spare = cols[j] - MAX(longest[j], 1);
            if (donor < 0)
                break; /* no column can spare room: the word will be cut */
            cols[donor]--;
            cols[c]++;
        }
    }
}

/* Column widths in characters: the tree's fractions of the room left after
 * the gaps, each at least one, rounded so that they add up, then fitted to
 * the columns' longest words. */
static int *txt_column_widths(const doc_node *table, int width, int *ncols)
{
    const double *fractions = doc_node_column_fractions(table, ncols);
    int *cols = g_new0(int, MAX(*ncols, 1));
    int room = MAX(width - TXT_COLUMN_GAP * (*ncols - 1), *ncols);
    double sum = 0;
    int edge = 0;
    for (int i = 0; i < *ncols; i++) {
        sum += fractions[i];
        int next = (int)(sum * room + 0.5);
        cols[i] = MAX(next - edge, 1);
        edge += cols[i];
    }
    int *longest = txt_longest_words(table, *ncols);
    txt_fit_columns(cols, longest, *ncols);
    g_free(longest);
    return cols;
}

/* Append one line of a row: each cell's line padded to its column. */
static void txt_row_line(GString *out, int indent, char ***cells, const int *cols, int ncols,
                         int line)
{
    GString *s = g_string_new(NULL);
    txt_spaces(s, indent);
    for (int c = 0; c < ncols; c++) {
        const char *text = "";
        for (int i = 0; cells[c] && cells[c][i]; i++)
            if (i == line) {
                text = cells[c][i];
                break;
            }
        g_string_append(s, text);
        if (c + 1 < ncols)
            txt_spaces(s, cols[c] - txt_columns(text) + TXT_COLUMN_GAP);
    }
    while (s->len > 0 && s->str[s->len - 1] == ' ')
        g_string_truncate(s, s->len - 1);
    g_string_append_printf(out, "%s\n", s->str);
    g_string_free(s, TRUE);
}

static void txt_rule(GString *out, int indent, const int *cols, int ncols)
{
    txt_spaces(out, indent);
    for (int c = 0; c < ncols; c++) {
        for (int i = 0; i < cols[c]; i++)
            g_string_append_c(out, '-');
        if (c + 1 < ncols)
            txt_spaces(out, TXT_COLUMN_GAP);
    }
    g_string_append_c(out, '\n');
}

typedef struct {
    char ***cells; /* per column, the cell's lines (NULL past the row's end) */
    int height;    /* lines */
    bool header;
} txt_row;

static void txt_table(txt_writer *w, const doc_node *table, int indent)
{
    int ncols = 0;
    int *cols = txt_column_widths(table, w->width - indent, &ncols);
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(txt_row));
    bool tall = false, borders = doc_node_has_borders(table);
    for (const doc_node *row = doc_node_first_child(table); row; row = doc_node_next(row)) {
        txt_row r = {g_new0(char **, ncols), 0, doc_node_is_header_row(row)};
        int c = 0;
        for (const doc_node *cell = doc_node_first_child(row); cell && c < ncols;
             cell = doc_node_next(cell), c++) {
            r.cells[c] = txt_area_lines(cell, cols[c], false);
            r.height = MAX(r.height, (int)g_strv_length(r.cells[c]));
        }
        r.height = MAX(r.height, 1);
        tall = tall || r.height > 1;
        g_array_append_val(rows, r);
    }
    txt_blank_line(w);
    if (doc_node_caption(table)) { /* its own line above the table */
        char *prefix = g_strnfill((gsize)indent, ' ');
        txt_wrap(w, doc_node_caption(table), prefix, indent);
        g_free(prefix);
    }
    for (guint i = 0; i < rows->len; i++) {
        txt_row *r = &g_array_index(rows, txt_row, i);
        bool last_header = r->header && (i + 1 == rows->len ||
                                         !g_array_index(rows, txt_row, i + 1).header);
        bool after_rule = i > 0 && borders && g_array_index(rows, txt_row, i - 1).header;
        if (i > 0 && tall && !after_rule)
            g_string_append_c(w->out, '\n');
        for (int line = 0; line < r->height; line++)
            txt_row_line(w->out, indent, r->cells, cols, ncols, line);
        if (last_header && borders)
            txt_rule(w->out, indent, cols, ncols);
        for (int c = 0; c < ncols; c++)
            g_strfreev(r->cells[c]);
        g_free(r->cells);
    }
    g_array_free(rows, TRUE);
    g_free(cols);
}

/* ---- the signature --------------------------------------------------------------- */

static void txt_signature(txt_writer *w, const doc_node *sig)
{
    const doc_node *left_cell = doc_node_first_child(sig);
    const doc_node *right_cell = left_cell ? doc_node_next(left_cell) : NULL;
    int column = w->width * TXT_SIGNATURE_COLUMN / TXT_WIDTH;
    char **left = left_cell ? txt_area_lines(left_cell, column - 1, true) : g_new0(char *, 1);
    char **right = right_cell ? txt_area_lines(right_cell, w->width - column, true)
                              : g_new0(char *, 1);
    guint n_left = g_strv_length(left), n_right = g_strv_length(right);
    for (guint i = 0; i < MAX(n_left, n_right); i++) {
        const char *l = i < n_left ? left[i] : "";
        const char *r = i < n_right ? right[i] : "";
        if (*r)
            g_string_append_printf(w->out, "%s%*s%s\n", l, column - txt_columns(l), "", r);
        else
            g_string_append_printf(w->out, "%s\n", l);
    }
    g_strfreev(left);
    g_strfreev(right);
}

/* ---- blocks ------------------------------------------------------------------------ */

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
    (void)style; /* the text has no fonts or sizes */
    txt_writer w = {g_string_new(NULL), TXT_WIDTH, false, false};
    /* A full version with exempt information has no header to say so: its
     * marking heads the text.  A redline's note says what it compares. */
    const char *heads[] = {doc_document_meta(doc, DOC_META_MARKING),
                           doc_document_meta(doc, DOC_META_CHANGE_NOTE)};
    for (size_t i = 0; i < G_N_ELEMENTS(heads); i++) {
        if (heads[i] && *heads[i]) {
            txt_wrap(&w, heads[i], "", 0);
            txt_blank_line(&w);
        }
    }
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
