/*
 * archive.c - the only writer of a report's archive (see archive.h).
 *
 * The commit, step by step; a kill or a power cut at any moment leaves
 * either no new version or a complete one:
 *
 *   1. mkdtemp .staging-XXXXXX inside the report folder (same file system,
 *      so step 5 is a rename) and flock it: a live build's staging folder.
 *   2. Write every output and manifest.xml into it, read-only, and each input
 *      not yet stored into store/ as a temporary .incoming-<sha256> file.
 *   3. Flush the file system (syncfs): every byte written so far is on disk.
 *   4. Rename each temporary input to store/ab/cdef...; flush again, so no
 *      version can name a stored input whose bytes or name are not on disk.
 *   5. Make the staging folder read-only, rename it to vN (the commit point)
 *      and fsync the report folder.
 *   6. Switch latest: a new symlink renamed over it, folder fsynced.
 *
 * Why two flushes and not an fsync a file: each fsync of a new file is a
 * journal commit of its own, some fifty a report, which took half the time
 * of a batch of Word reports; syncfs commits them all at once.  The order
 * of the steps is what makes a power cut safe, and it is kept.
 *
 * What a kill leaves, the next build (holding the lock) clears: staging
 * folders whose flock it can take, temporary files, stored inputs that no
 * complete version names, and a latest that is not the newest version.
 */
#define _GNU_SOURCE /* syncfs (Linux) */
#include "archive.h"
#include "xmlload.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAGING_PREFIX ".staging-"
#define INCOMING_PREFIX ".incoming-"
#define LATEST "latest"
#define LATEST_TEMP ".latest.tmp"
#define LOCK_FILE ".lock"
#define STORE "store"

/* How often a waiting build tries the lock again: often enough that the
 * wait ends soon after the other build, rarely enough to cost nothing. */
#define LOCK_POLL_MS 50

struct archive {
    char *dir;
    char *name;        /* the report folder's name, for messages */
    char *schema_path; /* archive-manifest.xsd */
    int dir_fd;
    int lock_fd;
    archive_record *latest;
    char latest_manifest_sha256[ARCHIVE_SHA256_HEX];
    int highest; /* the highest vN folder, complete or not: numbers are never reused */
    /* The version begun. */
    archive_record *next;
    char *roots[DEP_ROOT_COUNT];  /* realpath of each root folder */
    GHashTable *input_bytes;      /* sha256 -> GBytes: contents to store */
    GHashTable *output_bytes;     /* output name -> GBytes */
    GHashTable *placed;           /* path as the build read it -> "root/inside" or "" */
};

static bool output_error(GError **error, const char *path, int err)
{
    g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT, "%s: %s", path, g_strerror(err));
    return false;
}

/* ---- small file helpers ------------------------------------------------------ */

/* Everything written to the file system of fd, data and names, on disk. */
static bool flush_file_system(int fd)
{
    return syncfs(fd) == 0;
}

/* Create dir_fd/name with the bytes, read-only; on disk after the next
 * flush_file_system.  errno on failure. */
static bool write_new_file(int dir_fd, const char *name, GBytes *bytes)
{
    int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
    if (fd < 0)
        return false;
    gsize len;
    const guint8 *data = g_bytes_get_data(bytes, &len);
    bool ok = true;
    for (gsize done = 0; ok && done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (n == 0)
            errno = ENOSPC;
        done += ok ? (gsize)n : 0;
    }
    int saved = errno;
    if (close(fd) != 0 && ok)
        return false;
    errno = saved;
    return ok;
}

static GBytes *read_bytes(const char *path, GError **error)
{
    char *data;
    gsize len;
    if (!g_file_get_contents(path, &data, &len, error))
        return NULL;
    return g_bytes_new_take(data, len);
}

void archive_remove_tree(const char *path)
{
    GStatBuf st;
    if (g_lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        g_chmod(path, 0700); /* a version or staging folder is read-only */
        GDir *dir = g_dir_open(path, 0, NULL);
        const char *name;
        while (dir && (name = g_dir_read_name(dir))) {
            char *child = g_build_filename(path, name, NULL);
            archive_remove_tree(child);
            g_free(child);
        }
        if (dir)
            g_dir_close(dir);
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

char *archive_store_path(const char *dir, const char *sha256)
{
    char prefix[3] = {sha256[0], sha256[1], 0};
    return g_build_filename(dir, STORE, prefix, sha256 + 2, NULL);
}

/* ---- versions ------------------------------------------------------------------ */

/* No sign, no leading zero: exactly the names this module makes. */
int archive_version_number(const char *name)
{
    if (name[0] != 'v' || name[1] < '1' || name[1] > '9')
        return 0;
    char *end;
    gint64 n = g_ascii_strtoll(name + 1, &end, 10);
    return *end || n > G_MAXINT ? 0 : (int)n;
}

static int compare_ints(gconstpointer a, gconstpointer b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

GArray *archive_versions(const char *dir, GError **error)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, dir, 0, "no such archive folder");
        return NULL;
    }
    GArray *numbers = g_array_new(FALSE, FALSE, sizeof(int));
    const char *name;
    while ((name = g_dir_read_name(d))) {
        int n = archive_version_number(name);
        char *manifest = n ? g_build_filename(dir, name, ARCHIVE_MANIFEST, NULL) : NULL;
        if (n && g_file_test(manifest, G_FILE_TEST_IS_REGULAR))
            g_array_append_val(numbers, n);
        g_free(manifest);
    }
    g_dir_close(d);
    g_array_sort(numbers, compare_ints);
    return numbers;
}

int archive_parse_version(const char *dir, const char *text)
{
    if (g_str_equal(text, "latest")) {
        GArray *all = archive_versions(dir, NULL);
        int n = all && all->len ? g_array_index(all, int, all->len - 1) : 0;
        if (all)
            g_array_free(all, TRUE);
        return n;
    }
    char *name = g_str_has_prefix(text, "v") ? g_strdup(text) : g_strconcat("v", text, NULL);
    int n = archive_version_number(name);
    g_free(name);
    return n;
}

archive_record *archive_load_version(const char *dir, int number, const char *schema_path,
                                     GError **error)
{
    char *vname = g_strdup_printf("v%d", number);
    char *path = g_build_filename(dir, vname, ARCHIVE_MANIFEST, NULL);
    archive_record *r = NULL;
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
        xmlload_error_at(error, PAPERS_ERROR_INPUT, dir, 0, "there is no version %s", vname);
    else
        r = archive_record_load(path, schema_path, error);
    if (r && r->number != number) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "records version %d, not %d; run 'papers verify'", r->number,
                         number);
        archive_record_free(r);
        r = NULL;
    }
    g_free(path);
    g_free(vname);
    return r;
}

GBytes *archive_read_output(const char *dir, const archive_record *r,
                            const archive_output *out, GError **error)
{
    char *path = g_strdup_printf("%s/v%d/%s", dir, r->number, out->name);
    GBytes *bytes = read_bytes(path, NULL);
    char sha[ARCHIVE_SHA256_HEX] = "";
    if (bytes)
        archive_sha256(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), sha);
    if (!g_str_equal(sha, out->sha256)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "%s; run 'papers verify %s'",
                         bytes ? "does not match its manifest" : "is missing", dir);
        if (bytes)
            g_bytes_unref(bytes);
        bytes = NULL;
    }
    g_free(path);
    return bytes;
}

/* ---- opening: lock, leftovers, latest ------------------------------------------ */

/* The lock file; a read-only archive still opens (flock needs no write
 * access), so "nothing changed" works there too. */
static bool open_lock(archive *a, GError **error)
{
    a->lock_fd = openat(a->dir_fd, LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (a->lock_fd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM))
        a->lock_fd = openat(a->dir_fd, LOCK_FILE, O_RDONLY | O_CLOEXEC);
    if (a->lock_fd >= 0)
        return true;
    char *path = g_build_filename(a->dir, LOCK_FILE, NULL);
    output_error(error, path, errno);
    g_free(path);
    return false;
}

static bool take_lock(archive *a, int wait_seconds, GError **error)
{
    if (flock(a->lock_fd, LOCK_EX | LOCK_NB) == 0)
        return true;
    if (errno != EWOULDBLOCK)
        return output_error(error, a->dir, errno);
    fprintf(stderr, "waiting for another build of %s...\n", a->name);
    fflush(stderr);
    gint64 until = g_get_monotonic_time() + (gint64)wait_seconds * G_USEC_PER_SEC;
    while (g_get_monotonic_time() < until) {
        g_usleep(LOCK_POLL_MS * 1000);
        if (flock(a->lock_fd, LOCK_EX | LOCK_NB) == 0)
            return true;
    }
    g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT,
                "%s: another build of %s was still running after %d s; try again later "
                "or wait longer with --wait",
                a->dir, a->name, wait_seconds);
    return false;
}

/* Remove a staging folder unless a live build holds its flock.  True when
 * it was a leftover. */
static bool remove_if_stale(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool stale = flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (stale)
        archive_remove_tree(path);
    close(fd);
    return stale;
}

/* Every SHA-256 a complete version names; NULL if a manifest cannot be
 * read (then nothing may be called unreferenced). */
static GHashTable *referenced_inputs(const archive *a)
{
    GArray *numbers = archive_versions(a->dir, NULL);
    GHashTable *shas = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; numbers && i < numbers->len && shas; i++) {
        archive_record *r = archive_load_version(a->dir, g_array_index(numbers, int, i),
                                                 a->schema_path, NULL);
        for (guint k = 0; r && k < r->inputs->len; k++) {
            const archive_input *in = g_ptr_array_index(r->inputs, k);
            g_hash_table_add(shas, g_strdup(in->sha256));
        }
        if (!r) {
            g_hash_table_destroy(shas);
            shas = NULL;
        }
        archive_record_free(r);
    }
    if (numbers)
        g_array_free(numbers, TRUE);
    return shas;
}

/* Stored inputs of a killed build that no version names, and temporary
 * files in the store. */
static void clear_store(const archive *a, bool orphans)
{
    char *store = g_build_filename(a->dir, STORE, NULL);
    GHashTable *keep = orphans ? referenced_inputs(a) : NULL;
    GDir *d = g_dir_open(store, 0, NULL);
    const char *prefix;
    while (d && (prefix = g_dir_read_name(d))) {
        char *sub = g_build_filename(store, prefix, NULL);
        if (g_str_has_prefix(prefix, INCOMING_PREFIX)) {
            g_unlink(sub);
        } else if (keep && strlen(prefix) == 2) {
            GDir *sd = g_dir_open(sub, 0, NULL);
            const char *rest;
            while (sd && (rest = g_dir_read_name(sd))) {
                char *sha = g_strconcat(prefix, rest, NULL);
                char *path = g_build_filename(sub, rest, NULL);
                if (!g_hash_table_contains(keep, sha))
                    g_unlink(path);
                g_free(path);
                g_free(sha);
            }
            if (sd)
                g_dir_close(sd);
            g_rmdir(sub); /* only if now empty */
        }
        g_free(sub);
    }
    if (d)
        g_dir_close(d);
    if (keep)
        g_hash_table_destroy(keep);
    g_free(store);
}

/* Best effort: in a read-only archive nothing can be cleared, and nothing
 * needs to be unless this build writes, which then fails on its own. */
static void clear_leftovers(const archive *a)
{
    GDir *d = g_dir_open(a->dir, 0, NULL);
    const char *name;
    bool interrupted = false;
    while (d && (name = g_dir_read_name(d))) {
        char *path = g_build_filename(a->dir, name, NULL);
        if (g_str_has_prefix(name, STAGING_PREFIX))
            interrupted |= remove_if_stale(path);
        else if (g_str_equal(name, LATEST_TEMP))
            g_unlink(path);
        g_free(path);
    }
    if (d)
        g_dir_close(d);
    clear_store(a, interrupted);
}

/* The highest number any vN folder has.  Only damage makes a vN without
 * its manifest (a version appears by one rename, whole); the next version
 * goes above it rather than failing on its name, and verify reports it. */
static int highest_folder(const archive *a)
{
    int highest = 0;
    GDir *d = g_dir_open(a->dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)))
        highest = MAX(highest, archive_version_number(name));
    if (d)
        g_dir_close(d);
    return highest;
}

static bool find_latest(archive *a, GError **error)
{
    a->highest = highest_folder(a);
    GArray *numbers = archive_versions(a->dir, NULL);
    int newest = numbers && numbers->len ? g_array_index(numbers, int, numbers->len - 1) : 0;
    if (numbers)
        g_array_free(numbers, TRUE);
    if (!newest)
        return true;
    GError *e = NULL;
    a->latest = archive_load_version(a->dir, newest, a->schema_path, &e);
    char *path = g_strdup_printf("%s/v%d/%s", a->dir, newest, ARCHIVE_MANIFEST);
    GBytes *bytes = a->latest ? read_bytes(path, &e) : NULL;
    if (bytes) {
        archive_sha256(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes),
                       a->latest_manifest_sha256);
        g_bytes_unref(bytes);
    } else {
        g_strchomp(e->message);
        if (g_str_has_suffix(e->message, "."))
            e->message[strlen(e->message) - 1] = 0;
        g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT,
                    "%s; the archive is damaged, nothing was written: see 'papers verify %s'",
                    e->message, a->dir);
        g_error_free(e);
    }
    g_free(path);
    return bytes != NULL;
}

static bool switch_latest(archive *a, int number)
{
    char target[24];
    g_snprintf(target, sizeof target, "v%d", number);
    unlinkat(a->dir_fd, LATEST_TEMP, 0);
    return symlinkat(target, a->dir_fd, LATEST_TEMP) == 0 &&
           renameat(a->dir_fd, LATEST_TEMP, a->dir_fd, LATEST) == 0 && fsync(a->dir_fd) == 0;
}

/* A build killed between its commit and the switch left latest behind. */
static void repair_latest(archive *a)
{
    if (!a->latest)
        return;
    char target[32] = {0}, want[24];
    ssize_t n = readlinkat(a->dir_fd, LATEST, target, sizeof target - 1);
    g_snprintf(want, sizeof want, "v%d", a->latest->number);
    if (n < 0 || !g_str_equal(target, want))
        switch_latest(a, a->latest->number);
}

archive *archive_open(const char *dir, int wait_seconds, const char *schema_path,
                      GError **error)
{
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        output_error(error, dir, errno);
        return NULL;
    }
    archive *a = g_new0(archive, 1);
    a->dir = g_strdup(dir);
    a->name = g_path_get_basename(dir);
    a->schema_path = g_strdup(schema_path);
    a->lock_fd = -1;
    a->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = a->dir_fd >= 0 || output_error(error, dir, errno);
    ok = ok && open_lock(a, error) && take_lock(a, wait_seconds, error);
    if (ok)
        clear_leftovers(a);
    ok = ok && find_latest(a, error);
    if (!ok) {
        archive_close(a);
        return NULL;
    }
    repair_latest(a);
    return a;
}

void archive_close(archive *a)
{
    if (!a)
        return;
    if (a->lock_fd >= 0)
        close(a->lock_fd); /* releases the flock */
    if (a->dir_fd >= 0)
        close(a->dir_fd);
    archive_record_free(a->latest);
    archive_record_free(a->next);
    for (int i = 0; i < DEP_ROOT_COUNT; i++)
        free(a->roots[i]);
    if (a->input_bytes)
        g_hash_table_destroy(a->input_bytes);
    if (a->output_bytes)
        g_hash_table_destroy(a->output_bytes);
    if (a->placed)
        g_hash_table_destroy(a->placed);
    g_free(a->dir);
    g_free(a->name);
    g_free(a->schema_path);
    g_free(a);
}

const char *archive_dir(const archive *a)
{
    return a->dir;
}

const archive_record *archive_latest(const archive *a)
{
    return a->latest;
}

const archive_record *archive_pending(const archive *a)
{
    return a->next;
}

/* ---- the version begun ------------------------------------------------------------ */

/* One line of text for the manifest: control characters become spaces,
 * runs of space fold (as the manifest is read back), invalid UTF-8 is
 * replaced.  NULL when nothing is left. */
static char *one_line(const char *text)
{
    if (!text)
        return NULL;
    char *valid = g_utf8_make_valid(text, -1);
    for (char *p = valid; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    char **words = g_strsplit_set(valid, " ", -1);
    GString *out = g_string_new(NULL);
    for (int i = 0; words[i]; i++) {
        if (!*words[i])
            continue;
        if (out->len)
            g_string_append_c(out, ' ');
        g_string_append(out, words[i]);
    }
    g_strfreev(words);
    g_free(valid);
    if (!out->len) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

static char *now_utc(void)
{
    GDateTime *now = g_date_time_new_now_utc();
    char *text = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(now);
    return text;
}

void archive_begin(archive *a, const archive_build_info *info)
{
    g_return_if_fail(a->next == NULL);
    archive_record *r = archive_record_new();
    r->report = g_strdup(info->report);
    r->number = a->highest + 1;
    if (a->latest) {
        r->previous = a->latest->number;
        g_strlcpy(r->previous_manifest_sha256, a->latest_manifest_sha256,
                  sizeof r->previous_manifest_sha256);
    }
    r->pipeline_version = g_strdup(info->pipeline_version);
    r->built_at = now_utc();
    r->source_date_epoch = info->source_date_epoch;
    r->author = one_line(info->author);
    if (!r->author)
        r->author = g_strdup("papers");
    r->reason = one_line(info->reason);
    r->exempt_versions = info->exempt_versions;
    a->next = r;
    for (int i = 0; i < DEP_ROOT_COUNT; i++)
        a->roots[i] = info->roots[i] ? realpath(info->roots[i], NULL) : NULL;
    a->input_bytes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_bytes_unref);
    a->output_bytes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_bytes_unref);
    a->placed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/* path relative to root, found by the real folder it is in (symlinked
 * folders resolve; the file's own name is kept).  NULL if outside root. */
static char *relative_to(const char *root, const char *path)
{
    char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    char *real_dir = realpath(dir, NULL);
    char *relative = NULL;
    if (root && real_dir) {
        char *full = g_build_filename(real_dir, base, NULL);
        size_t n = strlen(root);
        if (strncmp(full, root, n) == 0 && full[n] == '/' && archive_path_is_safe(full + n + 1))
            relative = g_strdup(full + n + 1);
        g_free(full);
    }
    free(real_dir);
    g_free(dir);
    g_free(base);
    return relative;
}

/* ---- hashing inputs ------------------------------------------------------------- */

/* The shared inputs this thread hashed, by path: a batch reads the same
 * schemas, templates, house style and logo for every report.  A file is
 * hashed again unless its bytes now are the bytes hashed (compared in
 * full, which costs a hundredth of hashing them), so an edit between two
 * reports is never missed.  A report's own files are read once a batch
 * and not kept, so memory stays flat however many reports a batch has; a
 * few profiles' files fit in this many bytes, and past it the cache
 * starts again. */
#define INPUT_HASH_CACHE_BYTES (4u << 20)

typedef struct {
    GHashTable *by_path; /* path -> hashed_input */
    gsize bytes;
} hash_cache;

typedef struct {
    GBytes *bytes;
    char sha256[ARCHIVE_SHA256_HEX];
} hashed_input;

static void hashed_input_free(gpointer data)
{
    hashed_input *h = data;
    g_bytes_unref(h->bytes);
    g_free(h);
}

static void hash_cache_free(gpointer data)
{
    hash_cache *c = data;
    g_hash_table_destroy(c->by_path);
    g_free(c);
}

static GPrivate thread_hashes = G_PRIVATE_INIT(hash_cache_free);

static void input_sha256(const char *path, GBytes *bytes, bool shared,
                         char sha[ARCHIVE_SHA256_HEX])
{
    if (!shared) {
        archive_sha256(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), sha);
        return;
    }
    hash_cache *c = g_private_get(&thread_hashes);
    if (!c) {
        c = g_new0(hash_cache, 1);
        c->by_path = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, hashed_input_free);
        g_private_set(&thread_hashes, c);
    }
    const hashed_input *known = g_hash_table_lookup(c->by_path, path);
    if (known && g_bytes_equal(known->bytes, bytes)) {
        memcpy(sha, known->sha256, ARCHIVE_SHA256_HEX);
        return;
    }
    archive_sha256(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), sha);
    gsize size = g_bytes_get_size(bytes);
    if (known) { /* edited since: its old bytes go */
        c->bytes -= g_bytes_get_size(known->bytes);
        g_hash_table_remove(c->by_path, path);
    }
    if (c->bytes + size > INPUT_HASH_CACHE_BYTES) {
        g_hash_table_remove_all(c->by_path);
        c->bytes = 0;
    }
    if (size > INPUT_HASH_CACHE_BYTES)
        return;
    hashed_input *h = g_new(hashed_input, 1);
    h->bytes = g_bytes_ref(bytes);
    memcpy(h->sha256, sha, ARCHIVE_SHA256_HEX);
    g_hash_table_replace(c->by_path, g_strdup(path), h);
    c->bytes += size;
}

/* "root/path inside it", from the first root that holds the file, or ""
 * when none does.  Every output names the same files again, and finding
 * the real folder costs a readlink a component: each path is placed once. */
static const char *place_of(archive *a, const char *path)
{
    const char *known = g_hash_table_lookup(a->placed, path);
    if (known)
        return known;
    char *relative = NULL;
    for (int root = 0; !relative && root < DEP_ROOT_COUNT; root++) {
        char *inside = relative_to(a->roots[root], path);
        if (inside)
            relative = g_strconcat(dep_root_name((dep_root)root), "/", inside, NULL);
        g_free(inside);
    }
    if (!relative)
        relative = g_strdup("");
    g_hash_table_insert(a->placed, g_strdup(path), relative);
    return relative;
}

/* Is a placed path ("root/inside", place_of) in the report's own folder? */
static bool in_report_folder(const char *placed)
{
    const char *root = dep_root_name(DEP_ROOT_INPUT);
    size_t n = strlen(root);
    return strncmp(placed, root, n) == 0 && placed[n] == '/';
}

/* The version's input for a file the build read: hashed and kept on first
 * sight. */
static const archive_input *input_for(archive *a, dep_role role, const char *path,
                                      GError **error)
{
    char *relative = g_strdup(place_of(a, path));
    if (!*relative) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "is not inside the report folder, its profile or the shipped "
                         "templates and schemas, so it cannot be archived with its place "
                         "in them; move it into one of them");
        return NULL;
    }
    const archive_input *in = archive_record_find_input(a->next, role, relative);
    if (!in) {
        GError *e = NULL;
        GBytes *bytes = read_bytes(path, &e);
        if (!bytes) {
            xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0, "%s", e->message);
            g_error_free(e);
            g_free(relative);
            return NULL;
        }
        char sha[ARCHIVE_SHA256_HEX];
        input_sha256(path, bytes, !in_report_folder(relative), sha);
        in = archive_record_add_input(a->next, role, relative, sha, g_bytes_get_size(bytes));
        g_hash_table_replace(a->input_bytes, g_strdup(sha), bytes);
    }
    g_free(relative);
    return in;
}

/* Made from the same inputs with the same contents as the newest version's
 * copy, by the same pipeline version and epoch? */
static bool same_making(const archive *a, const archive_output *out, const archive_output *old)
{
    const archive_record *prev = a->latest, *next = a->next;
    if (!g_str_equal(prev->pipeline_version, next->pipeline_version) ||
        prev->source_date_epoch != next->source_date_epoch ||
        !g_str_equal(old->format, out->format) || old->uses->len != out->uses->len)
        return false;
    for (guint i = 0; i < out->uses->len; i++) {
        const archive_input *in = g_ptr_array_index(out->uses, i);
        const archive_input *was = archive_record_find_input(prev, in->role, in->path);
        guint at;
        if (!was || !g_str_equal(was->sha256, in->sha256) ||
            !g_ptr_array_find(old->uses, was, &at))
            return false;
    }
    return true;
}

/* The newest version's bytes of an output, if they still match its
 * record; a damaged copy is never carried into a new version. */
static GBytes *old_bytes(const archive *a, const archive_output *old)
{
    char *path = g_strdup_printf("%s/v%d/%s", a->dir, a->latest->number, old->name);
    GBytes *bytes = read_bytes(path, NULL);
    char sha[ARCHIVE_SHA256_HEX] = "";
    if (bytes)
        archive_sha256(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), sha);
    if (!g_str_equal(sha, old->sha256)) {
        fprintf(stderr, "warning: %s does not match its manifest; made again "
                        "(run 'papers verify %s')\n", path, a->dir);
        if (bytes)
            g_bytes_unref(bytes);
        bytes = NULL;
    }
    g_free(path);
    return bytes;
}

/* Record what an output of the version begun was made from. */
static bool record_uses(archive *a, archive_output *out, const build_deps *deps,
                        GError **error)
{
    for (guint i = 0; i < build_deps_count(deps); i++) {
        const archive_input *in =
            input_for(a, build_deps_role(deps, i), build_deps_path(deps, i), error);
        if (!in)
            return false;
        guint at;
        if (!g_ptr_array_find(out->uses, in, &at))
            g_ptr_array_add(out->uses, (gpointer)in);
    }
    return true;
}

GBytes *archive_latest_output(const archive *a, const char *name, GError **error)
{
    const archive_output *old = a->latest ? archive_record_find_output(a->latest, name) : NULL;
    return old ? archive_read_output(a->dir, a->latest, old, error) : NULL;
}

bool archive_add_redline(archive *a, const char *name, const char *format,
                         const build_deps *deps, int compared_with, GBytes *bytes,
                         GError **error)
{
    g_return_val_if_fail(a->next && !archive_record_find_output(a->next, name), false);
    archive_output *out = archive_record_add_output(a->next, name, format);
    out->redline = true;
    out->compared_with = compared_with;
    if (!record_uses(a, out, deps, error))
        return false;
    archive_set_output(a, name, bytes);
    return true;
}

bool archive_add_output(archive *a, const char *name, const char *format,
                        const build_deps *deps, bool *carry, GError **error)
{
    g_return_val_if_fail(a->next && !archive_record_find_output(a->next, name), false);
    archive_output *out = archive_record_add_output(a->next, name, format);
    if (!record_uses(a, out, deps, error))
        return false;
    const archive_output *old = a->latest ? archive_record_find_output(a->latest, name) : NULL;
    GBytes *bytes = old && same_making(a, out, old) ? old_bytes(a, old) : NULL;
    *carry = bytes != NULL;
    if (bytes) {
        g_strlcpy(out->sha256, old->sha256, sizeof out->sha256);
        out->size = old->size;
        out->built_in = old->built_in;
        out->carried_from = a->latest->number;
        g_hash_table_replace(a->output_bytes, g_strdup(name), bytes);
    }
    return true;
}

/* The version begun's output of that name, or NULL. */
static archive_output *pending_output(archive *a, const char *name)
{
    for (guint i = 0; a->next && i < a->next->outputs->len; i++) {
        archive_output *o = g_ptr_array_index(a->next->outputs, i);
        if (g_str_equal(o->name, name))
            return o;
    }
    return NULL;
}

void archive_set_output(archive *a, const char *name, GBytes *bytes)
{
    archive_output *out = pending_output(a, name);
    g_return_if_fail(out != NULL && out->carried_from == 0);
    archive_sha256(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), out->sha256);
    out->size = g_bytes_get_size(bytes);
    out->built_in = a->next->number;
    g_hash_table_replace(a->output_bytes, g_strdup(name), g_bytes_ref(bytes));
}

void archive_mark_exempt(archive *a, const char *name)
{
    archive_output *out = pending_output(a, name);
    g_return_if_fail(out != NULL);
    out->exempt = true;
}

bool archive_add_made_output(archive *a, const char *name, const char *format,
                             const build_deps *deps, GBytes *bytes, GError **error)
{
    bool carry = false;
    if (!archive_add_output(a, name, format, deps, &carry, error))
        return false;
    if (carry && g_bytes_equal(g_hash_table_lookup(a->output_bytes, name), bytes))
        return true;
    archive_output *out = pending_output(a, name);
    out->carried_from = 0;
    archive_set_output(a, name, bytes);
    return true;
}

bool archive_changed(const archive *a)
{
    g_return_val_if_fail(a->next != NULL, false);
    return !a->latest || archive_record_count_rebuilt(a->next) > 0 ||
           archive_record_count_documents(a->latest) != archive_record_count_documents(a->next);
}

/* ---- the commit ------------------------------------------------------------------ */

/* PAPERS_TEST_PAUSE=<point> stops the build at that step of the commit for
 * PAPERS_TEST_PAUSE_SECONDS (default 30) after saying so on stderr, so a
 * test can kill it exactly there or hold the lock.  Points, in order:
 * staged (outputs and manifest written), commit (inputs stored, just before
 * the rename that publishes the version), latest (published, before latest
 * is switched).  Unset, it costs one getenv. */
static void test_pause(const char *point)
{
    const char *want = g_getenv("PAPERS_TEST_PAUSE");
    if (!want || !g_str_equal(want, point))
        return;
    const char *seconds = g_getenv("PAPERS_TEST_PAUSE_SECONDS");
    double s = seconds ? g_ascii_strtod(seconds, NULL) : 30;
    fprintf(stderr, "papers: test pause at %s (pid %d)\n", point, (int)getpid());
    fflush(stderr);
    g_usleep((gulong)(s * G_USEC_PER_SEC));
}

typedef struct {
    char *staging;
    int staging_fd;
    GPtrArray *created; /* store files and folders made, newest last, for undoing */
    GHashTable *incoming; /* sha256 of each input written to store/.incoming-<sha> */
} commit_state;

static bool make_staging(archive *a, commit_state *c, GError **error)
{
    c->staging = g_build_filename(a->dir, STAGING_PREFIX "XXXXXX", NULL);
    if (!g_mkdtemp_full(c->staging, 0755)) {
        output_error(error, a->dir, errno);
        g_free(c->staging);
        c->staging = NULL;
        return false;
    }
    c->staging_fd = open(c->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (c->staging_fd < 0 || flock(c->staging_fd, LOCK_EX | LOCK_NB) != 0)
        return output_error(error, c->staging, errno);
    return true;
}

static bool stage_file(commit_state *c, const char *name, GBytes *bytes, GError **error)
{
    if (write_new_file(c->staging_fd, name, bytes))
        return true;
    char *path = g_build_filename(c->staging, name, NULL);
    output_error(error, path, errno);
    g_free(path);
    return false;
}

static bool stage_version(archive *a, commit_state *c, GError **error)
{
    for (guint i = 0; i < a->next->outputs->len; i++) {
        const archive_output *out = g_ptr_array_index(a->next->outputs, i);
        GBytes *bytes = g_hash_table_lookup(a->output_bytes, out->name);
        g_return_val_if_fail(bytes != NULL, false);
        if (!stage_file(c, out->name, bytes, error))
            return false;
    }
    GBytes *manifest = archive_record_to_xml(a->next);
    bool ok = stage_file(c, ARCHIVE_MANIFEST, manifest, error);
    g_bytes_unref(manifest);
    return ok;
}

/* mkdir path unless it exists; a new folder is remembered for undoing. */
static bool ensure_folder(commit_state *c, const char *path, GError **error)
{
    if (g_mkdir(path, 0755) == 0) {
        g_ptr_array_add(c->created, g_strdup(path));
        return true;
    }
    return errno == EEXIST || output_error(error, path, errno);
}

/* Step 2 for one input not yet stored: its bytes in store/.incoming-<sha>,
 * remembered in c->incoming for step 4 (once, when two inputs are the same
 * bytes). */
static bool write_incoming(archive *a, commit_state *c, int store_fd, const archive_input *in,
                           GError **error)
{
    char *path = archive_store_path(a->dir, in->sha256);
    bool stored = g_file_test(path, G_FILE_TEST_EXISTS);
    g_free(path);
    if (stored || g_hash_table_contains(c->incoming, in->sha256))
        return true;
    char *temp_name = g_strconcat(INCOMING_PREFIX, in->sha256, NULL);
    unlinkat(store_fd, temp_name, 0);
    GBytes *bytes = g_hash_table_lookup(a->input_bytes, in->sha256);
    bool ok = write_new_file(store_fd, temp_name, bytes);
    if (ok) {
        g_hash_table_add(c->incoming, g_strdup(in->sha256));
    } else {
        char *temp = g_build_filename(a->dir, STORE, temp_name, NULL);
        output_error(error, temp, errno);
        unlinkat(store_fd, temp_name, 0);
        g_free(temp);
    }
    g_free(temp_name);
    return ok;
}

static bool write_incoming_inputs(archive *a, commit_state *c, GError **error)
{
    char *store = g_build_filename(a->dir, STORE, NULL);
    bool ok = ensure_folder(c, store, error);
    int store_fd = ok ? open(store, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    ok = ok && (store_fd >= 0 || output_error(error, store, errno));
    for (guint i = 0; ok && i < a->next->inputs->len; i++)
        ok = write_incoming(a, c, store_fd, g_ptr_array_index(a->next->inputs, i), error);
    if (store_fd >= 0)
        close(store_fd);
    g_free(store);
    return ok;
}

static gint compare_strings(gconstpointer a, gconstpointer b, gpointer unused)
{
    (void)unused;
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Step 4: each temporary input renamed to its address.  Sorted, so the
 * steps do not depend on hash order. */
static bool store_incoming(archive *a, commit_state *c, GError **error)
{
    guint n = 0;
    const char **shas = (const char **)g_hash_table_get_keys_as_array(c->incoming, &n);
    g_qsort_with_data(shas, (gint)n, sizeof *shas, compare_strings, NULL);
    bool ok = true;
    for (guint i = 0; ok && i < n; i++) {
        char *path = archive_store_path(a->dir, shas[i]);
        char *folder = g_path_get_dirname(path);
        char *temp_name = g_strconcat(INCOMING_PREFIX, shas[i], NULL);
        char *temp = g_build_filename(a->dir, STORE, temp_name, NULL);
        ok = ensure_folder(c, folder, error) &&
             (g_rename(temp, path) == 0 || output_error(error, path, errno));
        if (ok)
            g_ptr_array_add(c->created, g_strdup(path));
        g_free(temp);
        g_free(temp_name);
        g_free(folder);
        g_free(path);
    }
    g_free(shas);
    return ok;
}

static bool flush(archive *a, GError **error)
{
    return flush_file_system(a->dir_fd) || output_error(error, a->dir, errno);
}

/* The commit point: the sealed staging folder becomes vN. */
static bool publish(archive *a, commit_state *c, GError **error)
{
    if (fchmod(c->staging_fd, 0555) != 0 || fsync(c->staging_fd) != 0) /* the mode, on disk */
        return output_error(error, c->staging, errno);
    test_pause("commit");
    char *version = g_strdup_printf("%s/v%d", a->dir, a->next->number);
    bool ok = g_rename(c->staging, version) == 0 || output_error(error, version, errno);
    g_free(version);
    if (!ok)
        return false;
    g_free(c->staging); /* renamed: nothing to undo any more */
    c->staging = NULL;
    /* Published: the version is complete and the newest.  If this fsync
     * fails it may not survive a power cut, which is worth a warning but
     * cannot be undone. */
    if (fsync(a->dir_fd) != 0)
        fprintf(stderr, "warning: %s: %s\n", a->dir, g_strerror(errno));
    return true;
}

static void undo(const archive *a, commit_state *c)
{
    if (c->staging)
        archive_remove_tree(c->staging);
    GHashTableIter it;
    gpointer sha;
    g_hash_table_iter_init(&it, c->incoming);
    while (g_hash_table_iter_next(&it, &sha, NULL)) { /* those not renamed yet */
        char *temp_name = g_strconcat(INCOMING_PREFIX, sha, NULL);
        char *temp = g_build_filename(a->dir, STORE, temp_name, NULL);
        g_unlink(temp);
        g_free(temp);
        g_free(temp_name);
    }
    for (guint i = c->created->len; i > 0; i--) {
        const char *path = g_ptr_array_index(c->created, i - 1);
        if (g_unlink(path) != 0)
            g_rmdir(path);
    }
}

/* One line for a failed commit: the archive, what could not be written
 * (named inside the archive, not by the staging folder that is gone by
 * the time anyone reads it), and that nothing changed. */
static void explain_failure(const archive *a, const commit_state *c, GError *e)
{
    GString *detail = g_string_new(e->message);
    char *in_staging = c->staging ? g_strconcat(c->staging, "/", NULL) : NULL;
    char *in_archive = g_strconcat(a->dir, "/", NULL);
    char *at_archive = g_strconcat(a->dir, ": ", NULL);
    if (in_staging)
        g_string_replace(detail, in_staging, "", 0);
    g_string_replace(detail, in_archive, "", 0);
    if (g_str_has_prefix(detail->str, at_archive))
        g_string_erase(detail, 0, (gssize)strlen(at_archive));
    char *message = g_strdup_printf("%s: no new version written (%s); the archive is as it "
                                    "was", a->dir, detail->str);
    g_free(e->message);
    e->message = message;
    g_free(in_staging);
    g_free(in_archive);
    g_free(at_archive);
    g_string_free(detail, TRUE);
}

bool archive_commit(archive *a, GError **error)
{
    g_return_val_if_fail(a->next != NULL, false);
    commit_state c = {.staging_fd = -1, .created = g_ptr_array_new_with_free_func(g_free),
                      .incoming = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    GError *e = NULL;
    bool ok = make_staging(a, &c, &e) && stage_version(a, &c, &e) &&
              write_incoming_inputs(a, &c, &e);
    if (ok)
        test_pause("staged");
    ok = ok && flush(a, &e) && store_incoming(a, &c, &e) && flush(a, &e) && publish(a, &c, &e);
    if (!ok) {
        if (!e) /* a broken invariant (g_return_val_if_fail) set no error */
            e = g_error_new_literal(PAPERS_ERROR, PAPERS_ERROR_OUTPUT, "internal error");
        explain_failure(a, &c, e);
        g_propagate_error(error, e);
        undo(a, &c);
    }
    if (c.staging_fd >= 0)
        close(c.staging_fd);
    g_free(c.staging);
    g_ptr_array_free(c.created, TRUE);
    g_hash_table_destroy(c.incoming);
    if (ok) {
        test_pause("latest");
        if (!switch_latest(a, a->next->number))
            fprintf(stderr, "warning: %s/%s not switched to v%d (%s); the next build "
                            "switches it\n", a->dir, LATEST, a->next->number, g_strerror(errno));
    }
    return ok;
}

/* ---- restoring and exporting --------------------------------------------------- */

static char *root_folder(const char *into, dep_root root, const char *report)
{
    switch (root) {
    case DEP_ROOT_INPUT:
        return g_build_filename(into, "inputs", report, NULL);
    default:
        return g_build_filename(into, dep_root_name(root), NULL);
    }
}

/* The root an archived input's path starts with, and the rest of it. */
static bool split_root(const char *path, dep_root *root, const char **rest)
{
    const char *slash = strchr(path, '/');
    if (!slash)
        return false;
    char *name = g_strndup(path, (gsize)(slash - path));
    bool ok = dep_root_from_name(name, root);
    g_free(name);
    *rest = slash + 1;
    return ok && **rest;
}

static bool restore_input(const char *dir, const archive_input *in,
                          char *const roots[DEP_ROOT_COUNT], GError **error)
{
    dep_root root;
    const char *inside;
    if (!split_root(in->path, &root, &inside)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, dir, 0,
                         "the archived input %s names no folder it came from", in->path);
        return false;
    }
    char *from = archive_store_path(dir, in->sha256);
    char *to = g_build_filename(roots[root], inside, NULL);
    char *folder = g_path_get_dirname(to);
    GBytes *bytes = read_bytes(from, NULL);
    char sha[ARCHIVE_SHA256_HEX] = "";
    if (bytes)
        archive_sha256(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), sha);
    bool ok = g_str_equal(sha, in->sha256);
    if (!ok)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, from, 0,
                         "%s for %s; run 'papers verify %s'",
                         bytes ? "does not match its name" : "is missing", in->path, dir);
    GError *e = NULL;
    if (ok && (g_mkdir_with_parents(folder, 0755) != 0 ||
               !g_file_set_contents(to, g_bytes_get_data(bytes, NULL),
                                    (gssize)g_bytes_get_size(bytes), &e))) {
        g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT, "%s: %s", to,
                    e ? e->message : g_strerror(errno));
        g_clear_error(&e);
        ok = false;
    }
    if (bytes)
        g_bytes_unref(bytes);
    g_free(folder);
    g_free(to);
    g_free(from);
    return ok;
}

bool archive_restore_inputs(const char *dir, const archive_record *r, const char *into,
                            char *roots[DEP_ROOT_COUNT], GError **error)
{
    for (int i = 0; i < DEP_ROOT_COUNT; i++) {
        roots[i] = root_folder(into, (dep_root)i, r->report);
        g_mkdir_with_parents(roots[i], 0755);
    }
    bool ok = true;
    for (guint i = 0; ok && i < r->inputs->len; i++) {
        const archive_input *in = g_ptr_array_index(r->inputs, i);
        ok = restore_input(dir, in, roots, error);
    }
    return ok;
}

bool archive_export(const char *out_dir, const char *name, GBytes *bytes, GError **error)
{
    if (g_mkdir_with_parents(out_dir, 0755) != 0)
        return output_error(error, out_dir, errno);
    char *path = g_build_filename(out_dir, name, NULL);
    GError *e = NULL;
    bool ok = g_file_set_contents_full(path, g_bytes_get_data(bytes, NULL),
                                       (gssize)g_bytes_get_size(bytes),
                                       G_FILE_SET_CONTENTS_CONSISTENT, 0644, &e);
    if (!ok) {
        g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT, "%s", e->message);
        g_error_free(e);
    }
    g_free(path);
    return ok;
}
