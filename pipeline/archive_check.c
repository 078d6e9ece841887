/*
 * archive_check.c - papers verify and papers history: read an archive and
 * say what is in it (see archive.h).  Nothing here writes.
 */
#include "archive.h"
#include "xmlload.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Names the build keeps beside the versions (archive.c). */
#define STORE "store"
#define LATEST "latest"

typedef struct {
    const char *dir;
    const char *schema_path;
    FILE *out;
    int problems;
    guint versions, files; /* files: outputs of versions */
    guint stored;          /* stored inputs */
    GHashTable *referenced; /* sha256 -> TRUE: inputs some version names */
    guint unfinished;       /* staging folders and temporary files */
    guint unreferenced;     /* stored inputs no version names */
    GString *notes;
} verify_state;

static void problem(verify_state *v, const char *what, const char *path, const char *why)
{
    v->problems++;
    if (why)
        fprintf(v->out, "%s: %s (%s)\n", what, path, why);
    else
        fprintf(v->out, "%s: %s\n", what, path);
}

static void note(verify_state *v, const char *text)
{
    g_string_append_printf(v->notes, "; %s", text);
}

/* The SHA-256 of a file's bytes, or "" if it cannot be read. */
static void hash_file(const char *path, char sha[ARCHIVE_SHA256_HEX])
{
    char *data;
    gsize len;
    sha[0] = 0;
    if (g_file_get_contents(path, &data, &len, NULL)) {
        archive_sha256(data, len, sha);
        g_free(data);
    }
}

static int compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The entries of a folder in byte order, so reports come out the same
 * every time. */
static GPtrArray *sorted_names(const char *path)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(name));
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(names, compare_names);
    return names;
}

/* ---- verify ------------------------------------------------------------------ */

static void verify_output(verify_state *v, const char *vdir, const archive_output *out)
{
    char *path = g_build_filename(vdir, out->name, NULL);
    char sha[ARCHIVE_SHA256_HEX];
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        problem(v, "missing", path, NULL);
    } else {
        hash_file(path, sha);
        if (!g_str_equal(sha, out->sha256))
            problem(v, "changed", path, "its SHA-256 is not the one its manifest records");
        v->files++;
    }
    g_free(path);
}

/* A file in the version folder that its manifest does not list. */
static void find_extra(verify_state *v, const char *vdir, const archive_record *r)
{
    GPtrArray *names = sorted_names(vdir);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        if (!g_str_equal(name, ARCHIVE_MANIFEST) && !archive_record_find_output(r, name)) {
            char *path = g_build_filename(vdir, name, NULL);
            problem(v, "extra", path, "not in its manifest");
            g_free(path);
        }
    }
    g_ptr_array_free(names, TRUE);
}

/* Each input a version names must be in the store (the store walk checks
 * the contents). */
static void verify_inputs(verify_state *v, const archive_record *r, const char *manifest)
{
    for (guint i = 0; i < r->inputs->len; i++) {
        const archive_input *in = g_ptr_array_index(r->inputs, i);
        if (g_hash_table_contains(v->referenced, in->sha256))
            continue;
        g_hash_table_add(v->referenced, g_strdup(in->sha256));
        char *path = archive_store_path(v->dir, in->sha256);
        if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            char *why = g_strdup_printf("%s %s of %s", dep_role_name(in->role), in->path,
                                        manifest);
            problem(v, "missing", path, why);
            g_free(why);
        }
        g_free(path);
    }
}

/* vN's manifest records the SHA-256 of the manifest before it: a changed
 * manifest cannot pass unseen unless it is the newest. */
static void verify_chain(verify_state *v, const archive_record *r)
{
    if (!r->previous)
        return;
    char *path = g_strdup_printf("%s/v%d/%s", v->dir, r->previous, ARCHIVE_MANIFEST);
    char sha[ARCHIVE_SHA256_HEX];
    hash_file(path, sha);
    if (!sha[0]) {
        char *why = g_strdup_printf("v%d names it as the version before", r->number);
        problem(v, "missing", path, why);
        g_free(why);
    } else if (!g_str_equal(sha, r->previous_manifest_sha256)) {
        char *why = g_strdup_printf("v%d recorded another SHA-256 for it", r->number);
        problem(v, "changed", path, why);
        g_free(why);
    }
    g_free(path);
}

static void verify_version(verify_state *v, const char *name)
{
    char *vdir = g_build_filename(v->dir, name, NULL);
    char *manifest = g_build_filename(vdir, ARCHIVE_MANIFEST, NULL);
    GError *e = NULL;
    archive_record *r = NULL;
    v->versions++;
    if (!g_file_test(manifest, G_FILE_TEST_IS_REGULAR))
        problem(v, "missing", manifest, NULL);
    else if (!(r = archive_record_load(manifest, v->schema_path, &e)))
        problem(v, "changed", manifest, e->message);
    else if (r->number != archive_version_number(name))
        problem(v, "changed", manifest, "it records another version number");
    g_clear_error(&e);
    if (r) {
        for (guint i = 0; i < r->outputs->len; i++)
            verify_output(v, vdir, g_ptr_array_index(r->outputs, i));
        find_extra(v, vdir, r);
        verify_inputs(v, r, manifest);
        verify_chain(v, r);
    }
    archive_record_free(r);
    g_free(manifest);
    g_free(vdir);
}

static bool is_hex(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isxdigit(s[i]) || g_ascii_isupper(s[i]))
            return false;
    return true;
}

static void verify_stored(verify_state *v, const char *prefix, const char *name,
                          const char *path)
{
    if (!is_hex(name, ARCHIVE_SHA256_HEX - 3) || !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        problem(v, "extra", path, "not a stored input");
        return;
    }
    char *address = g_strconcat(prefix, name, NULL);
    char sha[ARCHIVE_SHA256_HEX];
    hash_file(path, sha);
    if (!g_str_equal(sha, address))
        problem(v, "changed", path, "its contents do not match its name");
    else if (!g_hash_table_contains(v->referenced, address))
        v->unreferenced++;
    v->stored++;
    g_free(address);
}

static void verify_store(verify_state *v)
{
    char *store = g_build_filename(v->dir, STORE, NULL);
    GPtrArray *prefixes = sorted_names(store);
    for (guint i = 0; i < prefixes->len; i++) {
        const char *prefix = g_ptr_array_index(prefixes, i);
        char *sub = g_build_filename(store, prefix, NULL);
        if (g_str_has_prefix(prefix, ".incoming-")) {
            v->unfinished++;
        } else if (!is_hex(prefix, 2) || !g_file_test(sub, G_FILE_TEST_IS_DIR)) {
            problem(v, "extra", sub, "not a stored input");
        } else {
            GPtrArray *names = sorted_names(sub);
            for (guint k = 0; k < names->len; k++) {
                char *path = g_build_filename(sub, g_ptr_array_index(names, k), NULL);
                verify_stored(v, prefix, g_ptr_array_index(names, k), path);
                g_free(path);
            }
            g_ptr_array_free(names, TRUE);
        }
        g_free(sub);
    }
    g_ptr_array_free(prefixes, TRUE);
    g_free(store);
}

/* latest must name a complete version; naming an older one is what a
 * build killed after its commit leaves, and the next build repairs it. */
static void verify_latest(verify_state *v, int newest)
{
    char *path = g_build_filename(v->dir, LATEST, NULL);
    GStatBuf st;
    char *target = NULL;
    if (g_lstat(path, &st) != 0) {
        if (newest)
            problem(v, "missing", path, NULL);
    } else if (!S_ISLNK(st.st_mode) || !(target = g_file_read_link(path, NULL))) {
        problem(v, "changed", path, "not a symbolic link");
    } else {
        int n = archive_version_number(target);
        char *manifest = g_build_filename(v->dir, target, ARCHIVE_MANIFEST, NULL);
        if (!n || !g_file_test(manifest, G_FILE_TEST_IS_REGULAR)) {
            char *why = g_strdup_printf("points to %s, not a version", target);
            problem(v, "changed", path, why);
            g_free(why);
        } else if (n != newest) {
            char *text = g_strdup_printf("latest points to %s, the newest is v%d (the next "
                                         "build switches it)", target, newest);
            note(v, text);
            g_free(text);
        }
        g_free(manifest);
    }
    g_free(target);
    g_free(path);
}

static int compare_ints(gconstpointer a, gconstpointer b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Everything at the top of the archive folder: versions in number order,
 * then the rest in name order.  Returns the newest version's number. */
static int verify_top(verify_state *v)
{
    GPtrArray *names = sorted_names(v->dir);
    GArray *numbers = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *path = g_build_filename(v->dir, name, NULL);
        int n = archive_version_number(name);
        if (n && g_file_test(path, G_FILE_TEST_IS_DIR))
            g_array_append_val(numbers, n);
        else if (g_str_has_prefix(name, ".staging-") || g_str_equal(name, ".latest.tmp"))
            v->unfinished++;
        else if (!g_str_equal(name, ".lock") && !g_str_equal(name, LATEST) &&
                 !g_str_equal(name, STORE))
            problem(v, "extra", path, "not part of the archive");
        g_free(path);
    }
    g_array_sort(numbers, compare_ints);
    for (guint i = 0; i < numbers->len; i++) {
        char name[24];
        g_snprintf(name, sizeof name, "v%d", g_array_index(numbers, int, i));
        verify_version(v, name);
    }
    int newest = numbers->len ? g_array_index(numbers, int, numbers->len - 1) : 0;
    g_array_free(numbers, TRUE);
    g_ptr_array_free(names, TRUE);
    return newest;
}

int archive_verify(const char *dir, const char *schema_path, FILE *out, GError **error)
{
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, dir, 0, "no such archive folder");
        return -1;
    }
    verify_state v = {.dir = dir, .schema_path = schema_path, .out = out,
                      .referenced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                      .notes = g_string_new(NULL)};
    int newest = verify_top(&v);
    verify_store(&v);
    verify_latest(&v, newest);
    if (v.unfinished) {
        char *text = g_strdup_printf("%u unfinished file(s) of an interrupted or running "
                                     "build (the next build removes them)", v.unfinished);
        note(&v, text);
        g_free(text);
    }
    if (v.unreferenced) {
        char *text = g_strdup_printf("%u stored input(s) no version names (the next build "
                                     "after an interrupted one removes them)", v.unreferenced);
        note(&v, text);
        g_free(text);
    }
    if (v.problems == 0)
        fprintf(out, "%s: %u version(s) verified: %u file(s) match their manifests, %u stored "
                     "input(s) match their names%s\n",
                dir, v.versions, v.files, v.stored, v.notes->str);
    else
        fprintf(out, "%s: %d problem(s) found\n", dir, v.problems);
    g_hash_table_destroy(v.referenced);
    g_string_free(v.notes, TRUE);
    return v.problems;
}

/* ---- history ------------------------------------------------------------------ */

static void list_names(GString *s, const archive_record *r, bool carried)
{
    bool first = true;
    for (guint i = 0; i < r->outputs->len; i++) {
        const archive_output *o = g_ptr_array_index(r->outputs, i);
        if ((o->carried_from != 0) != carried || o->redline)
            continue;
        g_string_append(s, first ? "" : ", ");
        g_string_append(s, o->name);
        first = false;
    }
}

static void print_outputs(FILE *out, const archive_record *r)
{
    guint rebuilt = archive_record_count_rebuilt(r);
    guint carried = archive_record_count_documents(r) - rebuilt;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "  outputs: %u made", rebuilt);
    if (rebuilt && carried) {
        g_string_append(s, " (");
        list_names(s, r, false);
        g_string_append(s, ")");
    }
    if (carried)
        g_string_append_printf(s, ", %u carried from v%d", carried, r->previous);
    fprintf(out, "%s\n", s->str);
    g_string_truncate(s, 0);
    for (guint i = 0; i < r->outputs->len; i++) {
        const archive_output *o = g_ptr_array_index(r->outputs, i);
        if (o->redline)
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", o->name);
    }
    if (s->len)
        fprintf(out, "  redlines (changes since v%d): %s\n", r->previous, s->str);
    g_string_truncate(s, 0);
    for (guint i = 0; i < r->outputs->len; i++) {
        const archive_output *o = g_ptr_array_index(r->outputs, i);
        if (o->exempt)
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", o->name);
    }
    if (s->len)
        fprintf(out, "  exempt, NOT FOR PUBLICATION: %s\n", s->str);
    g_string_free(s, TRUE);
}

/* "data agreement.xml", "added schema x.xsd": one entry of a list. */
static void change_line(GString *s, const char *what, const archive_input *in)
{
    g_string_append_printf(s, "%s%s%s%s %s", s->len ? "; " : "", what ? what : "",
                           what ? " " : "", dep_role_name(in->role), in->path);
}

/* Inputs changed, added and removed since the version before. */
static void print_inputs(FILE *out, const archive_record *r, const archive_record *before)
{
    if (!r->previous) {
        fprintf(out, "  inputs: %u (the first version)\n", r->inputs->len);
        return;
    }
    if (!before) {
        fprintf(out, "  inputs changed: unknown (v%d cannot be read)\n", r->previous);
        return;
    }
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < r->inputs->len; i++) {
        const archive_input *in = g_ptr_array_index(r->inputs, i);
        const archive_input *was = archive_record_find_input(before, in->role, in->path);
        if (!was)
            change_line(s, "added", in);
        else if (!g_str_equal(was->sha256, in->sha256))
            change_line(s, NULL, in);
    }
    for (guint i = 0; i < before->inputs->len; i++) {
        const archive_input *was = g_ptr_array_index(before->inputs, i);
        if (!archive_record_find_input(r, was->role, was->path))
            change_line(s, "removed", was);
    }
    fprintf(out, "  inputs changed since v%d: %s\n", r->previous, s->len ? s->str : "none");
    g_string_free(s, TRUE);
}

static void print_version(FILE *out, const archive_record *r, const archive_record *before)
{
    char *when = g_strdup(r->built_at);
    char *t = strchr(when, 'T');
    if (t)
        *t = ' ';
    if (g_str_has_suffix(when, "Z"))
        when[strlen(when) - 1] = 0;
    fprintf(out, "v%d  built %s UTC by %s\n", r->number, when, r->author);
    g_free(when);
    fprintf(out, "  reason: %s\n", r->reason ? r->reason : "(none given)");
    print_outputs(out, r);
    print_inputs(out, r, before);
    if (before && !g_str_equal(before->pipeline_version, r->pipeline_version))
        fprintf(out, "  pipeline: %s, was %s\n", r->pipeline_version, before->pipeline_version);
    if (before && before->source_date_epoch != r->source_date_epoch)
        fprintf(out, "  SOURCE_DATE_EPOCH: %" G_GINT64_FORMAT ", was %" G_GINT64_FORMAT
                     " (-1: not set)\n", r->source_date_epoch, before->source_date_epoch);
}

bool archive_history(const char *dir, const char *schema_path, FILE *out, GError **error)
{
    GArray *numbers = archive_versions(dir, error);
    if (!numbers)
        return false;
    if (!numbers->len)
        fprintf(out, "%s: no versions yet\n", dir);
    archive_record *before = NULL;
    bool ok = true;
    for (guint i = 0; i < numbers->len && ok; i++) {
        archive_record *r =
            archive_load_version(dir, g_array_index(numbers, int, i), schema_path, error);
        ok = r != NULL;
        if (ok) {
            bool follows = before && before->number == r->previous;
            print_version(out, r, follows ? before : NULL);
        }
        archive_record_free(before);
        before = r;
    }
    archive_record_free(before);
    g_array_free(numbers, TRUE);
    return ok;
}
