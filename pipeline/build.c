/*
 * build.c - one report from input folder to archive (see build.h).
 *
 * Order matters for "bad input never loses data": every input is validated
 * and every document merged before the first byte is written, and writing
 * happens in a staging folder beside the report's archive folder (same file
 * system), whose files are renamed into place only when all succeeded.
 */
#include "build.h"
#include "inputs.h"
#include "merge.h"
#include "style.h"
#include "xmlload.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

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

/* Every document of the report, merged; NULL on the first error. */
static GPtrArray *merge_all(const build_options *o, const inputs_report *report,
                            const house_style *style, GError **error)
{
    GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)doc_document_free);
    for (guint i = 0; i < report->documents->len; i++) {
        const inputs_document *d = g_ptr_array_index(report->documents, i);
        char *template_path = inputs_find_template(report, d->template_file);
        doc_document *doc = NULL;
        if (!template_path)
            xmlload_error_at(error, PAPERS_ERROR_TEMPLATE, report->manifest_path, d->line,
                             "there is no template %s in the report folder's templates/%s or "
                             "the shipped templates",
                             d->template_file, report->profile_dir ? ", the profile's" : "");
        else
            doc = merge_document(report, d, template_path, o->schema_dir, style, error);
        g_free(template_path);
        if (!doc) {
            g_ptr_array_free(docs, TRUE);
            return NULL;
        }
        g_ptr_array_add(docs, doc);
    }
    return docs;
}

typedef struct {
    inputs_report *report;
    house_style *style;
    GPtrArray *docs; /* doc_document *, one per report->documents */
} build_plan;

static void plan_free(build_plan *p)
{
    if (p->docs)
        g_ptr_array_free(p->docs, TRUE);
    style_free(p->style);
    inputs_free(p->report);
}

/* Validate and merge everything; nothing is written. */
static bool plan(const build_options *o, build_plan *p, GError **error)
{
    memset(p, 0, sizeof *p);
    inputs_home home = {o->template_dir, o->schema_dir, o->profiles_dir};
    xmlload_set_schema_home(o->schema_dir);
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
    p->style = style_load(style_path, o->schema_dir, error);
    g_free(style_path);
    if (!p->style)
        return false;
    p->docs = merge_all(o, p->report, p->style, error);
    return p->docs != NULL;
}

bool build_check(const build_options *o, GError **error)
{
    build_plan p;
    bool ok = plan(o, &p, error);
    plan_free(&p);
    return ok;
}

static void remove_tree(const char *path)
{
    GDir *dir = g_dir_open(path, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name(dir))) {
        char *child = g_build_filename(path, name, NULL);
        g_unlink(child);
        g_free(child);
    }
    if (dir)
        g_dir_close(dir);
    g_rmdir(path);
}

static bool output_error(GError **error, const char *path, const char *what)
{
    g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT, "%s: %s", path, what);
    return false;
}

/* Save bytes as staging/name, flushed to disk before the caller goes on. */
static bool stage_file(const char *staging, const char *name, const GByteArray *bytes,
                       GError **error)
{
    char *path = g_build_filename(staging, name, NULL);
    int fd = g_open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    for (gsize done = 0; ok && done < bytes->len;) {
        ssize_t n = write(fd, bytes->data + done, bytes->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += ok ? (gsize)n : 0;
    }
    ok = ok && fsync(fd) == 0;
    if (!ok)
        output_error(error, path, g_strerror(errno ? errno : EIO));
    if (fd >= 0 && close(fd) != 0 && ok)
        ok = output_error(error, path, g_strerror(errno));
    g_free(path);
    return ok;
}

/* Write every document in every format into staging. */
static bool write_all(const build_options *o, const build_plan *p, const char *staging,
                      GPtrArray *names, GError **error)
{
    for (guint i = 0; i < p->docs->len; i++) {
        const inputs_document *d = g_ptr_array_index(p->report->documents, i);
        const doc_document *doc = g_ptr_array_index(p->docs, i);
        for (size_t w = 0; w < G_N_ELEMENTS(writers); w++) {
            if (!(o->formats & writers[w].format))
                continue;
            char *name = g_strdup_printf("%s.%s", d->output, writers[w].name);
            GByteArray *bytes = g_byte_array_new();
            write_sink sink;
            write_sink_to_bytes(&sink, bytes);
            GError *e = NULL;
            bool ok = writers[w].write(doc, p->style, &o->write, &sink, &e);
            if (!ok) {
                g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT, "%s: %s", name,
                            e ? e->message : "could not be written");
                g_clear_error(&e);
            }
            ok = ok && stage_file(staging, name, bytes, error);
            g_byte_array_free(bytes, TRUE);
            if (!ok) {
                g_free(name);
                return false;
            }
            g_ptr_array_add(names, name);
        }
    }
    return true;
}

/* Move staged files into the archive folder. */
static bool commit(const char *staging, const char *target, GPtrArray *names,
                   GPtrArray *written, GError **error)
{
    for (guint i = 0; i < names->len; i++) {
        char *from = g_build_filename(staging, g_ptr_array_index(names, i), NULL);
        char *to = g_build_filename(target, g_ptr_array_index(names, i), NULL);
        bool ok = g_rename(from, to) == 0;
        if (!ok)
            output_error(error, to, g_strerror(errno));
        else if (written)
            g_ptr_array_add(written, g_strdup(to));
        g_free(from);
        g_free(to);
        if (!ok)
            return false;
    }
    return true;
}

bool build_report(const build_options *o, GPtrArray *written, GError **error)
{
    build_plan p;
    if (!plan(o, &p, error)) {
        plan_free(&p);
        return false;
    }
    char *target = g_build_filename(o->output_root, p.report->name, NULL);
    bool ok = g_mkdir_with_parents(target, 0755) == 0;
    if (!ok)
        output_error(error, target, g_strerror(errno));
    char *staging = ok ? g_build_filename(o->output_root, ".staging-XXXXXX", NULL) : NULL;
    if (ok && !g_mkdtemp(staging))
        ok = output_error(error, staging, g_strerror(errno));
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    if (ok)
        ok = write_all(o, &p, staging, names, error) &&
             commit(staging, target, names, written, error);
    if (staging)
        remove_tree(staging);
    g_ptr_array_free(names, TRUE);
    g_free(staging);
    g_free(target);
    plan_free(&p);
    return ok;
}
