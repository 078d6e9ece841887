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
 */
#include "build.h"
#include "archive.h"
#include "inputs.h"
#include "merge.h"
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
                        "unknown format '%s' (use txt, docx, pdf or tree.xml)", name);
            ok = false;
        }
    }
    g_strfreev(names);
    return ok && *formats != 0;
}

/* ---- plan: validate and merge, recording what each document read ---------- */

typedef struct {
    inputs_report *report;
    house_style *style;
    build_deps *style_read;
    GPtrArray *docs;  /* doc_document *, one per report->documents */
    GPtrArray *reads; /* build_deps *, one per document: every file it was made from */
} build_plan;

static void plan_free(build_plan *p)
{
    if (p->docs)
        g_ptr_array_free(p->docs, TRUE);
    if (p->reads)
        g_ptr_array_free(p->reads, TRUE);
    build_deps_free(p->style_read);
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
        doc = merge_document(p->report, d, template_path, o->schema_dir, p->style, read,
                             error);
    g_free(template_path);
    return doc;
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
    p->docs = g_ptr_array_new_with_free_func((GDestroyNotify)doc_document_free);
    p->reads = g_ptr_array_new_with_free_func((GDestroyNotify)build_deps_free);
    for (guint i = 0; i < p->report->documents->len; i++) {
        build_deps *read = build_deps_new();
        g_ptr_array_add(p->reads, read);
        doc_document *doc =
            merge_one(o, p, g_ptr_array_index(p->report->documents, i), read, error);
        if (!doc)
            return false;
        g_ptr_array_add(p->docs, doc);
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

static char *output_name(const build_plan *p, guint doc, size_t writer)
{
    const inputs_document *d = g_ptr_array_index(p->report->documents, doc);
    return g_strdup_printf("%s.%s", d->output, writers[writer].name);
}

static GBytes *render(const build_plan *p, guint doc, size_t writer, const write_options *opt,
                      const char *name, GError **error)
{
    GByteArray *bytes = g_byte_array_new();
    write_sink sink;
    write_sink_to_bytes(&sink, bytes);
    GError *e = NULL;
    if (!writers[writer].write(g_ptr_array_index(p->docs, doc), p->style, opt, &sink, &e)) {
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

/* ---- build_report ------------------------------------------------------------------ */

typedef struct {
    guint doc;
    size_t writer;
    char *name;
} pending_output;

/* Tell the archive every output and what it was made from; collect those
 * it cannot carry from the newest version. */
static bool add_outputs(const build_options *o, const build_plan *p, archive *a,
                        GArray *to_make, GError **error)
{
    unsigned formats = o->formats | BUILD_TREE;
    for (guint i = 0; i < p->docs->len; i++) {
        for (size_t w = 0; w < G_N_ELEMENTS(writers); w++) {
            if (!(formats & writers[w].format))
                continue;
            char *name = output_name(p, i, w);
            bool carry = false;
            if (!archive_add_output(a, name, writers[w].name, g_ptr_array_index(p->reads, i),
                                    &carry, error)) {
                g_free(name);
                return false;
            }
            pending_output po = {i, w, name};
            if (carry)
                g_free(name);
            else
                g_array_append_val(to_make, po);
        }
    }
    return true;
}

static bool make_outputs(const build_options *o, const build_plan *p, archive *a,
                         GArray *to_make, GError **error)
{
    for (guint i = 0; i < to_make->len; i++) {
        const pending_output *po = &g_array_index(to_make, pending_output, i);
        GBytes *bytes = render(p, po->doc, po->writer, &o->write, po->name, error);
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
        g_ptr_array_add(out->carried_from ? r->carried : r->rebuilt, g_strdup(out->name));
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
    };
    archive_begin(a, &info);
}

bool build_report(const build_options *o, build_result *result, GError **error)
{
    memset(result, 0, sizeof *result);
    result->rebuilt = g_ptr_array_new_with_free_func(g_free);
    result->carried = g_ptr_array_new_with_free_func(g_free);
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
        ok = make_outputs(o, &p, a, to_make, error) && archive_commit(a, error);
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
    memset(r, 0, sizeof *r);
}

/* ---- build_rebuild ---------------------------------------------------------------- */

/* Write each output the record lists, in the record's order, and compare. */
static bool export_outputs(const archive_record *r, const build_plan *p,
                           const write_options *opt, const char *out_dir,
                           build_rebuild_result *result, GError **error)
{
    for (guint k = 0; k < r->outputs->len; k++) {
        const archive_output *want = g_ptr_array_index(r->outputs, k);
        GBytes *bytes = NULL;
        for (guint i = 0; i < p->docs->len && !bytes; i++) {
            for (size_t w = 0; w < G_N_ELEMENTS(writers) && !bytes; w++) {
                char *name = output_name(p, i, w);
                if (g_str_equal(name, want->name) &&
                    !(bytes = render(p, i, w, opt, name, error))) {
                    g_free(name);
                    return false;
                }
                g_free(name);
            }
        }
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
                       .write = {.source_date_epoch = r->source_date_epoch}};
    build_plan p = {0};
    ok = ok && plan(&o, &p, error) && export_outputs(r, &p, &o.write, out_dir, result, error);
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
