/*
 * pack.c - the meeting's agenda pack (pack.h): every item's papers read
 * back from their archived public trees and laid out, with the pack's own
 * front sheet and agenda, as parts of one PDF (pdf_parts.h).
 *
 * Why one PDF drawn from the trees, not finished PDFs merged: the printed
 * page numbers must be the pack's, and the structure tree, page labels,
 * outline and links of one file are then right by construction, where a
 * merge would have to renumber each file's structure parents, annotations
 * and destinations.
 *
 * The agenda names the page each document starts on, and the agenda's own
 * length moves those pages: it is made, laid out, and made again until its
 * page count stays the same (twice, unless a page reference's width pushes
 * a row over).  Files are written like a build's exports: to a temporary
 * file renamed into place (archive_export), the PDF first, then its record.
 */
#include "archive.h"
#include "batch.h"
#include "guard.h"
#include "html_index.h"
#include "inputs.h"
#include "pack.h"
#include "pack_private.h"
#include "pdf_parts.h"
#include "style.h"
#include "xmlload.h"

#include <errno.h>
#include <libxml/parser.h>
#include <string.h>

/* The agenda settles after two layouts; a third or fourth is a row that
 * moves over a page end because a page number grew a digit. */
#define PACK_MAX_AGENDA_LAYOUTS 4

/* One document of an item, as it goes into the pack. */
typedef struct {
    const pack_item *item;
    char *report;        /* the report folder's name: its archive's */
    char *output;        /* "appendix-b" */
    char *line;          /* the agenda's words: "Appendix B: Leicestershire ..." */
    char *dest;          /* "item-5-appendix-b" */
    char *item_dest;     /* "item-5" */
    char *appendix;      /* its appendix label, or NULL */
    int version;
    char sha256[ARCHIVE_SHA256_HEX]; /* of its archived tree */
    const char *note;    /* supplements: why it is in it */
    doc_document *doc;   /* owned */
    const house_style *style;
    pdf_layout *lay;     /* owned */
    int first_page;      /* 0-based in the file */
    bool included;
} pack_doc;

typedef struct {
    const pack_options *o;
    pack_result *result;
    pack_meeting_info *m;
    char *out_dir;
    GPtrArray *styles;   /* house_style *, owned */
    GPtrArray *docs;     /* pack_doc *, owned, in agenda order */
    /* The packs published so far (supplements only). */
    int published_last;  /* the last printed page number */
    int supplement;      /* this supplement's number; 0 for the pack */
    GHashTable *seen_items; /* "title\nreport" of items published */
    GHashTable *seen_docs;  /* "report/output" -> tree sha256 published */
    const house_style *front_style; /* the pack's own pages' and the web page's */
    GPtrArray *restored; /* folders the reports' archived inputs are restored in */
} pack_state;

static void pack_doc_free(gpointer p)
{
    pack_doc *d = p;
    g_free(d->report);
    g_free(d->output);
    g_free(d->line);
    g_free(d->dest);
    g_free(d->item_dest);
    g_free(d->appendix);
    doc_document_free(d->doc);
    pdf_layout_free(d->lay);
    g_free(d);
}

void pack_result_clear(pack_result *r)
{
    g_free(r->path);
    if (r->built)
        g_ptr_array_free(r->built, TRUE);
    memset(r, 0, sizeof *r);
}

/* ---- reading the reports --------------------------------------------------- */

static double measure(void *data, const char *text, double size, bool bold, bool italic)
{
    return pdf_layout_text_width(data, text, size, bold, italic);
}

/* The newest version in a report's archive; 0 when it has none. */
static int newest_version(const char *dir)
{
    GArray *versions = g_file_test(dir, G_FILE_TEST_IS_DIR) ? archive_versions(dir, NULL) : NULL;
    int version = versions && versions->len ? g_array_index(versions, int, versions->len - 1)
                                            : 0;
    if (versions)
        g_array_free(versions, TRUE);
    return version;
}

typedef struct {
    GHashTable *built; /* the folders built, as given (batch order is the threads') */
    GError **error;    /* the first report that failed */
} missing_builds;

static void note_built(const char *input, const build_result *result, const GError *error,
                       void *data)
{
    (void)result;
    missing_builds *m = data;
    if (error && !*m->error)
        *m->error = g_error_copy(error);
    else if (!error)
        g_hash_table_add(m->built, (gpointer)input);
}

/* Reports of the agenda that have never been built are built first, all
 * at once on the batch's threads (batch.h): the same versions as building
 * each alone, in the time of the slowest rather than of all of them. */
static bool build_missing_reports(pack_state *s, GError **error)
{
    GPtrArray *missing = g_ptr_array_new();
    for (guint i = 0; i < s->m->items->len; i++) {
        const pack_item *it = g_ptr_array_index(s->m->items, i);
        if (!it->report)
            continue;
        char *name = g_path_get_basename(it->report_dir);
        char *dir = g_build_filename(s->o->build.output_root, name, NULL);
        if (newest_version(dir) == 0)
            g_ptr_array_add(missing, it->report_dir);
        g_free(name);
        g_free(dir);
    }
    missing_builds m = {g_hash_table_new(g_str_hash, g_str_equal), error};
    if (missing->len)
        batch_build(&s->o->build, missing, (int)g_get_num_processors(), NULL, note_built, &m);
    for (guint i = 0; i < missing->len; i++) /* said in agenda order */
        if (g_hash_table_contains(m.built, g_ptr_array_index(missing, i)))
            g_ptr_array_add(s->result->built, g_strdup(g_ptr_array_index(missing, i)));
    g_hash_table_destroy(m.built);
    g_ptr_array_free(missing, TRUE);
    return !*error;
}

/* A report folder's archive (build_missing_reports made any missing). */
static char *report_archive(pack_state *s, const pack_item *it, int *version, GError **error)
{
    char *name = g_path_get_basename(it->report_dir);
    char *dir = g_build_filename(s->o->build.output_root, name, NULL);
    g_free(name);
    *version = newest_version(dir);
    if (*version > 0)
        return dir;
    if (error && !*error)
        xmlload_error_at(error, PAPERS_ERROR_OUTPUT, s->m->path, it->line,
                         "item %d: %s was built but %s has no version", it->number,
                         it->report, dir);
    g_free(dir);
    return NULL;
}

/* The house style the report's papers were made in, kept for the pack. */
static const house_style *report_style(pack_state *s, const inputs_report *rep,
                                       const char *schema_dir, GError **error)
{
    char *path = inputs_find_house_style(rep);
    house_style *style = path ? style_load(path, schema_dir, NULL, error) : NULL;
    if (!path)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, rep->manifest_path, 0,
                         "no house-style.xml in the report folder or its profile");
    g_free(path);
    if (style)
        g_ptr_array_add(s->styles, style);
    return style;
}

static const inputs_document *find_document(const inputs_report *rep, const char *output)
{
    for (guint i = 0; i < rep->documents->len; i++) {
        const inputs_document *d = g_ptr_array_index(rep->documents, i);
        if (g_str_equal(d->output, output))
            return d;
    }
    return NULL;
}

/* The agenda's words for a document: "Appendix B: <title>".  The title is
 * the archived public tree's (an appendix exempt as a whole is called by
 * its label there), never the manifest's. */
static char *document_line(const char *appendix, const doc_document *doc)
{
    const char *title = doc_document_meta(doc, DOC_META_TITLE);
    if (!appendix)
        return g_strdup(title ? title : "Report");
    char *label = g_strdup_printf("Appendix %s", appendix);
    char *line = !title || g_str_has_prefix(title, label)
                     ? g_strdup(title ? title : label)
                     : g_strdup_printf("%s: %s", label, title);
    g_free(label);
    return line;
}

static pack_doc *load_document(const pack_item *it, const char *dir,
                               const archive_record *rec, const archive_output *out,
                               const inputs_report *rep, const house_style *style,
                               GError **error)
{
    GBytes *bytes = archive_read_output(dir, rec, out, error);
    if (!bytes)
        return NULL;
    char *where = g_strdup_printf("%s/v%d/%s", dir, rec->number, out->name);
    gsize len = 0;
    const char *xml = g_bytes_get_data(bytes, &len);
    doc_document *doc = doc_document_load(xml, len, where, error);
    g_free(where);
    g_bytes_unref(bytes);
    if (!doc)
        return NULL;
    pack_doc *d = g_new0(pack_doc, 1);
    d->item = it;
    d->report = g_strdup(rec->report);
    d->output = g_strndup(out->name, strlen(out->name) - strlen(".tree.xml"));
    const inputs_document *in = find_document(rep, d->output);
    d->appendix = in && in->appendix ? g_strdup(in->appendix) : NULL;
    d->line = document_line(d->appendix, doc);
    d->dest = g_strdup_printf("item-%d-%s", it->number, d->output);
    d->item_dest = g_strdup_printf("item-%d", it->number);
    d->version = rec->number;
    memcpy(d->sha256, out->sha256, sizeof d->sha256);
    d->doc = doc;
    d->style = style;
    return d;
}

/* Every public document of the newest version of an item's report, in the
 * order the build made them (the paper, then its appendices). */
/* The inputs of version rec as they were archived (the manifest, the
 * house style and its fonts), restored into a folder of the pack's own that
 * stays until the pack is drawn, so each paper is laid out exactly in the
 * look its archived version was made in, whatever its profile says now. */
static inputs_report *archived_report(pack_state *s, const char *dir, const archive_record *rec,
                                      char *roots[DEP_ROOT_COUNT], GError **error)
{
    char *tmp = g_dir_make_tmp("papers-pack-XXXXXX", NULL);
    if (!tmp) {
        g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT,
                    "cannot make a temporary folder: %s", g_strerror(errno));
        return NULL;
    }
    g_ptr_array_add(s->restored, tmp);
    if (!archive_restore_inputs(dir, rec, tmp, roots, error))
        return NULL;
    inputs_home home = {roots[DEP_ROOT_TEMPLATES], roots[DEP_ROOT_SCHEMAS], NULL,
                        roots[DEP_ROOT_PROFILE]};
    return inputs_load(roots[DEP_ROOT_INPUT], &home, error);
}

static bool load_item(pack_state *s, const pack_item *it, GError **error)
{
    int version = 0;
    char *dir = report_archive(s, it, &version, error);
    if (!dir)
        return false;
    char *roots[DEP_ROOT_COUNT] = {0};
    archive_record *rec = archive_load_version(dir, version, s->o->build.archive_schema, error);
    inputs_report *rep = rec ? archived_report(s, dir, rec, roots, error) : NULL;
    const house_style *style = rep ? report_style(s, rep, roots[DEP_ROOT_SCHEMAS], error) : NULL;
    for (int i = 0; i < DEP_ROOT_COUNT; i++)
        g_free(roots[i]);
    bool ok = style != NULL;
    for (guint i = 0; ok && i < rec->outputs->len; i++) {
        const archive_output *out = g_ptr_array_index(rec->outputs, i);
        if (!g_str_equal(out->format, "tree.xml") || out->exempt || out->redline)
            continue;
        pack_doc *d = load_document(it, dir, rec, out, rep, style, error);
        ok = d != NULL;
        if (d)
            g_ptr_array_add(s->docs, d);
    }
    archive_record_free(rec);
    inputs_free(rep);
    g_free(dir);
    return ok;
}

/* ---- links inside the pack --------------------------------------------------- */

typedef struct {
    char *phrase;      /* "Appendix B" */
    const char *dest;  /* its document's destination */
} pack_ref;

/* Where the next reference in text starts, with its length and target;
 * NULL when there is none.  A reference ends where a word does ("Appendix
 * 1" is not the start of "Appendix 12"). */
static const char *next_ref(const char *text, const GArray *refs, int *len, const char **dest)
{
    const char *best = NULL;
    for (guint i = 0; i < refs->len; i++) {
        const pack_ref *r = &g_array_index(refs, pack_ref, i);
        size_t n = strlen(r->phrase);
        for (const char *at = strstr(text, r->phrase); at; at = strstr(at + 1, r->phrase)) {
            if (g_ascii_isalnum(at[n]) || (at > text && g_ascii_isalnum(at[-1])))
                continue;
            if (!best || at < best) {
                best = at;
                *len = (int)n;
                *dest = r->dest;
            }
            break;
        }
    }
    return best;
}

static doc_node *text_node(doc_document *doc, const char *text, int len)
{
    char *copy = g_strndup(text, len);
    doc_node *t = doc_node_new(doc, DOC_TEXT);
    doc_node_set_text(t, copy, NULL); /* a part of valid text is valid */
    g_free(copy);
    return t;
}

/* Replace TEXT node t by its words with each reference a LINK. */
static void link_text(doc_document *doc, doc_node *t, const GArray *refs)
{
    doc_node *parent = doc_node_parent(t);
    GPtrArray *kids = doc_node_take_children(parent);
    for (guint i = 0; i < kids->len; i++) {
        doc_node *k = g_ptr_array_index(kids, i);
        if (k != t) {
            doc_node_append(parent, k, NULL);
            continue;
        }
        const char *text = doc_node_text(t), *dest = NULL;
        int len = 0;
        for (const char *at; (at = next_ref(text, refs, &len, &dest)); text = at + len) {
            if (at > text)
                doc_node_append(parent, text_node(doc, text, (int)(at - text)), NULL);
            doc_node *link = doc_node_new(doc, DOC_LINK);
            char *url = g_strconcat("#", dest, NULL);
            doc_node_set_url(link, url);
            g_free(url);
            doc_node_append(link, text_node(doc, at, len), NULL);
            doc_node_append(parent, link, NULL);
        }
        if (*text)
            doc_node_append(parent, text_node(doc, text, (int)strlen(text)), NULL);
    }
    g_ptr_array_free(kids, TRUE);
}

/* May a TEXT node's words become links?  Only in a paragraph's own words
 * (bold or italic too): not inside a link, a change mark or a title. */
static bool linkable(const doc_node *t)
{
    for (const doc_node *n = doc_node_parent(t); n; n = doc_node_parent(n)) {
        doc_type type = doc_node_type(n);
        if (type == DOC_PARAGRAPH)
            return true;
        if (type != DOC_STRONG && type != DOC_EMPH)
            return false;
    }
    return false;
}

/* "Appendix B" in an item's papers jumps to Appendix B of that item, and
 * "item 5" in any paper to item 5's papers (when the pack holds them). */
static void link_references(pack_state *s, pack_doc *d)
{
    GArray *refs = g_array_new(FALSE, FALSE, sizeof(pack_ref));
    for (guint i = 0; i < s->docs->len; i++) {
        const pack_doc *other = g_ptr_array_index(s->docs, i);
        const pack_doc *before = i ? g_ptr_array_index(s->docs, i - 1) : NULL;
        if (!other->included || (before && before->item == other->item && before->included))
            continue;
        for (int capital = 0; capital < 2; capital++) {
            pack_ref r = {g_strdup_printf("%s %d", capital ? "Item" : "item",
                                          other->item->number),
                          g_intern_string(other->item_dest)};
            g_array_append_val(refs, r);
        }
    }
    for (guint i = 0; i < s->docs->len; i++) {
        const pack_doc *other = g_ptr_array_index(s->docs, i);
        if (other->item != d->item || other == d || !other->appendix || !other->included)
            continue;
        pack_ref r = {g_strdup_printf("Appendix %s", other->appendix), other->dest};
        g_array_append_val(refs, r);
    }
    GPtrArray *texts = g_ptr_array_new();
    doc_iter it;
    doc_iter_init(&it, doc_document_root(d->doc));
    for (doc_event ev; refs->len && (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        int len = 0;
        const char *dest;
        if (doc_node_type(n) == DOC_TEXT && linkable(n) &&
            next_ref(doc_node_text(n), refs, &len, &dest))
            g_ptr_array_add(texts, n);
    }
    for (guint i = 0; i < texts->len; i++)
        link_text(d->doc, g_ptr_array_index(texts, i), refs);
    g_ptr_array_free(texts, TRUE);
    for (guint i = 0; i < refs->len; i++)
        g_free(g_array_index(refs, pack_ref, i).phrase);
    g_array_free(refs, TRUE);
}

/* ---- layout -------------------------------------------------------------------- */

/* Prepare a tree in its style and lay it out as a part of the pack: its
 * Document element becomes a Part of the pack's one Document. */
static pdf_layout *lay_out(doc_document *doc, const house_style *style, GError **error)
{
    pdf_layout *measurer = pdf_layout_new(style, NULL);
    doc_measure m = {measure, measurer};
    bool ok = doc_document_prepare(doc, style, &m, error);
    pdf_layout_free(measurer);
    if (!ok)
        return NULL;
    pdf_layout *lay = pdf_layout_new(style, doc_document_meta(doc, DOC_META_LANGUAGE));
    pdf_layout_measure(lay, doc);
    pdf_layout_paginate(lay);
    guint n = lay->items->len;
    if (n >= 2) {
        pdf_layout_item(lay, 0)->tag = "Part";
        pdf_layout_item(lay, (int)n - 1)->tag = "Part";
    }
    return lay;
}

/* The agenda's lines for the documents in the pack (and the plain items). */
static GArray *agenda_lines(pack_state *s)
{
    GArray *lines = g_array_new(FALSE, TRUE, sizeof(pack_agenda_line));
    for (guint i = 0; i < s->m->items->len; i++) {
        const pack_item *it = g_ptr_array_index(s->m->items, i);
        bool first = true;
        for (guint k = 0; k < s->docs->len; k++) {
            const pack_doc *d = g_ptr_array_index(s->docs, k);
            if (d->item != it || !d->included)
                continue;
            int page = s->published_last + d->first_page + 1;
            if (first) {
                pack_agenda_line head = {.item = it, .dest = d->dest, .page = page};
                g_array_append_val(lines, head);
                first = false;
            }
            pack_agenda_line line = {.item = it, .document = d->line, .dest = d->dest,
                                     .note = d->note, .page = page};
            g_array_append_val(lines, line);
        }
        bool plain_listed = !it->report &&
                            (!s->supplement || !g_hash_table_contains(s->seen_items, it->title));
        if (plain_listed) {
            pack_agenda_line plain = {.item = it, .note = s->supplement ? "(new item)" : NULL};
            g_array_append_val(lines, plain);
        }
    }
    return lines;
}

/* Each included document's first page, after front pages of the pack's own. */
static void place_documents(pack_state *s, int front_pages)
{
    int page = front_pages;
    for (guint k = 0; k < s->docs->len; k++) {
        pack_doc *d = g_ptr_array_index(s->docs, k);
        if (!d->included)
            continue;
        d->first_page = page;
        page += d->lay->n_pages;
    }
}

/* The front sheet and agenda, made again until the pages they take stop
 * changing (their own length moves every page reference). */
static doc_document *lay_out_front(pack_state *s, const house_style *style, pdf_layout **lay,
                                   GError **error)
{
    int front_pages = 2;
    for (int round = 0; round < PACK_MAX_AGENDA_LAYOUTS; round++) {
        place_documents(s, front_pages);
        GArray *lines = agenda_lines(s);
        doc_document *doc = pack_agenda_document(s->m, (pack_agenda_line *)(void *)lines->data,
                                                 (int)lines->len, s->supplement, error);
        g_array_free(lines, TRUE);
        *lay = doc ? lay_out(doc, style, error) : NULL;
        if (!*lay) {
            doc_document_free(doc);
            return NULL;
        }
        if ((*lay)->n_pages == front_pages)
            return doc;
        front_pages = (*lay)->n_pages;
        pdf_layout_free(*lay);
        doc_document_free(doc);
    }
    xmlload_error_at(error, PAPERS_ERROR_INPUT, s->m->path, 0,
                     "the agenda's page references do not settle after %d layouts; "
                     "please report it with this meeting",
                     PACK_MAX_AGENDA_LAYOUTS);
    *lay = NULL;
    return NULL;
}

/* ---- the file -------------------------------------------------------------------- */

typedef struct {
    GArray *dests;     /* pdf_dest */
    GArray *marks;     /* pdf_bookmark, all parts' */
    GArray *parts;     /* pdf_part */
    GPtrArray *titles; /* bookmark titles (owned) */
} pack_outline;

static int add_dest(pack_outline *po, const char *name, int page)
{
    pdf_dest dest = {name, page, 0, 0};
    g_array_append_val(po->dests, dest);
    return (int)po->dests->len - 1;
}

static void add_mark(pack_outline *po, int level, char *title, int dest)
{
    g_ptr_array_add(po->titles, title);
    pdf_bookmark mark = {level, title, dest};
    g_array_append_val(po->marks, mark);
}

static void add_part(pack_outline *po, pdf_layout *lay, const doc_document *doc)
{
    pdf_part part = {.lay = lay, .doc = doc};
    g_array_append_val(po->parts, part);
}

/* Parts, destinations and bookmarks: the front part, then one part per
 * document; bookmarks one per item (at its first document) with its
 * documents beneath it. */
static void outline(pack_state *s, pdf_layout *front_lay, const doc_document *front,
                    pack_outline *po)
{
    po->dests = g_array_new(FALSE, FALSE, sizeof(pdf_dest));
    po->marks = g_array_new(FALSE, FALSE, sizeof(pdf_bookmark));
    po->parts = g_array_new(FALSE, FALSE, sizeof(pdf_part));
    po->titles = g_ptr_array_new_with_free_func(g_free);
    GArray *counts = g_array_new(FALSE, FALSE, sizeof(int));
    int n = 0;
    add_mark(po, 1, g_strdup(s->supplement ? "Front sheet: what this supplement holds"
                                           : "Front sheet and agenda"),
             add_dest(po, "front", 0));
    n = 1;
    g_array_append_val(counts, n);
    add_part(po, front_lay, front);
    const pack_item *last = NULL;
    for (guint k = 0; k < s->docs->len; k++) {
        const pack_doc *d = g_ptr_array_index(s->docs, k);
        if (!d->included)
            continue;
        int before = (int)po->marks->len;
        if (d->item != last) {
            int dest = add_dest(po, d->item_dest, d->first_page);
            add_mark(po, 1, g_strdup_printf("Item %d: %s", d->item->number, d->item->title),
                     dest);
            last = d->item;
        }
        add_mark(po, 2, g_strdup(d->line), add_dest(po, d->dest, d->first_page));
        n = (int)po->marks->len - before;
        g_array_append_val(counts, n);
        add_part(po, d->lay, d->doc);
    }
    /* The marks array is complete: point each part at its own run of it. */
    int at = 0;
    for (guint p = 0; p < po->parts->len; p++) {
        pdf_part *part = &g_array_index(po->parts, pdf_part, p);
        part->bookmarks = &g_array_index(po->marks, pdf_bookmark, at);
        part->n_bookmarks = g_array_index(counts, int, p);
        at += part->n_bookmarks;
    }
    g_array_free(counts, TRUE);
}

static void outline_clear(pack_outline *po)
{
    g_array_free(po->dests, TRUE);
    g_array_free(po->marks, TRUE);
    g_array_free(po->parts, TRUE);
    g_ptr_array_free(po->titles, TRUE);
}

static GBytes *draw_pack(pack_state *s, pdf_layout *front_lay, const doc_document *front,
                         GError **error)
{
    pack_outline po;
    outline(s, front_lay, front, &po);
    int pages = 0;
    for (guint p = 0; p < po.parts->len; p++)
        pages += g_array_index(po.parts, pdf_part, p).lay->n_pages;
    GBytes *out = NULL;
    if (pages > guard_limit(GUARD_PAGES)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, s->m->path, 0,
                         "the pack would have %d pages, more than the %ld one PDF may have "
                         "(%s); split the agenda",
                         pages, guard_limit(GUARD_PAGES), guard_limit_variable(GUARD_PAGES));
    } else {
        pdf_parts parts = {.parts = (pdf_part *)(void *)po.parts->data,
                           .n_parts = (int)po.parts->len,
                           .meta = front,
                           .outer_tag = "Document",
                           .number_base = s->published_last,
                           .page_labels = true,
                           .outline_shift = 2,
                           .dests = (pdf_dest *)(void *)po.dests->data,
                           .n_dests = (int)po.dests->len};
        GByteArray *bytes = g_byte_array_new();
        write_sink sink;
        write_sink_to_bytes(&sink, bytes);
        GError *e = NULL;
        if (pdf_write_parts(&parts, &s->o->build.write, &sink, &e)) {
            out = g_byte_array_free_to_bytes(bytes);
        } else {
            g_byte_array_free(bytes, TRUE);
            xmlload_error_at(error, PAPERS_ERROR_INPUT, s->m->path, 0, "%s", e->message);
            g_error_free(e);
        }
        s->result->first_page = s->published_last + 1;
        s->result->last_page = s->published_last + pages;
    }
    outline_clear(&po);
    return out;
}

/* ---- records of what each pack holds -------------------------------------------- */

static char *item_key(const pack_item *it)
{
    return g_strdup_printf("%s\n%s", it->title, it->report ? it->report : "");
}

static GBytes *pack_record(pack_state *s, GBytes *pdf)
{
    char sha[ARCHIVE_SHA256_HEX];
    gsize len = 0;
    const void *data = g_bytes_get_data(pdf, &len);
    archive_sha256(data, len, sha);
    GString *x = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    g_string_append_printf(x,
                           "<agenda-pack meeting=\"%s\" supplement=\"%d\" first-page=\"%d\" "
                           "last-page=\"%d\" pdf-sha256=\"%s\">\n",
                           s->m->name, s->supplement, s->result->first_page,
                           s->result->last_page, sha);
    for (guint i = 0; i < s->m->items->len; i++) {
        const pack_item *it = g_ptr_array_index(s->m->items, i);
        char *title = g_markup_escape_text(it->title, -1);
        char *report = it->report ? g_markup_escape_text(it->report, -1) : NULL;
        g_string_append_printf(x, "  <item number=\"%d\" title=\"%s\"", it->number, title);
        if (report)
            g_string_append_printf(x, " report=\"%s\"", report);
        g_string_append(x, ">\n");
        for (guint k = 0; k < s->docs->len; k++) {
            const pack_doc *d = g_ptr_array_index(s->docs, k);
            if (d->item == it && d->included)
                g_string_append_printf(x,
                                       "    <document report=\"%s\" output=\"%s\" "
                                       "version=\"%d\" tree-sha256=\"%s\" first-page=\"%d\" "
                                       "last-page=\"%d\"/>\n",
                                       d->report, d->output, d->version, d->sha256,
                                       s->published_last + d->first_page + 1,
                                       s->published_last + d->first_page + d->lay->n_pages);
        }
        g_string_append(x, "  </item>\n");
        g_free(title);
        g_free(report);
    }
    g_string_append(x, "</agenda-pack>\n");
    gsize n = x->len;
    return g_bytes_new_take(g_string_free(x, FALSE), n);
}

static char *attr_of(xmlNode *n, const char *name)
{
    char *v = xmlload_attr(n, name);
    char *copy = g_strdup(v ? v : "");
    if (v)
        xmlFree(v);
    return copy;
}

/* What one published pack's record says: its items and documents. */
static bool read_record(pack_state *s, const char *path, GError **error)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !g_str_equal((const char *)root->name, "agenda-pack")) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "not a pack's record (<agenda-pack>); it is written beside each pack "
                         "and must not be edited");
        if (doc)
            xmlFreeDoc(doc);
        return false;
    }
    char *last = attr_of(root, "last-page");
    s->published_last = MAX(s->published_last, atoi(last));
    g_free(last);
    for (xmlNode *it = root->children; it; it = it->next) {
        if (it->type != XML_ELEMENT_NODE)
            continue;
        char *title = attr_of(it, "title"), *report = attr_of(it, "report");
        g_hash_table_add(s->seen_items, g_strdup_printf("%s\n%s", title, report));
        g_hash_table_add(s->seen_items, g_strdup(title));
        g_free(title);
        g_free(report);
        for (xmlNode *d = it->children; d; d = d->next) {
            if (d->type != XML_ELEMENT_NODE)
                continue;
            char *rep = attr_of(d, "report"), *out = attr_of(d, "output");
            g_hash_table_replace(s->seen_docs, g_strdup_printf("%s/%s", rep, out),
                                 attr_of(d, "tree-sha256"));
            g_free(rep);
            g_free(out);
        }
    }
    xmlFreeDoc(doc);
    return true;
}

static char *pack_path(const pack_state *s, int supplement, const char *ext)
{
    char *name = supplement ? g_strdup_printf("%s-%d%s", PACK_SUPPLEMENT_FILE, supplement, ext)
                            : g_strconcat(PACK_FILE, ext, NULL);
    char *path = g_build_filename(s->out_dir, name, NULL);
    g_free(name);
    return path;
}

/* Read the records of the pack and the supplements published, and take
 * the next supplement's number. */
static bool read_published(pack_state *s, GError **error)
{
    char *first = pack_path(s, 0, PACK_RECORD_SUFFIX);
    bool there = g_file_test(first, G_FILE_TEST_IS_REGULAR);
    if (!there)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, s->m->path, 0,
                         "there is no published pack (%s) to supplement; make it first with "
                         "papers pack %s",
                         first, s->o->meeting);
    g_free(first);
    for (int k = 0; there && k <= PACK_MAX_SUPPLEMENTS; k++) {
        char *path = pack_path(s, k, PACK_RECORD_SUFFIX);
        bool exists = g_file_test(path, G_FILE_TEST_IS_REGULAR);
        bool ok = !exists || read_record(s, path, error);
        g_free(path);
        if (!ok)
            return false;
        if (!exists) {
            s->supplement = k;
            return true;
        }
    }
    if (there)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, s->m->path, 0,
                         "the meeting has %d supplements already; publish the agenda again as "
                         "a new pack",
                         PACK_MAX_SUPPLEMENTS);
    return false;
}

/* A supplement holds the documents of new items and the documents whose
 * archived tree differs from the one last published. */
static int choose_supplement(pack_state *s)
{
    int chosen = 0;
    for (guint k = 0; k < s->docs->len; k++) {
        pack_doc *d = g_ptr_array_index(s->docs, k);
        char *item = item_key(d->item);
        char *key = g_strdup_printf("%s/%s", d->report, d->output);
        const char *sha = g_hash_table_lookup(s->seen_docs, key);
        if (!g_hash_table_contains(s->seen_items, item))
            d->note = "(new item)";
        else if (!sha)
            d->note = "(added)";
        else if (!g_str_equal(sha, d->sha256))
            d->note = "(reissued: replaces the published version)";
        d->included = d->note != NULL;
        chosen += d->included;
        g_free(item);
        g_free(key);
    }
    for (guint i = 0; i < s->m->items->len; i++) {
        const pack_item *it = g_ptr_array_index(s->m->items, i);
        chosen += !it->report && !g_hash_table_contains(s->seen_items, it->title);
    }
    return chosen;
}

/* ---- the whole ---------------------------------------------------------------- */

static const house_style *front_style(pack_state *s, GError **error)
{
    char *dir = g_path_get_dirname(s->m->path);
    char *profile = s->m->profile ? inputs_find_profile(s->m->profile, dir,
                                                        s->o->build.profiles_dir)
                                  : NULL;
    g_free(dir);
    if (s->m->profile && !profile) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, s->m->path, 0,
                         "there is no profile \"%s\" (profile= names a council profile, as in "
                         "report.xml)",
                         s->m->profile);
        return NULL;
    }
    char *path = g_build_filename(profile ? profile : s->o->build.template_dir,
                                  "house-style.xml", NULL);
    house_style *style = style_load(path, s->o->build.schema_dir, NULL, error);
    g_free(path);
    g_free(profile);
    if (style)
        g_ptr_array_add(s->styles, style);
    return style;
}

static bool prepare_documents(pack_state *s, GError **error)
{
    for (guint k = 0; k < s->docs->len; k++) {
        pack_doc *d = g_ptr_array_index(s->docs, k);
        if (!d->included)
            continue;
        link_references(s, d);
        d->lay = lay_out(d->doc, d->style, error);
        if (!d->lay)
            return false;
        s->result->documents++;
    }
    return true;
}

/* The pack is published: making it again is allowed only when nothing
 * would change (a supplement carries what did). */
static bool keep_published(pack_state *s, const char *path, GBytes *pdf, GError **error)
{
    gchar *old = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &old, &len, &e)) {
        g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT,
                    "cannot read the published pack to compare: %s", e->message);
        g_error_free(e);
        return false;
    }
    bool same = len == g_bytes_get_size(pdf) && memcmp(old, g_bytes_get_data(pdf, NULL), len) == 0;
    g_free(old);
    if (same)
        s->result->unchanged = true;
    else
        xmlload_error_at(error, PAPERS_ERROR_INPUT, s->m->path, 0,
                         "the agenda pack %s is published and its papers have changed since; "
                         "make a supplement with papers pack %s --supplement (or remove the "
                         "pack to publish it again)",
                         path, s->o->meeting);
    return same;
}

static bool write_pack(pack_state *s, GBytes *pdf, GError **error)
{
    char *path = pack_path(s, s->supplement, ".pdf");
    char *record_path = pack_path(s, s->supplement, PACK_RECORD_SUFFIX);
    bool ok = true;
    if (!s->supplement && g_file_test(path, G_FILE_TEST_EXISTS)) {
        ok = keep_published(s, path, pdf, error);
    } else {
        GBytes *record = pack_record(s, pdf);
        char *name = g_path_get_basename(path), *record_name = g_path_get_basename(record_path);
        ok = archive_export(s->out_dir, name, pdf, error) &&
             archive_export(s->out_dir, record_name, record, error);
        g_bytes_unref(record);
        g_free(name);
        g_free(record_name);
        if (ok)
            s->result->path = g_strdup(path);
    }
    g_free(path);
    g_free(record_path);
    return ok;
}

static bool make_pack(pack_state *s, GError **error)
{
    const house_style *style = front_style(s, error);
    s->front_style = style;
    if (!style || !build_missing_reports(s, error))
        return false;
    for (guint i = 0; i < s->m->items->len; i++) {
        const pack_item *it = g_ptr_array_index(s->m->items, i);
        if (it->report && !load_item(s, it, error))
            return false;
    }
    for (guint k = 0; k < s->docs->len; k++)
        ((pack_doc *)g_ptr_array_index(s->docs, k))->included = !s->supplement;
    if (s->supplement && choose_supplement(s) == 0) {
        s->result->unchanged = true;
        return true;
    }
    if (!prepare_documents(s, error))
        return false;
    pdf_layout *front_lay = NULL;
    doc_document *front = lay_out_front(s, style, &front_lay, error);
    GBytes *pdf = front ? draw_pack(s, front_lay, front, error) : NULL;
    bool ok = pdf && write_pack(s, pdf, error);
    if (pdf)
        g_bytes_unref(pdf);
    pdf_layout_free(front_lay);
    doc_document_free(front);
    return ok;
}

/* ---- the meeting's web page ------------------------------------------------------ */

/* The packs in the folder: agenda-pack.pdf, then the supplements in turn. */
static GPtrArray *published_packs(const pack_state *s)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (int k = 0; k <= PACK_MAX_SUPPLEMENTS; k++) {
        char *path = pack_path(s, k, ".pdf");
        bool there = g_file_test(path, G_FILE_TEST_IS_REGULAR);
        if (there)
            g_ptr_array_add(names, g_path_get_basename(path));
        g_free(path);
        if (!there)
            break;
    }
    g_ptr_array_add(names, NULL);
    return names;
}

/* index.html beside the packs: each item's documents as the newest
 * versions of their reports have them, and the packs. */
static bool write_index(pack_state *s, GError **error)
{
    GArray *docs = g_array_new(FALSE, TRUE, sizeof(pack_index_doc));
    GPtrArray *folders = g_ptr_array_new_with_free_func(g_free);
    for (guint k = 0; k < s->docs->len; k++) {
        const pack_doc *d = g_ptr_array_index(s->docs, k);
        char *folder = g_strdup_printf("../../%s/v%d", d->report, d->version);
        g_ptr_array_add(folders, folder);
        pack_index_doc entry = {d->item, d->line, folder, d->output};
        g_array_append_val(docs, entry);
    }
    GPtrArray *packs = published_packs(s);
    GBytes *page = pack_index_page(s->m, s->out_dir, (pack_index_doc *)(void *)docs->data,
                                   (int)docs->len, (const char *const *)packs->pdata,
                                   s->front_style, error);
    bool ok = page && archive_export(s->out_dir, HTML_INDEX_NAME, page, error);
    if (page)
        g_bytes_unref(page);
    g_ptr_array_free(packs, TRUE);
    g_ptr_array_free(folders, TRUE);
    g_array_free(docs, TRUE);
    return ok;
}

bool pack_meeting(const pack_options *o, pack_result *result, GError **error)
{
    memset(result, 0, sizeof *result);
    result->built = g_ptr_array_new_with_free_func(g_free);
    pack_state s = {.o = o, .result = result};
    s.m = pack_meeting_load(o->meeting, o->build.schema_dir, error);
    if (!s.m)
        return false;
    s.out_dir = o->out_dir ? g_strdup(o->out_dir)
                           : g_build_filename(o->build.output_root, "meetings", s.m->name, NULL);
    s.styles = g_ptr_array_new_with_free_func((GDestroyNotify)style_free);
    s.docs = g_ptr_array_new_with_free_func(pack_doc_free);
    s.seen_items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s.seen_docs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    s.restored = g_ptr_array_new_with_free_func(g_free);
    bool ok = (!o->supplement || read_published(&s, error)) && make_pack(&s, error) &&
              write_index(&s, error);
    for (guint i = 0; i < s.restored->len; i++)
        archive_remove_tree(g_ptr_array_index(s.restored, i));
    g_ptr_array_free(s.restored, TRUE);
    g_hash_table_destroy(s.seen_items);
    g_hash_table_destroy(s.seen_docs);
    g_ptr_array_free(s.docs, TRUE);
    g_ptr_array_free(s.styles, TRUE);
    g_free(s.out_dir);
    pack_meeting_free(s.m);
    return ok;
}
