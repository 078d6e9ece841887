/*
 * fuzz_common.c - shared set-up of the fuzz targets (see fuzz_common.h).
 */
#include "fuzz_common.h"
#include "guard.h"
#include "merge.h"
#include "write.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *work;           /* the temporary folder */
static char *inputs_copy;    /* work/inputs */
static GHashTable *originals; /* path -> GBytes: files replaced since the last restore */

/* A GLib or pango warning is a bug of ours (invalid UTF-8 handed to pango,
 * a NULL where an object belongs): stop, so libFuzzer keeps the input. */
static GLogWriterOutput fatal_log(GLogLevelFlags level, const GLogField *fields,
                                  gsize n_fields, gpointer data)
{
    (void)data;
    if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE))
        return G_LOG_WRITER_HANDLED;
    g_log_writer_standard_streams(level, fields, n_fields, NULL);
    abort();
}

static void copy_tree(const char *from, const char *to)
{
    g_mkdir_with_parents(to, 0755);
    GDir *d = g_dir_open(from, 0, NULL);
    if (!d)
        abort();
    for (const char *name; (name = g_dir_read_name(d));) {
        char *src = g_build_filename(from, name, NULL);
        char *dst = g_build_filename(to, name, NULL);
        if (g_file_test(src, G_FILE_TEST_IS_DIR)) {
            copy_tree(src, dst);
        } else {
            char *bytes = NULL;
            gsize len = 0;
            if (!g_file_get_contents(src, &bytes, &len, NULL))
                abort();
            fuzz_write_file(dst, (const uint8_t *)bytes, len);
            g_free(bytes);
        }
        g_free(src);
        g_free(dst);
    }
    g_dir_close(d);
}

static void remove_tree(const char *path)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        GDir *d = g_dir_open(path, 0, NULL);
        for (const char *name; d && (name = g_dir_read_name(d));) {
            char *child = g_build_filename(path, name, NULL);
            remove_tree(child);
            g_free(child);
        }
        if (d)
            g_dir_close(d);
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

static void remove_work(void)
{
    if (work)
        remove_tree(work);
}

/* Smaller limits than a real run: each input stays fast, and the code that
 * refuses what is over a limit runs often.  A test of the limits' values is
 * the bad-input corpus's job, not the fuzzer's. */
static void small_limits(void)
{
    static const char *const limits[][2] = {
        {"PAPERS_MAX_REPEAT", "500"},
        {"PAPERS_MAX_STEPS", "20000"},
        {"PAPERS_MAX_XPATH_STEPS", "200000"},
        {"PAPERS_MAX_PAGES", "40"},
        {"PAPERS_MAX_INPUT_BYTES", "200000"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(limits); i++)
        g_setenv(limits[i][0], limits[i][1], FALSE);
}

void fuzz_init(void)
{
    if (work)
        return;
    guard_quiet_libraries(fatal_log);
    small_limits();
    const char *shm = g_file_test("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir();
    char *template = g_build_filename(shm, "papers-fuzz-XXXXXX", NULL);
    work = g_mkdtemp(template);
    if (!work)
        abort();
    atexit(remove_work);
    inputs_copy = g_build_filename(work, "inputs", NULL);
    char *inputs = fuzz_repo_path("inputs");
    copy_tree(inputs, inputs_copy);
    g_free(inputs);
    originals = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)g_bytes_unref);
}

const char *fuzz_repo(void)
{
    const char *env = g_getenv("PAPERS_HOME");
    return env && *env ? env : PAPERS_HOME;
}

char *fuzz_repo_path(const char *sub)
{
    return g_build_filename(fuzz_repo(), sub, NULL);
}

const char *fuzz_inputs_dir(void)
{
    return inputs_copy;
}

inputs_home fuzz_home(void)
{
    static char *templates, *schemas, *profiles;
    if (!templates) {
        templates = fuzz_repo_path("templates");
        schemas = fuzz_repo_path("schemas");
        profiles = fuzz_repo_path("profiles");
    }
    return (inputs_home){templates, schemas, profiles, NULL};
}

static bool plain_name(const char *s)
{
    return *s && !strchr(s, '/') && !g_str_equal(s, ".") && !g_str_equal(s, "..");
}

bool fuzz_split(const uint8_t *data, size_t size, char **report, char **name,
                const uint8_t **rest, size_t *rest_size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl || nl - data > 200)
        return false;
    char *line = g_strndup((const char *)data, (gsize)(nl - data));
    char *slash = strchr(line, '/');
    bool ok = slash != NULL;
    if (ok) {
        *slash = '\0';
        ok = plain_name(line) && plain_name(slash + 1);
    }
    if (ok) {
        *report = g_strdup(line);
        *name = g_strdup(slash + 1);
        *rest = nl + 1;
        *rest_size = size - (size_t)(nl + 1 - data);
    }
    g_free(line);
    return ok;
}

void fuzz_write_file(const char *path, const uint8_t *bytes, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(bytes, 1, size, f) != size) || fclose(f) != 0)
        abort();
}

bool fuzz_replace(const char *report, const char *name, const uint8_t *bytes, size_t size)
{
    char *path = g_build_filename(inputs_copy, report, name, NULL);
    char *old = NULL;
    gsize len = 0;
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents(path, &old, &len, NULL)) {
        g_free(path);
        return false;
    }
    if (!g_hash_table_contains(originals, path))
        g_hash_table_insert(originals, g_strdup(path), g_bytes_new_take(old, len));
    else
        g_free(old);
    fuzz_write_file(path, bytes, size);
    g_free(path);
    return true;
}

void fuzz_restore(void)
{
    GHashTableIter it;
    gpointer path, bytes;
    g_hash_table_iter_init(&it, originals);
    while (g_hash_table_iter_next(&it, &path, &bytes)) {
        gsize len = 0;
        const uint8_t *data = g_bytes_get_data(bytes, &len);
        fuzz_write_file(path, data, len);
    }
    g_hash_table_remove_all(originals);
}

void fuzz_write_all(const doc_document *doc, const house_style *style)
{
    static const write_fn writers[] = {write_txt, write_tree, write_docx, write_pdf};
    write_options opt = {.source_date_epoch = 1576540800};
    for (size_t w = 0; w < G_N_ELEMENTS(writers); w++) {
        GByteArray *bytes = g_byte_array_new();
        write_sink sink;
        write_sink_to_bytes(&sink, bytes);
        GError *error = NULL;
        writers[w](doc, style, &opt, &sink, &error);
        g_clear_error(&error);
        g_byte_array_free(bytes, TRUE);
    }
}

/* Does the document use the data file (its variable is the file's name
 * without .xml)? */
static bool uses(const inputs_document *d, const char *file)
{
    if (!file || g_str_equal(file, "report.xml"))
        return true;
    for (guint i = 0; i < d->data->len; i++) {
        char *with_xml = g_strconcat(g_ptr_array_index(d->data, i), ".xml", NULL);
        bool same = g_str_equal(with_xml, file);
        g_free(with_xml);
        if (same)
            return true;
    }
    return false;
}

void fuzz_build(const char *report_name, const char *file, bool write_all)
{
    char *dir = g_build_filename(inputs_copy, report_name, NULL);
    inputs_home home = fuzz_home();
    GError *error = NULL;
    inputs_report *report = inputs_load(dir, &home, &error);
    g_clear_error(&error);
    char *style_path = report ? inputs_find_house_style(report) : NULL;
    house_style *style = style_path ? style_load(style_path, home.schemas_dir, NULL, &error) : NULL;
    g_clear_error(&error);
    for (guint i = 0; style && i < report->documents->len; i++) {
        const inputs_document *d = g_ptr_array_index(report->documents, i);
        if (!uses(d, file))
            continue;
        char *template_path = inputs_find_template(report, d->template_file);
        doc_document *doc = template_path ? merge_document(report, d, template_path,
                                                           home.schemas_dir, style, NULL, &error)
                                          : NULL;
        g_clear_error(&error);
        if (doc && write_all)
            fuzz_write_all(doc, style);
        doc_document_free(doc);
        g_free(template_path);
    }
    style_free(style);
    g_free(style_path);
    inputs_free(report);
    g_free(dir);
}
