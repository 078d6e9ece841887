/*
 * build.c - one report from input folder to archive (see build.h).
 *
 * Order matters for "bad input never loses data": every input is validated
 * and every document merged before the archive is opened.  Each document's
 * loaders record the files they read (deps.h); the archive compares those
 * files with the ones the newest version's outputs were made from, and only
 * the outputs whose files changed are written again.  Files, staging and
 * atomicity belong to the archive (archive.c); nothing here opens a file
 * for writing.
 *
 * Exempt information: each document is merged into its full tree, and its
 * public version is that tree filtered (doc_filter.h); a document with
 * nothing exempt is its own public version.  Every file named <output>.*
 * is printed from the public tree, as are the web pages, the index and the
 * redlines named <output>-changes.*: everything meant for publication.
 * With exempt versions asked for, a document that holds exempt
 * information also gets <output>-EXEMPT.txt, .docx, .pdf and .tree.xml
 * from its full tree, with the marking (DOC_META_MARKING) in its
 * properties and in the running header of every page, and its redlines
 * <output>-EXEMPT-changes.* from full trees; the archive marks them
 * exempt.
 */
#include "build.h"
#include "archive.h"
#include "doc_filter.h"
#include "html_index.h"
#include "inputs.h"
#include "merge.h"
#include "pdf_layout.h"
#include "redline.h"
#include "style.h"
#include "xmlload.h"

#include <errno.h>
#include <string.h>

static const struct {
    build_format format;
    const char *name;
    write_fn write;
} writers[] = {
    {BUILD_TXT, "txt", write_txt},
    {BUILD_DOCX, "docx", write_docx},
    {BUILD_PDF, "pdf", write_pdf},
    {BUILD_HTML, "html", write_html},
    {BUILD_TREE, "tree.xml", write_tree},
};

bool build_parse_formats(const char *list, unsigned *formats, GError **error)
{
    *formats = 0;
    char **names = g_strsplit(list, ",", -1);
    bool ok = true;
    for (int i = 0; names[i] && ok; i++) {
        char *name = g_strstrip(names[i]);
        bool known = false;
        for (size_t w = 0; w < G_N_ELEMENTS(writers); w++) {
            if (g_ascii_strcasecmp(name, writers[w].name) == 0) {
                *formats |= writers[w].format;
                known = true;
            }
        }
        if (!known) {
            g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_INPUT,
                        "unknown format '%s' (use txt, docx, pdf, html or tree.xml)", name);
            ok = false;
        }
    }
    g_strfreev(names);
    return ok && *formats != 0;
}

/* ---- plan: validate and merge, recording what each document read ---------- */

/* Measures words for prepare's column fitting with the PDF's own font
 * setting; the fonts are opened on the first word measured, so a report
 * without tables never opens them. */
typedef struct {
    const house_style *style;
    pdf_layout *lay;
} word_measurer;

static double measure_word(void *data, const char *text, double size, bool bold, bool italic)
{
    word_measurer *m = data;
    if (!m->lay)
        m->lay = pdf_layout_new(m->style, NULL);
    return pdf_layout_text_width(m->lay, text, size, bold, italic);
}

typedef struct {
    inputs_report *report;
    house_style *style;
    /* The full versions' look: the house style with the marking in the
     * running header.  A shallow copy of *style sharing all its pointers
     * but the header's places, which are exempt_header's. */
    house_style exempt_style;
    char *exempt_header[STYLE_PLACE_COUNT];
    bool exempt_versions; /* make the full versions of documents with exempt information */
    word_measurer measurer;
    doc_measure measure;  /* measure_word with measurer */
    build_deps *style_read;
    GPtrArray *docs;  /* doc_document *, one per report->documents: the public version */
    GPtrArray *fulls; /* doc_document *, one per document: the full version when it
                         holds exempt information, else NULL (its public one is it) */
    GPtrArray *reads; /* build_deps *, one per document: every file it was made from */
} build_plan;

static void plan_free(build_plan *p)
{
    for (int i = 0; i < STYLE_PLACE_COUNT; i++)
        g_free(p->exempt_header[i]);
    if (p->fulls)
        g_ptr_array_free(p->fulls, TRUE);
    if (p->docs)
        g_ptr_array_free(p->docs, TRUE);
    if (p->reads)
        g_ptr_array_free(p->reads, TRUE);
    build_deps_free(p->style_read);
    if (p->measurer.lay)
        pdf_layout_free(p->measurer.lay);
    style_free(p->style);
    inputs_free(p->report);
}

/* Merge one document; its record gets its inputs, the house style and the
 * template with their schemas. */
static doc_document *merge_one(const build_options *o, build_plan *p,
                               const inputs_document *d, build_deps *read, GError **error)
{
    build_deps_add_all(read, d->read);
    build_deps_add_all(read, p->style_read);
    char *template_path = inputs_find_template(p->report, d->template_file);
    doc_document *doc = NULL;
    if (!template_path)
        xmlload_error_at(error, PAPERS_ERROR_TEMPLATE, p->report->manifest_path, d->line,
                         "there is no template %s in the report folder's templates/%s or "
                         "the shipped templates",
                         d->template_file, p->report->profile_dir ? ", the profile's" : "");
    else
        doc = merge_document(p->report, d, template_path, o->schema_dir, p->style, &p->measure,
                             read, error);
    g_free(template_path);
    return doc;
}

/* A document's web page must not take the name of the report's index. */
static bool check_page_names(const build_options *o, const build_plan *p, GError **error)
{
    for (guint i = 0; (o->formats & BUILD_HTML) && i < p->report->documents->len; i++) {
        const inputs_document *d = g_ptr_array_index(p->report->documents, i);
        char *page = g_strconcat(d->output, ".html", NULL);
        bool clash = g_str_equal(page, HTML_INDEX_NAME);
        g_free(page);
        if (clash) {
            xmlload_error_at(error, PAPERS_ERROR_INPUT, p->report->manifest_path, d->line,
                             "the web page of output=\"%s\" would take the place of the "
                             "report's index page %s; give the document another output name",
                             d->output, HTML_INDEX_NAME);
            return false;
        }
    }
    return true;
}

/* ---- public and full versions -------------------------------------------------- */

/* What a document withheld whole is called in its public version: its
 * appendix label, which is public ("Appendix 3"). */
static char *withheld_title(const inputs_document *d)
{
    return d->appendix ? g_strdup_printf("Appendix %s", d->appendix)
                       : g_strdup("Information withheld");
}

/* A document's title where the public sees it (the index, the redlines):
 * the manifest's, unless the document is exempt as a whole. */
static const char *public_title(const inputs_document *d)
{
    return d->exempt ? "Information withheld" : d->title;
}

/* The full versions' running header: the house style's, if it places the
 * {marking} field itself; otherwise the marking alone, centred, on every
 * page (the council's own header texts would crowd it). */
static void make_exempt_style(build_plan *p)
{
    p->exempt_style = *p->style;
    bool placed = false;
    for (int i = 0; i < STYLE_PLACE_COUNT; i++)
        placed = placed || (p->style->header[i] && strstr(p->style->header[i], "{marking}"));
    for (int i = 0; i < STYLE_PLACE_COUNT; i++) {
        const char *text = placed ? p->style->header[i] : i == STYLE_CENTRE ? "{marking}" : NULL;
        p->exempt_header[i] = g_strdup(text);
        p->exempt_style.header[i] = p->exempt_header[i];
    }
    p->exempt_style.show_header = true;
}

/* Document i's public version from its merged tree full (taken): full
 * itself when nothing in it is exempt, else its filtered copy, full kept
 * as the full version (with its marking, when full versions are made). */
static bool add_versions(build_plan *p, guint i, doc_document *full, GError **error)
{
    const inputs_document *d = g_ptr_array_index(p->report->documents, i);
    doc_exempt_set paragraphs = doc_document_exempt_paragraphs(full);
    if (!paragraphs) {
        g_ptr_array_add(p->docs, full);
        g_ptr_array_add(p->fulls, NULL);
        return true;
    }
    char *title = withheld_title(d);
    doc_public_options options = {title};
    GError *e = NULL;
    doc_document *pub = doc_document_public(full, &options, p->style, &p->measure, &e);
    g_free(title);
    if (!pub) {
        xmlload_error_at(error, PAPERS_ERROR_TEMPLATE, p->report->manifest_path, d->line,
                         "internal error, the public version of %s is not as prepared: %s",
                         d->output, e->message);
        g_error_free(e);
        doc_document_free(full);
        return false;
    }
    if (p->exempt_versions) {
        char *marking = doc_exempt_marking(paragraphs);
        doc_document_set_meta(full, DOC_META_MARKING, marking);
        g_free(marking);
    }
    g_ptr_array_add(p->docs, pub);
    g_ptr_array_add(p->fulls, full);
    return true;
}

/* Validate and merge everything; nothing is written. */
static bool plan(const build_options *o, build_plan *p, GError **error)
{
    memset(p, 0, sizeof *p);
    inputs_home home = {o->template_dir, o->schema_dir, o->profiles_dir, o->profile_dir};
    p->report = inputs_load(o->input_dir, &home, error);
    if (!p->report)
        return false;
    char *style_path = inputs_find_house_style(p->report);
    if (!style_path) {
        xmlload_error_at(error, PAPERS_ERROR_TEMPLATE, p->report->manifest_path, 0,
                         "no house-style.xml in the report folder, its profile or %s",
                         o->template_dir);
        return false;
    }
    p->style_read = build_deps_new();
    p->style = style_load(style_path, o->schema_dir, p->style_read, error);
    g_free(style_path);
    if (!p->style)
        return false;
    if (!check_page_names(o, p, error))
        return false;
    p->measurer.style = p->style;
    p->measure = (doc_measure){measure_word, &p->measurer};
    p->exempt_versions = o->exempt_versions || p->report->exempt_versions;
    make_exempt_style(p);
    p->docs = g_ptr_array_new_with_free_func((GDestroyNotify)doc_document_free);
    p->fulls = g_ptr_array_new_with_free_func((GDestroyNotify)doc_document_free);
    p->reads = g_ptr_array_new_with_free_func((GDestroyNotify)build_deps_free);
    for (guint i = 0; i < p->report->documents->len; i++) {
        build_deps *read = build_deps_new();
        g_ptr_array_add(p->reads, read);
        doc_document *doc =
            merge_one(o, p, g_ptr_array_index(p->report->documents, i), read, error);
        if (!doc || !add_versions(p, i, doc, error))
            return false;
    }
    return true;
}

bool build_check(const build_options *o, GError **error)
{
    build_plan p;
    bool ok = plan(o, &p, error);
    plan_free(&p);
    return ok;
}

/* ---- render: one output into memory ------------------------------------------ */

/* <output>.<format>, or for a full version <output>-EXEMPT.<format>. */
static char *output_name(const build_plan *p, guint doc, size_t writer, bool full)
{
    const inputs_document *d = g_ptr_array_index(p->report->documents, doc);
    return g_strdup_printf("%s%s.%s", d->output, full ? BUILD_EXEMPT_SUFFIX : "",
                           writers[writer].name);
}

/* Does document doc have a full version in this format?  Web pages are for
 * publication: never. */
static bool has_full_version(const build_plan *p, guint doc, size_t writer)
{
    return p->exempt_versions && g_ptr_array_index(p->fulls, doc) &&
           writers[writer].format != BUILD_HTML;
}

static GBytes *render_tree(const doc_document *tree, const house_style *style, write_fn write,
                           const write_options *opt, const char *name, GError **error)
{
    GByteArray *bytes = g_byte_array_new();
    write_sink sink;
    write_sink_to_bytes(&sink, bytes);
    GError *e = NULL;
    if (!write(tree, style, opt, &sink, &e)) {
        /* A missing font or a document over a limit is the inputs' (exit
         * 1); only an output that cannot be made is the output's (exit 3). */
        bool inputs = e && e->domain == WRITE_ERROR &&
                      (e->code == WRITE_ERROR_FONT || e->code == WRITE_ERROR_LIMIT);
        if (inputs && e->code == WRITE_ERROR_LIMIT)
            g_set_error_literal(error, PAPERS_ERROR, PAPERS_ERROR_INPUT, e->message);
        else
            g_set_error(error, PAPERS_ERROR, inputs ? PAPERS_ERROR_INPUT : PAPERS_ERROR_OUTPUT,
                        "%s: %s", name, e ? e->message : "could not be written");
        g_clear_error(&e);
        g_byte_array_free(bytes, TRUE);
        return NULL;
    }
    return g_byte_array_free_to_bytes(bytes);
}

/* ---- the report's index page ------------------------------------------------------ */

/* The formats an index links to beside each web page, in its order. */
static const build_format index_alternatives[] = {BUILD_PDF, BUILD_DOCX, BUILD_TXT};

static size_t writer_of(build_format format)
{
    size_t w = 0;
    while (w + 1 < G_N_ELEMENTS(writers) && writers[w].format != format)
        w++;
    return w;
}

/* The formats of a version's outputs, as build_format bits. */
static unsigned record_formats(const archive_record *r)
{
    unsigned formats = 0;
    for (guint i = 0; i < r->outputs->len; i++) {
        const archive_output *out = g_ptr_array_index(r->outputs, i);
        for (size_t w = 0; w < G_N_ELEMENTS(writers); w++)
            if (g_str_equal(out->format, writers[w].name) && !g_str_equal(out->name, HTML_INDEX_NAME))
                formats |= writers[w].format;
    }
    return formats;
}

/* "Council: Report of the Cabinet", from the paper's properties. */
static char *index_summary(const doc_document *doc)
{
    const char *author = doc_document_meta(doc, DOC_META_AUTHOR);
    const char *subject = doc_document_meta(doc, DOC_META_SUBJECT);
    if (author && subject)
        return g_strdup_printf("%s: %s", author, subject);
    return g_strdup(author ? author : subject);
}

/* The report's index: its documents in manifest order, each with its page
 * and the other formats of this version; titled by the paper (the first
 * document that is not an appendix). */
static GBytes *render_index(const build_plan *p, unsigned formats, GError **error)
{
    guint n = p->report->documents->len;
    html_index_entry *entries = g_new0(html_index_entry, n);
    GPtrArray *owned = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *lists = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    guint paper = n;
    for (guint i = 0; i < n; i++) {
        const inputs_document *d = g_ptr_array_index(p->report->documents, i);
        html_index_entry *e = &entries[i];
        char *label = d->appendix ? g_strdup_printf("Appendix %s", d->appendix) : NULL;
        char *page = output_name(p, i, writer_of(BUILD_HTML), false);
        GPtrArray *files = g_ptr_array_new(); /* the public versions only */
        for (size_t f = 0; f < G_N_ELEMENTS(index_alternatives); f++)
            if (formats & index_alternatives[f])
                g_ptr_array_add(files,
                                output_name(p, i, writer_of(index_alternatives[f]), false));
        g_ptr_array_add(files, NULL);
        char **list = (char **)g_ptr_array_free(files, FALSE);
        *e = (html_index_entry){label, public_title(d) ? public_title(d) : d->output, page,
                                (const char *const *)list};
        if (label)
            g_ptr_array_add(owned, label);
        g_ptr_array_add(owned, page);
        g_ptr_array_add(lists, list);
        if (!d->appendix && paper == n)
            paper = i;
    }
    if (paper == n)
        paper = 0;
    const doc_document *doc = g_ptr_array_index(p->docs, paper);
    char *summary = index_summary(doc);
    html_index_group group = {NULL, entries, (int)n};
    html_index index = {doc_document_meta(doc, DOC_META_LANGUAGE), entries[paper].title,
                        summary, &group, 1};
    GByteArray *bytes = g_byte_array_new();
    write_sink sink;
    write_sink_to_bytes(&sink, bytes);
    bool ok = write_html_index(&index, p->style, &sink, error);
    g_free(summary);
    g_ptr_array_free(lists, TRUE);
    g_ptr_array_free(owned, TRUE);
    g_free(entries);
    if (!ok) {
        g_byte_array_free(bytes, TRUE);
        return NULL;
    }
    return g_byte_array_free_to_bytes(bytes);
}

/* The index page is made every time (it lists the version's formats, which
 * are not files) and carried when it comes out the same. */
static bool add_index(const build_plan *p, unsigned formats, archive *a, GError **error)
{
    GBytes *bytes = render_index(p, formats, error);
    if (!bytes)
        return false;
    build_deps *all = build_deps_new();
    for (guint i = 0; i < p->reads->len; i++)
        build_deps_add_all(all, g_ptr_array_index(p->reads, i));
    bool ok = archive_add_made_output(a, HTML_INDEX_NAME, writers[writer_of(BUILD_HTML)].name,
                                      all, bytes, error);
    build_deps_free(all);
    g_bytes_unref(bytes);
    return ok;
}

/* A document's public version, or its full version (in the full
 * versions' look), in one format. */
static GBytes *render(const build_plan *p, guint doc, size_t writer, bool full,
                      const write_options *opt, const char *name, GError **error)
{
    const doc_document *tree = g_ptr_array_index(full ? p->fulls : p->docs, doc);
    return render_tree(tree, full ? &p->exempt_style : p->style, writers[writer].write, opt,
                       name, error);
}

/* ---- redlines ------------------------------------------------------------------------ */

/* The formats a redline is made in: the documents members read. */
static const struct {
    build_format format;
    const char *ext;
    write_fn write;
} redline_writers[] = {
    {BUILD_DOCX, "docx", write_docx},
    {BUILD_PDF, "pdf", write_pdf},
};

/* <output>-changes.<ext>, or for a full version <output>-EXEMPT-changes.<ext>. */
static char *redline_name(const inputs_document *d, size_t rw, bool full)
{
    return g_strdup_printf("%s%s" REDLINE_SUFFIX ".%s", d->output,
                           full ? BUILD_EXEMPT_SUFFIX : "", redline_writers[rw].ext);
}

/* The redline tree of document i of the plan (its public or its full
 * version) since old_doc: NULL when its words did not change (error unset)
 * or on error.  A public redline names the document as the public sees it. */
static doc_document *redline_of(const build_plan *p, guint i, bool full,
                                const doc_document *old_doc, const archive_record *old_record,
                                const archive_record *new_record, GError **error)
{
    const inputs_document *d = g_ptr_array_index(p->report->documents, i);
    char *name = redline_document_name(d->appendix, full ? d->title : public_title(d),
                                       d->output);
    redline_info info = {.document = name,
                         .old_version = old_record->number,
                         .old_built_at = old_record->built_at,
                         .new_version = new_record->number,
                         .new_built_at = new_record->built_at,
                         .author = new_record->author,
                         .reason = new_record->reason};
    doc_document *r = redline_make(old_doc, g_ptr_array_index(full ? p->fulls : p->docs, i),
                                   &info, p->style, &p->measure, error);
    g_free(name); /* a full version's redline has its marking: the diff copies properties */
    return r;
}

/* The tree (its output name without .tree.xml) in the version old that a
 * redline of document d's public or full version compares with: the
 * public tree, or for the full version the full tree, or the public one
 * when old made full versions and this document had none (nothing in it
 * was exempt); NULL when there is none. */
static char *compared_tree(const inputs_document *d, const archive_record *old, bool full)
{
    if (!full)
        return g_strdup(d->output);
    char *exempt = g_strconcat(d->output, BUILD_EXEMPT_SUFFIX, NULL);
    char *tree = g_strconcat(exempt, ".tree.xml", NULL);
    bool has = archive_record_find_output(old, tree) != NULL;
    g_free(tree);
    if (has)
        return exempt;
    g_free(exempt);
    return old->exempt_versions ? g_strdup(d->output) : NULL;
}

/* The file name of that tree in the newest version, or NULL (warned). */
static char *old_tree_name(const build_plan *p, const archive *a, guint i, bool full)
{
    const inputs_document *d = g_ptr_array_index(p->report->documents, i);
    char *tree = compared_tree(d, archive_latest(a), full);
    if (!tree) {
        fprintf(stderr, "warning: no redline of %s" BUILD_EXEMPT_SUFFIX ": v%d made no full "
                        "versions to compare with (it was built without --exempt)\n",
                d->output, archive_latest(a)->number);
        return NULL;
    }
    char *name = g_strconcat(tree, ".tree.xml", NULL);
    g_free(tree);
    return name;
}

/* The newest version's tree a redline of document i compares with, if
 * its document was made again (else nothing changed: its public tree was
 * carried, as its full one would be unless the full versions are new) and
 * it can be read (else a warning). */
static doc_document *old_tree(const build_plan *p, const archive *a, guint i, bool full)
{
    const inputs_document *d = g_ptr_array_index(p->report->documents, i);
    char *made_name = output_name(p, i, writer_of(BUILD_TREE), false);
    const archive_output *made = archive_record_find_output(archive_pending(a), made_name);
    g_free(made_name);
    char *name = made && !made->carried_from ? old_tree_name(p, a, i, full) : NULL;
    GError *e = NULL;
    GBytes *bytes = name ? archive_latest_output(a, name, &e) : NULL;
    doc_document *doc = NULL;
    if (e) {
        fprintf(stderr, "warning: no redline of %s: %s\n", d->output, e->message);
        g_clear_error(&e);
    }
    if (bytes) {
        char *path = g_strdup_printf("%s/v%d/%s", archive_dir(a), archive_latest(a)->number,
                                     name);
        gsize len;
        const char *xml = g_bytes_get_data(bytes, &len);
        doc = doc_document_load(xml, len, path, &e);
        if (!doc) {
            fprintf(stderr, "warning: no redline of %s: %s\n", d->output, e->message);
            g_error_free(e);
        }
        g_free(path);
        g_bytes_unref(bytes);
    }
    g_free(name);
    return doc;
}

/* The redlines of document i (of its public or full version) in the
 * formats asked for, into the version begun. */
static bool add_redlines_of(const build_options *o, const build_plan *p, archive *a, guint i,
                            bool full, const doc_document *redline, GError **error)
{
    const inputs_document *d = g_ptr_array_index(p->report->documents, i);
    for (size_t w = 0; w < G_N_ELEMENTS(redline_writers); w++) {
        if (!(o->formats & redline_writers[w].format))
            continue;
        char *name = redline_name(d, w, full);
        if (archive_record_find_output(archive_pending(a), name)) {
            fprintf(stderr, "warning: no redline of %s: a document is named %s\n", d->output,
                    name);
            g_free(name);
            continue;
        }
        GBytes *bytes = render_tree(redline, full ? &p->exempt_style : p->style,
                                    redline_writers[w].write, &o->write, name, error);
        bool ok = bytes && archive_add_redline(a, name, redline_writers[w].ext,
                                               g_ptr_array_index(p->reads, i),
                                               archive_latest(a)->number, bytes, error);
        if (ok && full)
            archive_mark_exempt(a, name);
        if (bytes)
            g_bytes_unref(bytes);
        g_free(name);
        if (!ok)
            return false;
    }
    return true;
}

/* Each document made again whose words changed since the newest version:
 * its redlines, into the version begun; the public version's from public
 * trees, the full version's (when full versions are made) from full trees. */
static bool add_redlines(const build_options *o, const build_plan *p, archive *a,
                         GError **error)
{
    if (!archive_latest(a) || !(o->formats & (BUILD_DOCX | BUILD_PDF)))
        return true;
    for (guint i = 0; i < p->docs->len; i++) {
        for (int full = 0; full <= 1; full++) {
            if (full && !has_full_version(p, i, writer_of(BUILD_TREE)))
                continue;
            doc_document *old_doc = old_tree(p, a, i, full);
            GError *e = NULL;
            doc_document *r = old_doc ? redline_of(p, i, full, old_doc, archive_latest(a),
                                                    archive_pending(a), &e)
                                      : NULL;
            bool ok = !e && (!r || add_redlines_of(o, p, a, i, full, r, &e));
            doc_document_free(r);
            doc_document_free(old_doc);
            if (!ok) {
                g_propagate_error(error, e);
                return false;
            }
        }
    }
    return true;
}

/* ---- build_report ------------------------------------------------------------------ */

typedef struct {
    guint doc;
    size_t writer;
    bool full; /* the full version */
    char *name;
} pending_output;

/* Tell the archive one output and what it was made from; collect it when
 * it cannot be carried from the newest version. */
static bool add_output(const build_plan *p, archive *a, guint i, size_t w, bool full,
                       GArray *to_make, GError **error)
{
    char *name = output_name(p, i, w, full);
    bool carry = false;
    if (!archive_add_output(a, name, writers[w].name, g_ptr_array_index(p->reads, i), &carry,
                            error)) {
        g_free(name);
        return false;
    }
    if (full)
        archive_mark_exempt(a, name);
    pending_output po = {i, w, full, name};
    if (carry)
        g_free(name);
    else
        g_array_append_val(to_make, po);
    return true;
}

/* Every output: each document's public version in each format, then its
 * full version where there is one; the index (public) last. */
static bool add_outputs(const build_options *o, const build_plan *p, archive *a,
                        GArray *to_make, GError **error)
{
    unsigned formats = o->formats | BUILD_TREE;
    for (guint i = 0; i < p->docs->len; i++) {
        for (int full = 0; full <= 1; full++) {
            for (size_t w = 0; w < G_N_ELEMENTS(writers); w++) {
                if (!(formats & writers[w].format) || (full && !has_full_version(p, i, w)))
                    continue;
                if (!add_output(p, a, i, w, full, to_make, error))
                    return false;
            }
        }
    }
    return !(formats & BUILD_HTML) || add_index(p, formats, a, error);
}

static bool make_outputs(const build_options *o, const build_plan *p, archive *a,
                         GArray *to_make, GError **error)
{
    for (guint i = 0; i < to_make->len; i++) {
        const pending_output *po = &g_array_index(to_make, pending_output, i);
        GBytes *bytes = render(p, po->doc, po->writer, po->full, &o->write, po->name, error);
        if (!bytes)
            return false;
        archive_set_output(a, po->name, bytes);
        g_bytes_unref(bytes);
    }
    return true;
}

static void fill_result(build_result *r, const archive *a, bool changed)
{
    const archive_record *version = changed ? archive_pending(a) : archive_latest(a);
    r->changed = changed;
    r->version = version->number;
    r->previous = version->previous;
    for (guint i = 0; changed && i < version->outputs->len; i++) {
        const archive_output *out = g_ptr_array_index(version->outputs, i);
        GPtrArray *list = out->redline ? r->redlines : out->carried_from ? r->carried
                                                                         : r->rebuilt;
        g_ptr_array_add(list, g_strdup(out->name));
    }
}

static void pending_clear(gpointer p)
{
    g_free(((pending_output *)p)->name);
}

/* The version's record of the run: what it is, who and why, and where its
 * inputs were found. */
static void begin_version(const build_options *o, const build_plan *p, archive *a)
{
    archive_build_info info = {
        .report = p->report->name,
        .pipeline_version = PAPERS_VERSION,
        .source_date_epoch = o->write.source_date_epoch,
        .author = o->author,
        .reason = o->reason,
        .roots = {[DEP_ROOT_INPUT] = o->input_dir,
                  [DEP_ROOT_PROFILE] = p->report->profile_dir,
                  [DEP_ROOT_TEMPLATES] = o->template_dir,
                  [DEP_ROOT_SCHEMAS] = o->schema_dir},
        .exempt_versions = p->exempt_versions,
    };
    archive_begin(a, &info);
}

bool build_report(const build_options *o, build_result *result, GError **error)
{
    memset(result, 0, sizeof *result);
    result->rebuilt = g_ptr_array_new_with_free_func(g_free);
    result->carried = g_ptr_array_new_with_free_func(g_free);
    result->redlines = g_ptr_array_new_with_free_func(g_free);
    build_plan p;
    if (!plan(o, &p, error)) {
        plan_free(&p);
        return false;
    }
    result->archive_dir = g_build_filename(o->output_root, p.report->name, NULL);
    archive *a = archive_open(result->archive_dir, o->wait_seconds, o->archive_schema, error);
    GArray *to_make = g_array_new(FALSE, FALSE, sizeof(pending_output));
    g_array_set_clear_func(to_make, pending_clear);
    bool ok = a != NULL;
    if (ok) {
        begin_version(o, &p, a);
        ok = add_outputs(o, &p, a, to_make, error);
    }
    bool changed = ok && archive_changed(a);
    if (changed)
        ok = make_outputs(o, &p, a, to_make, error) && add_redlines(o, &p, a, error) &&
             archive_commit(a, error);
    if (ok)
        fill_result(result, a, changed);
    g_array_free(to_make, TRUE);
    archive_close(a);
    plan_free(&p);
    return ok;
}

void build_result_clear(build_result *r)
{
    g_free(r->archive_dir);
    if (r->rebuilt)
        g_ptr_array_free(r->rebuilt, TRUE);
    if (r->carried)
        g_ptr_array_free(r->carried, TRUE);
    if (r->redlines)
        g_ptr_array_free(r->redlines, TRUE);
    memset(r, 0, sizeof *r);
}

/* ---- build_rebuild ---------------------------------------------------------------- */

/* A redline of the version r again: the same comparison, with the
 * compared version's archived tree and r's recorded time and author. */
static GBytes *remake_redline(const char *archive_dir, const char *schema,
                              const archive_record *r, const archive_output *want,
                              const build_plan *p, const write_options *opt, GError **error)
{
    for (guint i = 0; i < p->docs->len; i++) {
        const inputs_document *d = g_ptr_array_index(p->report->documents, i);
        for (size_t k = 0; k < 2 * G_N_ELEMENTS(redline_writers); k++) {
            size_t w = k % G_N_ELEMENTS(redline_writers);
            bool full = k >= G_N_ELEMENTS(redline_writers);
            char *name = redline_name(d, w, full);
            bool match = g_str_equal(name, want->name);
            g_free(name);
            if (!match)
                continue;
            if (full && !g_ptr_array_index(p->fulls, i))
                break; /* no full version now: said below */
            archive_record *old_record =
                archive_load_version(archive_dir, want->compared_with, schema, error);
            char *tree = old_record ? compared_tree(d, old_record, full) : NULL;
            if (old_record && !tree)
                xmlload_error_at(error, PAPERS_ERROR_INPUT, want->name, 0,
                                 "v%d has no full version to compare with", want->compared_with);
            doc_document *old_doc =
                tree ? redline_load_tree(archive_dir, old_record, tree, error) : NULL;
            GError *e = NULL;
            doc_document *red =
                old_doc ? redline_of(p, i, full, old_doc, old_record, r, &e) : NULL;
            GBytes *bytes = NULL;
            if (red)
                bytes = render_tree(red, full ? &p->exempt_style : p->style,
                                    redline_writers[w].write, opt, want->name, error);
            else if (old_doc)
                xmlload_error_at(error, PAPERS_ERROR_INPUT, want->name, 0, "%s",
                                 e ? e->message : "the restored inputs make no redline");
            g_clear_error(&e);
            doc_document_free(red);
            doc_document_free(old_doc);
            g_free(tree);
            archive_record_free(old_record);
            return bytes;
        }
    }
    xmlload_error_at(error, PAPERS_ERROR_INPUT, want->name, 0,
                     "the restored inputs of v%d have no document this is the redline of",
                     r->number);
    return NULL;
}

/* The document output called name made again, into *bytes (left NULL
 * when no document's public or full version has that name); false on a
 * writer's error. */
static bool render_by_name(const build_plan *p, const char *name, const write_options *opt,
                           GBytes **bytes, GError **error)
{
    for (guint i = 0; i < p->docs->len; i++) {
        for (size_t k = 0; k < 2 * G_N_ELEMENTS(writers); k++) {
            size_t w = k % G_N_ELEMENTS(writers);
            bool full = k >= G_N_ELEMENTS(writers);
            if (full && !has_full_version(p, i, w))
                continue;
            char *candidate = output_name(p, i, w, full);
            bool match = g_str_equal(candidate, name);
            g_free(candidate);
            if (match)
                return (*bytes = render(p, i, w, full, opt, name, error)) != NULL;
        }
    }
    return true;
}

/* Write each output the record lists, in the record's order, and compare. */
static bool export_outputs(const char *archive_dir, const char *schema, const archive_record *r,
                           const build_plan *p, const write_options *opt, const char *out_dir,
                           build_rebuild_result *result, GError **error)
{
    for (guint k = 0; k < r->outputs->len; k++) {
        const archive_output *want = g_ptr_array_index(r->outputs, k);
        GBytes *bytes = NULL;
        if (want->redline && !(bytes = remake_redline(archive_dir, schema, r, want, p, opt,
                                                       error)))
            return false;
        if (!bytes && !render_by_name(p, want->name, opt, &bytes, error))
            return false;
        if (!bytes && g_str_equal(want->name, HTML_INDEX_NAME) &&
            !(bytes = render_index(p, record_formats(r), error)))
            return false;
        if (!bytes) {
            xmlload_error_at(error, PAPERS_ERROR_INPUT, want->name, 0,
                             "the restored inputs of v%d do not make this output", r->number);
            return false;
        }
        char sha[ARCHIVE_SHA256_HEX];
        archive_sha256(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), sha);
        if (!g_str_equal(sha, want->sha256))
            g_ptr_array_add(result->differing, g_strdup(want->name));
        bool ok = archive_export(out_dir, want->name, bytes, error);
        g_bytes_unref(bytes);
        if (!ok)
            return false;
        g_ptr_array_add(result->written, g_build_filename(out_dir, want->name, NULL));
    }
    return true;
}

bool build_rebuild(const char *archive_dir, const char *version, const char *out_dir,
                   const char *archive_schema, build_rebuild_result *result, GError **error)
{
    memset(result, 0, sizeof *result);
    result->written = g_ptr_array_new_with_free_func(g_free);
    result->differing = g_ptr_array_new_with_free_func(g_free);
    int number = archive_parse_version(archive_dir, version);
    if (!number) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, archive_dir, 0,
                         "'%s' is not a version (write v1, v2, ... or latest)", version);
        return false;
    }
    archive_record *r = archive_load_version(archive_dir, number, archive_schema, error);
    if (!r)
        return false;
    result->version = number;
    result->recorded_pipeline = g_strdup(r->pipeline_version);
    char *tmp = g_dir_make_tmp("papers-rebuild-XXXXXX", NULL);
    char *roots[DEP_ROOT_COUNT] = {0};
    bool ok = tmp ? archive_restore_inputs(archive_dir, r, tmp, roots, error)
                  : (g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT,
                                 "cannot make a temporary folder: %s", g_strerror(errno)),
                     false);
    build_options o = {.input_dir = roots[DEP_ROOT_INPUT],
                       .profile_dir = roots[DEP_ROOT_PROFILE],
                       .template_dir = roots[DEP_ROOT_TEMPLATES],
                       .schema_dir = roots[DEP_ROOT_SCHEMAS],
                       .write = {.source_date_epoch = r->source_date_epoch},
                       .exempt_versions = r->exempt_versions};
    build_plan p = {0};
    ok = ok && plan(&o, &p, error) &&
         export_outputs(archive_dir, archive_schema, r, &p, &o.write, out_dir, result, error);
    plan_free(&p);
    for (int i = 0; i < DEP_ROOT_COUNT; i++)
        g_free(roots[i]);
    if (tmp)
        archive_remove_tree(tmp);
    g_free(tmp);
    archive_record_free(r);
    return ok;
}

void build_rebuild_result_clear(build_rebuild_result *r)
{
    g_free(r->recorded_pipeline);
    if (r->written)
        g_ptr_array_free(r->written, TRUE);
    if (r->differing)
        g_ptr_array_free(r->differing, TRUE);
    memset(r, 0, sizeof *r);
}
