/*
 * pack_agenda.c - the pack's own pages: the front sheet (council, body,
 * date, time, venue, membership) and the agenda, one line per item and per
 * document, each with the page it starts on and a link there.  A
 * supplement's front sheet says what it adds or replaces.
 *
 * The pages are an ordinary document tree, so the PDF writer lays them out,
 * tags them and links them as it does every paper.
 */
#include "pack_private.h"
#include "xmlload.h"

#include <stdlib.h>
#include <string.h>

/* Agenda columns: item number, business, page. */
static const double agenda_widths[] = {1.0, 8.0, 1.4};
static const double front_widths[] = {1.0, 4.0};

typedef struct {
    doc_document *doc;
    GError **error;
    bool ok;
} builder;

static doc_node *add(builder *b, doc_node *parent, doc_type type)
{
    doc_node *n = doc_node_new(b->doc, type);
    if (b->ok && !doc_node_append(parent, n, b->error))
        b->ok = false;
    return n;
}

static void add_text(builder *b, doc_node *parent, const char *text)
{
    doc_node *t = add(b, parent, DOC_TEXT);
    if (b->ok && !doc_node_set_text(t, text, b->error))
        b->ok = false;
}

static doc_node *add_para(builder *b, doc_node *parent, const char *text)
{
    doc_node *p = add(b, parent, DOC_PARAGRAPH);
    if (text)
        add_text(b, p, text);
    return p;
}

static void add_link(builder *b, doc_node *parent, const char *url, const char *text)
{
    doc_node *link = add(b, parent, DOC_LINK);
    doc_node_set_url(link, url);
    add_text(b, link, text);
}

static doc_node *add_table(builder *b, doc_node *parent, const double *widths, int n,
                           bool borders)
{
    doc_node *table = add(b, parent, DOC_TABLE);
    doc_node_set_column_widths(table, widths, n);
    doc_node_set_borders(table, borders);
    return table;
}

static void add_heading(builder *b, doc_node *parent, const char *text)
{
    doc_node *h = add(b, parent, DOC_HEADING);
    doc_node_set_level(h, 1);
    add_text(b, h, text);
}

static void add_title(builder *b, doc_node *parent, int level, const char *text)
{
    doc_node *t = add(b, parent, DOC_TITLE);
    doc_node_set_level(t, level);
    add_text(b, t, text);
}

/* "Date", "Tuesday 17 December 2019" as a row of the front sheet. */
static void add_fact(builder *b, doc_node *table, const char *name, const char *value)
{
    doc_node *row = add(b, table, DOC_ROW);
    doc_node *strong = add(b, add_para(b, add(b, row, DOC_CELL), NULL), DOC_STRONG);
    add_text(b, strong, name);
    add_para(b, add(b, row, DOC_CELL), value);
}

static void add_front_sheet(builder *b, doc_node *root, const pack_meeting_info *m,
                            int supplement)
{
    add_title(b, root, 1, m->council);
    char *sub = supplement ? g_strdup_printf("%s: supplementary agenda pack %d", m->body,
                                             supplement)
                           : g_strdup(m->body);
    add_title(b, root, 2, sub);
    g_free(sub);
    char *date = pack_long_date(m->date), *time = pack_clock(m->time);
    char *notice = supplement
                       ? g_strdup_printf("This supplement to the agenda pack for the meeting "
                                         "of the %s on %s holds papers added to the agenda "
                                         "or reissued since the pack was published.",
                                         m->body, date)
                       : g_strdup_printf("A meeting of the %s will be held on %s at %s in %s. "
                                         "The agenda and the papers for each item follow.",
                                         m->body, date, time, m->venue);
    add_para(b, root, notice);
    g_free(notice);
    doc_node *facts = add_table(b, root, front_widths, 2, false);
    add_fact(b, facts, "Date", date);
    add_fact(b, facts, "Time", time);
    add_fact(b, facts, "Venue", m->venue);
    g_free(date);
    g_free(time);
    add_heading(b, root, "Membership");
    doc_node *list = add(b, root, DOC_LIST);
    doc_node_set_list_kind(list, DOC_LIST_BULLET);
    for (guint i = 0; i < m->members->len; i++) {
        const pack_member *member = g_ptr_array_index(m->members, i);
        char *line = member->role ? g_strdup_printf("%s (%s)", member->name, member->role)
                                  : g_strdup(member->name);
        add_para(b, add(b, list, DOC_ITEM), line);
        g_free(line);
    }
}

/* The destination of item number's papers in the pack, or NULL. */
static const char *item_dest(const pack_agenda_line *lines, int n_lines, long number)
{
    for (int i = 0; i < n_lines; i++)
        if (lines[i].item->number == number && !lines[i].document && lines[i].dest)
            return lines[i].dest;
    return NULL;
}

/* A plain item's words, "item 5" a link to that item's papers. */
static void add_item_text(builder *b, doc_node *p, const char *text,
                          const pack_agenda_line *lines, int n_lines)
{
    const char *rest = text;
    for (const char *at = text; (at = strstr(at, "item ")); at++) {
        char *end = NULL;
        long number = strtol(at + 5, &end, 10);
        const char *dest = end > at + 5 && !g_ascii_isalnum(*end) &&
                                   (at == text || !g_ascii_isalnum(at[-1]))
                               ? item_dest(lines, n_lines, number)
                               : NULL;
        if (!dest)
            continue;
        char *before = g_strndup(rest, at - rest), *words = g_strndup(at, end - at);
        if (*before)
            add_text(b, p, before);
        char *url = g_strconcat("#", dest, NULL);
        add_link(b, p, url, words);
        g_free(url);
        g_free(before);
        g_free(words);
        rest = at = end;
    }
    if (*rest)
        add_text(b, p, rest);
}

static void add_agenda_line(builder *b, doc_node *table, const pack_agenda_line *line,
                            const pack_agenda_line *lines, int n_lines)
{
    doc_node *row = add(b, table, DOC_ROW);
    char number[16] = "";
    if (!line->document)
        g_snprintf(number, sizeof number, "%d", line->item->number);
    add_para(b, add(b, row, DOC_CELL), number);
    doc_node *business = add(b, row, DOC_CELL);
    doc_node *p = add_para(b, business, NULL);
    const char *title = line->document ? line->document : line->item->title;
    if (line->dest)
        add_link(b, line->document ? p : add(b, p, DOC_STRONG), line->dest, title);
    else
        add_text(b, add(b, p, DOC_STRONG), title);
    if (line->note) {
        add_text(b, p, " ");
        add_text(b, add(b, p, DOC_EMPH), line->note);
    }
    if (!line->document && line->item->text)
        add_item_text(b, add_para(b, business, NULL), line->item->text, lines, n_lines);
    char page[16] = "";
    if (line->page > 0)
        g_snprintf(page, sizeof page, "%d", line->page);
    add_para(b, add(b, row, DOC_CELL), page);
}

static void add_agenda(builder *b, doc_node *root, const pack_agenda_line *lines, int n_lines,
                       int supplement)
{
    add(b, root, DOC_PAGE_BREAK);
    add_heading(b, root, supplement ? "What this supplement adds or replaces" : "Agenda");
    add_para(b, root, supplement
                          ? "These papers were added to the agenda or reissued after the "
                            "agenda pack was published. A reissued paper replaces the "
                            "earlier version. Page numbers follow on from the packs already "
                            "published."
                          : "The page on which each item's papers start is shown on the "
                            "right; select a title to go to it.");
    doc_node *table = add_table(b, root, agenda_widths, 3, true);
    doc_node *head = add(b, table, DOC_ROW);
    doc_node_set_header_row(head, true);
    add_para(b, add(b, head, DOC_CELL), "Item");
    add_para(b, add(b, head, DOC_CELL), "Business");
    add_para(b, add(b, head, DOC_CELL), "Page");
    for (int i = 0; i < n_lines; i++)
        add_agenda_line(b, table, &lines[i], lines, n_lines);
}

doc_document *pack_agenda_document(const pack_meeting_info *m, const pack_agenda_line *lines,
                                   int n_lines, int supplement, GError **error)
{
    builder b = {.doc = doc_document_new(), .error = error, .ok = true};
    char *date = pack_long_date(m->date);
    char *title = supplement ? g_strdup_printf("Supplementary agenda pack %d: %s, %s",
                                               supplement, m->body, date)
                             : g_strdup_printf("Agenda pack: %s, %s", m->body, date);
    char *header = g_strdup_printf("%s, %s", m->body, date);
    doc_document_set_meta(b.doc, DOC_META_TITLE, title);
    doc_document_set_meta(b.doc, DOC_META_SUBJECT, "Agenda and papers of the meeting");
    doc_document_set_meta(b.doc, DOC_META_AUTHOR, m->council);
    doc_document_set_meta(b.doc, DOC_META_DATE, m->date);
    doc_document_set_meta(b.doc, DOC_META_LANGUAGE, "en-GB");
    doc_document_set_meta(b.doc, DOC_META_HEADER, header);
    g_free(title);
    g_free(header);
    g_free(date);
    doc_node *root = doc_document_root(b.doc);
    add_front_sheet(&b, root, m, supplement);
    add_agenda(&b, root, lines, n_lines, supplement);
    if (!b.ok) {
        doc_document_free(b.doc);
        return NULL;
    }
    return b.doc;
}
