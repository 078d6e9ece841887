/*
 * write_html.c - the HTML writer: one self-contained page per document,
 * semantic HTML5 a screen reader and a phone can use.
 *
 *   the title block          one <h1>, each title line a <span>
 *   HEADING level n          <h2>... shifted below the title block and never
 *                            skipping a level; its look from the tree's level
 *   NUMBERED                 <p> (or <div> of <p>, lists, tables) whose first
 *                            paragraph starts with <span class="label">1.2</span>
 *   LIST / ITEM              <ul>/<ol role="list"> of <li>, each label the
 *                            tree's ("(a)", "(ii)", the bullet glyph) as text
 *   TABLE                    <table> with its <caption>, <colgroup> widths, header rows as
 *                            <thead> of <th scope="col">
 *   MOTION, SIGNATURE        <div class="motion">, a two-column <div>
 *   LINK                     <a href> for http(s), mailto, tel and relative
 *                            addresses; any other scheme is written as text
 *   PAGE_BREAK               nothing
 *   the house style's logo   <img alt> at the top of <main>, the image in the
 *                            page itself (a data: address), so the page
 *                            stays one self-contained file
 *
 * Labels are text inside the paragraph, not list numbering: "1.2", "6.2.1"
 * and "(iii)" cannot be list-style counters, a screen reader then reads the
 * number exactly as the PDF prints it before the text it belongs to, and it
 * is copied with the text.  Bullet glyphs are hidden from screen readers
 * (aria-hidden), which announce a list item themselves; ordered labels are
 * read, as they are what a cross-reference names.  Lists keep role="list"
 * because Safari drops list semantics from lists drawn without markers.
 *
 * Indents are the tree's (doc_node_indent, doc_node_label_indent): each
 * element is padded by how far its text starts to the right of its parent
 * element's, and a label hangs, floated, in that padding.  The lengths go
 * into classes of the page's own stylesheet, in order of first use, so the
 * page carries one <style> element and no style attributes.
 *
 * One walk with ENTER/EXIT events, no recursion.  Node types this writer
 * does not know (added to doc.h later) are walked through: their children
 * are written and their own text, if any, printed.  Exempt marks are not
 * written: the public version is made by filtering the tree before writing.
 */
#include "html.h"
#include "write.h"

#include <string.h>

typedef enum { TABLE_PART_NONE, TABLE_PART_HEAD, TABLE_PART_BODY } table_part;

typedef struct {
    GString *out;
    const house_style *style;
    GHashTable *classes;  /* CSS declaration -> class name, owned */
    GString *class_css;   /* their rules, in order of first use */
    int n_classes;
    int open_heading;     /* level of the heading being written */
    bool link_open;
    GArray *table_parts;  /* table_part of each open table, innermost last */
} html_writer;

/* ---- classes for the tree's lengths --------------------------------------- */

/* The class whose rule is declarations (made on first use): prefix "p" for
 * padding, "m" for margins, "w" for label widths, "c" for columns. */
static const char *html_class(html_writer *w, char prefix, const char *declarations)
{
    const char *name = g_hash_table_lookup(w->classes, declarations);
    if (name)
        return name;
    char *made = g_strdup_printf("%c%d", prefix, ++w->n_classes);
    g_string_append_printf(w->class_css, ".%s{%s}\n", made, declarations);
    g_hash_table_insert(w->classes, g_strdup(declarations), made);
    return made;
}

/* A class setting property to a length in points; NULL for nothing. */
static const char *html_length_class(html_writer *w, char prefix, const char *property,
                                     double pt)
{
    if (pt < 0.01)
        return NULL;
    GString *decl = g_string_new(property);
    g_string_append_c(decl, ':');
    html_css_length(decl, w->style, pt);
    const char *name = html_class(w, prefix, decl->str);
    g_string_free(decl, TRUE);
    return name;
}

/* A label hanging in a padding of pt: as wide as it, moved left by it. */
static const char *html_hang_class(html_writer *w, double pt)
{
    if (pt < 0.01)
        return NULL;
    GString *decl = g_string_new("min-width:");
    html_css_length(decl, w->style, pt);
    g_string_append(decl, ";margin-left:");
    html_css_length(decl, w->style, -pt);
    const char *name = html_class(w, 'w', decl->str);
    g_string_free(decl, TRUE);
    return name;
}

/* Where the content of a node's element starts, in the tree's coordinates:
 * a cell is an area of its own; every other block starts its content at its
 * indent (a list at its labels). */
static double content_left(const doc_node *n)
{
    return doc_node_type(n) == DOC_CELL ? 0 : doc_node_indent(n);
}

/* How far right of its parent element's content a block's content starts. */
static double offset_in_parent(const doc_node *n)
{
    return doc_node_indent(n) - content_left(doc_node_parent(n));
}

/* ---- writing helpers ------------------------------------------------------- */

static void put(html_writer *w, const char *markup)
{
    g_string_append(w->out, markup);
}

static void put_text(html_writer *w, const char *text)
{
    html_escape(w->out, text);
}

/* ' id="..."' for a node whose id can be an HTML id (no spaces). */
static void put_id(html_writer *w, const doc_node *n)
{
    const char *id = doc_node_id(n);
    if (!id || !*id || strpbrk(id, " \t\n\r\f"))
        return;
    put(w, " id=\"");
    put_text(w, id);
    put(w, "\"");
}

/* ' class="a b"' from those of the n names that are not NULL. */
static void put_classes(html_writer *w, const char *const *names, int n)
{
    bool any = false;
    for (int i = 0; i < n; i++) {
        if (!names[i])
            continue;
        put(w, any ? " " : " class=\"");
        put(w, names[i]);
        any = true;
    }
    if (any)
        put(w, "\"");
}

/* Start an element: <tag id class...> (classes may be NULL). */
static void open_element(html_writer *w, const char *tag, const doc_node *id_of,
                         const char *const *classes, int n_classes)
{
    g_string_append_printf(w->out, "<%s", tag);
    if (id_of)
        put_id(w, id_of);
    put_classes(w, classes, n_classes);
    put(w, ">");
}

/* ---- labels ---------------------------------------------------------------- */

static bool is_bullet_item(const doc_node *n)
{
    return doc_node_type(n) == DOC_ITEM &&
           doc_node_list_kind(doc_node_parent(n)) == DOC_LIST_BULLET;
}

/* <span class="label">1.2</span>, hanging in the padding of its block when
 * the tree gives it room; then a space, so the label is a word of its own
 * to a screen reader and to copied text. */
static void put_label(html_writer *w, const doc_node *labelled, bool hang)
{
    const char *label = doc_node_label(labelled);
    if (!label)
        return;
    const char *width =
        hang ? html_hang_class(w, doc_node_indent(labelled) - doc_node_label_indent(labelled))
             : NULL;
    put(w, width ? "<span class=\"label hang " : "<span class=\"label");
    if (width)
        put(w, width);
    put(w, is_bullet_item(labelled) ? "\" aria-hidden=\"true\">" : "\">");
    put_text(w, label);
    put(w, "</span> ");
}

/* The padding class of a labelled block: its text starts there. */
static const char *label_padding(html_writer *w, const doc_node *labelled)
{
    return html_length_class(w, 'p', "padding-left", offset_in_parent(labelled));
}

/* A NUMBERED node whose only block is a paragraph is written as that <p>. */
static bool is_one_paragraph(const doc_node *n)
{
    const doc_node *first = doc_node_first_child(n);
    return first && doc_node_type(first) == DOC_PARAGRAPH && !doc_node_next(first);
}

static bool carries_label(const doc_node *para)
{
    const doc_node *parent = doc_node_parent(para);
    doc_type type = doc_node_type(parent);
    return (type == DOC_NUMBERED || type == DOC_ITEM) && !doc_node_prev(para);
}

/* A labelled node whose first block is not a paragraph: its label stands on
 * a line of its own, as in the PDF. */
static void put_label_only(html_writer *w, const doc_node *labelled)
{
    const doc_node *first = doc_node_first_child(labelled);
    if (first && doc_node_type(first) == DOC_PARAGRAPH)
        return;
    put(w, "<p>");
    put_label(w, labelled, false);
    put(w, "</p>\n");
}

/* ---- blocks ------------------------------------------------------------------ */

static void enter_title(html_writer *w, const doc_node *n)
{
    const doc_node *prev = doc_node_prev(n);
    if (!prev || doc_node_type(prev) != DOC_TITLE) {
        put(w, "<h1 class=\"title\">");
    }
    put(w, doc_node_level(n) <= 1 ? "<span class=\"title1\">" : "<span class=\"title2\">");
}

static void exit_title(html_writer *w, const doc_node *n)
{
    const doc_node *next = doc_node_next(n);
    put(w, next && doc_node_type(next) == DOC_TITLE ? "</span>\n" : "</span></h1>\n");
}

/* The title block is the h1; a heading is at its outline level (doc.h:
 * one below the title block, never skipping a level), with its look from
 * the tree's level. */
static void enter_heading(html_writer *w, const doc_node *n)
{
    int look = CLAMP(doc_node_level(n), 1, 3);
    int level = CLAMP(doc_node_outline_level(n), 1, 6);
    w->open_heading = level;
    char tag[4], look_class[8];
    g_snprintf(tag, sizeof tag, "h%d", level);
    g_snprintf(look_class, sizeof look_class, "level%d", look);
    const char *classes[] = {look_class, doc_node_label(n) ? label_padding(w, n) : NULL};
    open_element(w, tag, n, classes, 2);
    put_label(w, n, true);
}

static void exit_heading(html_writer *w)
{
    g_string_append_printf(w->out, "</h%d>\n", w->open_heading);
}

static void enter_paragraph(html_writer *w, const doc_node *n)
{
    const doc_node *parent = doc_node_parent(n);
    bool whole_numbered = doc_node_type(parent) == DOC_NUMBERED && is_one_paragraph(parent);
    const char *classes[] = {
        doc_node_gap(n) == DOC_GAP_ITEM ? "gap-item" : NULL,
        whole_numbered ? label_padding(w, parent) : NULL,
    };
    open_element(w, "p", whole_numbered ? parent : NULL, classes, 2);
    if (carries_label(n))
        put_label(w, parent, true);
}

static void enter_numbered(html_writer *w, const doc_node *n)
{
    if (is_one_paragraph(n))
        return; /* the paragraph is the element */
    const char *classes[] = {label_padding(w, n)};
    open_element(w, "div", n, classes, 1);
    put(w, "\n");
    put_label_only(w, n);
}

static void exit_numbered(html_writer *w, const doc_node *n)
{
    if (!is_one_paragraph(n))
        put(w, "</div>\n");
}

static void enter_list(html_writer *w, const doc_node *n)
{
    bool ordered = doc_node_list_kind(n) == DOC_LIST_ORDERED;
    const char *classes[] = {"list",
                             html_length_class(w, 'm', "margin-left", offset_in_parent(n))};
    put(w, ordered ? "<ol role=\"list\"" : "<ul role=\"list\"");
    put_classes(w, classes, 2);
    put(w, ">\n");
}

static void exit_list(html_writer *w, const doc_node *n)
{
    put(w, doc_node_list_kind(n) == DOC_LIST_ORDERED ? "</ol>\n" : "</ul>\n");
}

static void enter_item(html_writer *w, const doc_node *n)
{
    const char *classes[] = {label_padding(w, n)};
    open_element(w, "li", NULL, classes, 1);
    put_label_only(w, n);
}

static void enter_motion(html_writer *w, const doc_node *n)
{
    const char *classes[] = {"motion",
                             html_length_class(w, 'm', "margin-left", offset_in_parent(n))};
    open_element(w, "div", NULL, classes, 2);
    put(w, "\n");
}

/* ---- tables --------------------------------------------------------------------- */

static table_part *current_part(html_writer *w)
{
    return &g_array_index(w->table_parts, table_part, w->table_parts->len - 1);
}

static void enter_table(html_writer *w, const doc_node *n)
{
    const char *classes[] = {doc_node_has_borders(n) ? NULL : "borderless"};
    open_element(w, "table", n, classes, 1);
    if (doc_node_caption(n)) {
        put(w, "\n<caption>");
        put_text(w, doc_node_caption(n));
        put(w, "</caption>");
    }
    put(w, "\n<colgroup>");
    int ncols = 0;
    const double *fractions = doc_node_column_fractions(n, &ncols);
    for (int i = 0; i < ncols; i++) {
        GString *decl = g_string_new("width:");
        char number[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append(decl, g_ascii_formatd(number, sizeof number, "%.3f", 100 * fractions[i]));
        g_string_append_c(decl, '%');
        const char *col[] = {html_class(w, 'c', decl->str)};
        open_element(w, "col", NULL, col, 1);
        g_string_free(decl, TRUE);
    }
    put(w, "</colgroup>\n");
    table_part none = TABLE_PART_NONE;
    g_array_append_val(w->table_parts, none);
}

static void exit_table(html_writer *w)
{
    table_part part = *current_part(w);
    put(w, part == TABLE_PART_HEAD ? "</thead>\n" : part == TABLE_PART_BODY ? "</tbody>\n" : "");
    put(w, "</table>\n");
    g_array_set_size(w->table_parts, w->table_parts->len - 1);
}

/* Header rows at the top of a table are its <thead>; every other row, a
 * header row further down too, is in the <tbody>. */
static void enter_row(html_writer *w, const doc_node *n)
{
    table_part *part = current_part(w);
    bool head = doc_node_is_header_row(n) && *part != TABLE_PART_BODY;
    if (head && *part == TABLE_PART_NONE)
        put(w, "<thead>\n");
    if (!head && *part != TABLE_PART_BODY)
        put(w, *part == TABLE_PART_HEAD ? "</thead>\n<tbody>\n" : "<tbody>\n");
    *part = head ? TABLE_PART_HEAD : TABLE_PART_BODY;
    put(w, "<tr>");
}

static bool in_signature(const doc_node *cell)
{
    return doc_node_type(doc_node_parent(cell)) == DOC_SIGNATURE;
}

static void enter_cell(html_writer *w, const doc_node *n)
{
    if (in_signature(n))
        put(w, "<div>\n");
    else
        put(w, doc_node_is_header_row(doc_node_parent(n)) ? "<th scope=\"col\">" : "<td>");
}

static void exit_cell(html_writer *w, const doc_node *n)
{
    if (in_signature(n))
        put(w, "</div>\n");
    else
        put(w, doc_node_is_header_row(doc_node_parent(n)) ? "</th>" : "</td>");
}

/* ---- inlines ---------------------------------------------------------------------- */

static bool has_text(const doc_node *n)
{
    char *text = doc_node_plain_text(n);
    bool any = text[strspn(text, " \t\n\r")] != '\0';
    g_free(text);
    return any;
}

/* A link to a safe address; its address is its text when it has none, so
 * that no link is empty.  An unsafe address is dropped: its words stay. */
static void enter_link(html_writer *w, const doc_node *n)
{
    const char *url = doc_node_url(n);
    w->link_open = url && *url && html_url_is_safe(url);
    if (!w->link_open)
        return;
    put(w, "<a href=\"");
    put_text(w, url);
    put(w, "\">");
    if (!has_text(n))
        put_text(w, url);
}

static void exit_link(html_writer *w)
{
    if (w->link_open)
        put(w, "</a>");
    w->link_open = false;
}

/* ---- dispatch --------------------------------------------------------------------- */

static void html_enter(html_writer *w, const doc_node *n)
{
    switch (doc_node_type(n)) {
    case DOC_DOCUMENT: break;
    case DOC_SECTION: open_element(w, "section", n, NULL, 0); put(w, "\n"); break;
    case DOC_TITLE: enter_title(w, n); break;
    case DOC_HEADING: enter_heading(w, n); break;
    case DOC_PARAGRAPH: enter_paragraph(w, n); break;
    case DOC_NUMBERED: enter_numbered(w, n); break;
    case DOC_LIST: enter_list(w, n); break;
    case DOC_ITEM: enter_item(w, n); break;
    case DOC_TABLE: enter_table(w, n); break;
    case DOC_ROW: enter_row(w, n); break;
    case DOC_CELL: enter_cell(w, n); break;
    case DOC_MOTION: enter_motion(w, n); break;
    case DOC_SIGNATURE: put(w, "<div class=\"signature\">\n"); break;
    case DOC_PAGE_BREAK: break; /* a web page has no pages */
    case DOC_TEXT: put_text(w, doc_node_text(n)); break;
    case DOC_BREAK: put(w, "<br>"); break;
    case DOC_STRONG: put(w, "<strong>"); break;
    case DOC_EMPH: put(w, "<em>"); break;
    case DOC_LINK: enter_link(w, n); break;
    default: put_text(w, doc_node_text(n)); break; /* a type added later: its text */
    }
}

static void html_exit(html_writer *w, const doc_node *n)
{
    switch (doc_node_type(n)) {
    case DOC_SECTION: put(w, "</section>\n"); break;
    case DOC_TITLE: exit_title(w, n); break;
    case DOC_HEADING: exit_heading(w); break;
    case DOC_PARAGRAPH: put(w, "</p>\n"); break;
    case DOC_NUMBERED: exit_numbered(w, n); break;
    case DOC_LIST: exit_list(w, n); break;
    case DOC_ITEM: put(w, "</li>\n"); break;
    case DOC_TABLE: exit_table(w); break;
    case DOC_ROW: put(w, "</tr>\n"); break;
    case DOC_CELL: exit_cell(w, n); break;
    case DOC_MOTION: case DOC_SIGNATURE: put(w, "</div>\n"); break;
    case DOC_STRONG: put(w, "</strong>"); break;
    case DOC_EMPH: put(w, "</em>"); break;
    case DOC_LINK: exit_link(w); break;
    default: break;
    }
}

/* ---- the page ----------------------------------------------------------------------- */

/* <title>: the document's title, else its title block's words. */
static char *page_title(const doc_document *doc)
{
    const char *meta = doc_document_meta(doc, DOC_META_TITLE);
    if (meta && *meta)
        return g_strdup(meta);
    GString *title = g_string_new(NULL);
    for (const doc_node *n = doc_node_first_child(doc_document_root(doc)); n;
         n = doc_node_next(n)) {
        if (doc_node_type(n) != DOC_TITLE)
            continue;
        char *text = doc_node_plain_text(n);
        g_strdelimit(text, "\n", ' ');
        g_string_append_printf(title, "%s%s", title->len ? " " : "", text);
        g_free(text);
    }
    if (!title->len)
        g_string_append(title, "Document");
    return g_string_free(title, FALSE);
}

/* The document's body: every block of the tree, and the class rules its
 * lengths need. */
static void write_body(html_writer *w, const doc_document *doc)
{
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        if (ev == DOC_EVENT_ENTER)
            html_enter(w, doc_iter_node(&it));
        else
            html_exit(w, doc_iter_node(&it));
    }
}

/* The council's logo, first in <main> as on the first page of the PDF and
 * the Word file: its own bytes (PNG or SVG) as a data: address, its text
 * alternative in alt.  An image's data: address runs no script (unlike a
 * link's, which html_url_is_safe refuses). */
static void write_logo(GString *page, const house_style *style)
{
    if (!style->logo)
        return;
    gsize len = 0;
    const guchar *data = g_bytes_get_data(logo_bytes(style->logo), &len);
    char *base64 = g_base64_encode(data, len);
    g_string_append_printf(page, "<div class=\"logo\"><img src=\"data:%s;base64,%s\" alt=\"",
                           logo_media_type(style->logo), base64);
    html_escape(page, style->logo_alt);
    g_string_append(page, "\"></div>\n");
    g_free(base64);
}

static char *write_html_string(const doc_document *doc, const house_style *style)
{
    html_writer w = {.out = g_string_new(NULL), .style = style};
    w.classes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    w.class_css = g_string_new(NULL);
    w.table_parts = g_array_new(FALSE, FALSE, sizeof(table_part));
    write_body(&w, doc);

    GString *page = g_string_new(NULL);
    char *title = page_title(doc);
    html_page_start(page, doc_document_meta(doc, DOC_META_LANGUAGE), title, style,
                    w.class_css->str);
    const char *header = doc_document_meta(doc, DOC_META_HEADER);
    if (style->show_header && header && *header) {
        g_string_append(page, "<header class=\"running\"><p>");
        html_escape(page, header);
        g_string_append(page, "</p></header>\n");
    }
    g_string_append(page, "<main>\n");
    write_logo(page, style);
    g_string_append_printf(page, "%s</main>\n", w.out->str);
    html_page_end(page);

    g_free(title);
    g_array_free(w.table_parts, TRUE);
    g_string_free(w.class_css, TRUE);
    g_hash_table_destroy(w.classes);
    g_string_free(w.out, TRUE);
    return g_string_free(page, FALSE);
}

bool write_html(const doc_document *doc, const house_style *style, const write_options *opt,
                write_sink *sink, GError **error)
{
    (void)opt; /* a page carries no timestamps */
    char *page = write_html_string(doc, style);
    write_sink_put(sink, page, strlen(page));
    g_free(page);
    return !write_sink_failed(sink, "the web page", error);
}
