/*
 * batch.c - many reports in one process (see batch.h).
 */
#include "batch.h"
#include "xmlload.h"

#include <pthread.h>
#include <string.h>

/* How often the progress line is redrawn: often enough to look alive,
 * seldom enough to cost nothing. */
#define BATCH_PROGRESS_INTERVAL_MS 250

static bool is_report_folder(const char *dir)
{
    char *manifest = g_build_filename(dir, BATCH_REPORT_FILE, NULL);
    bool yes = g_file_test(manifest, G_FILE_TEST_IS_REGULAR);
    g_free(manifest);
    return yes;
}

static int compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The report folders directly inside dir, in name order (none: empty). */
static GPtrArray *reports_inside(const char *dir)
{
    GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    for (const char *n; d && (n = g_dir_read_name(d));) {
        char *sub = g_build_filename(dir, n, NULL);
        if (g_file_test(sub, G_FILE_TEST_IS_DIR) && is_report_folder(sub))
            g_ptr_array_add(found, sub);
        else
            g_free(sub);
    }
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(found, compare_paths);
    return found;
}

GPtrArray *batch_report_folders(char *const *operands, int n)
{
    GPtrArray *folders = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        GPtrArray *inside = NULL;
        if (g_file_test(operands[i], G_FILE_TEST_IS_DIR) && !is_report_folder(operands[i]))
            inside = reports_inside(operands[i]);
        if (inside && inside->len > 0) {
            for (guint k = 0; k < inside->len; k++)
                g_ptr_array_add(folders, g_strdup(g_ptr_array_index(inside, k)));
        } else {
            g_ptr_array_add(folders, g_strdup(operands[i]));
        }
        if (inside)
            g_ptr_array_unref(inside);
    }
    return folders;
}

/* ---- the workers ------------------------------------------------------------ */

typedef struct {
    const build_options *base; /* read-only while the workers run */
    const GPtrArray *inputs;   /* read-only */
    gint next;                 /* the next input to take (atomic) */
    /* pthread's, not GLib's: GLib's are futexes inside GLib that
     * ThreadSanitizer cannot see (tests/e2e/batch.sh runs under it). */
    pthread_mutex_t lock;      /* guards everything below, and done's calls */
    pthread_cond_t finished;   /* signalled as each report finishes */
    int reports_done;
    batch_counts counts;
    batch_report_done done;
    void *data;
} batch_state;

static void count(batch_counts *c, const build_result *r, const GError *error)
{
    if (!error)
        *(r->changed ? &c->built : &c->unchanged) += 1;
    else if (error->domain == PAPERS_ERROR && error->code == PAPERS_ERROR_OUTPUT)
        c->unwritten++;
    else
        c->failed++;
}

static gpointer worker(gpointer data)
{
    batch_state *s = data;
    for (;;) {
        guint i = (guint)g_atomic_int_add(&s->next, 1);
        if (i >= s->inputs->len)
            break;
        build_options o = *s->base;
        o.input_dir = g_ptr_array_index(s->inputs, i);
        build_result result;
        GError *error = NULL;
        bool ok = build_report(&o, &result, &error);
        if (ok)
            g_clear_error(&error);
        else if (!error) /* never expected: a failure always says why */
            error = g_error_new(PAPERS_ERROR, PAPERS_ERROR_INPUT, "%s: could not be built",
                                o.input_dir);
        pthread_mutex_lock(&s->lock);
        count(&s->counts, &result, error);
        if (s->done)
            s->done(o.input_dir, &result, error, s->data);
        s->reports_done++;
        pthread_cond_signal(&s->finished);
        pthread_mutex_unlock(&s->lock);
        build_result_clear(&result);
        g_clear_error(&error);
    }
    return NULL;
}

/* "37/100 reports, 12.5 a second, about 5 s left", over the line before. */
static void draw_progress(FILE *to, int done, int total, double seconds)
{
    double rate = seconds > 0 ? done / seconds : 0;
    fprintf(to, "\r\033[K%d/%d reports", done, total);
    if (done > 0 && rate > 0)
        fprintf(to, ", %.1f a second, about %.0f s left", rate, (total - done) / rate);
    fflush(to);
}

batch_counts batch_build(const build_options *base, const GPtrArray *inputs, int jobs,
                         FILE *progress, batch_report_done done, void *data)
{
    batch_state s = {.base = base, .inputs = inputs, .done = done, .data = data};
    pthread_mutex_init(&s.lock, NULL);
    pthread_condattr_t clock;
    pthread_condattr_init(&clock);
    pthread_condattr_setclock(&clock, CLOCK_MONOTONIC);
    pthread_cond_init(&s.finished, &clock);
    pthread_condattr_destroy(&clock);
    /* Process-wide libxml2 state is set here, before any worker reads it. */
    xmlload_set_schema_home(base->schema_dir);
    int n = jobs < 1 ? 1 : jobs;
    if ((guint)n > inputs->len)
        n = inputs->len > 0 ? (int)inputs->len : 1;
    GThread **threads = g_new0(GThread *, n);
    for (int i = 0; i < n; i++)
        threads[i] = g_thread_new("papers-batch", worker, &s);
    if (progress) {
        gint64 start = g_get_monotonic_time();
        pthread_mutex_lock(&s.lock);
        while (s.reports_done < (int)inputs->len) {
            draw_progress(progress, s.reports_done, inputs->len,
                          (g_get_monotonic_time() - start) / 1e6);
            gint64 until = g_get_monotonic_time() + BATCH_PROGRESS_INTERVAL_MS * 1000;
            struct timespec t = {until / G_USEC_PER_SEC, (until % G_USEC_PER_SEC) * 1000};
            pthread_cond_timedwait(&s.finished, &s.lock, &t);
        }
        pthread_mutex_unlock(&s.lock);
        fprintf(progress, "\r\033[K");
        fflush(progress);
    }
    for (int i = 0; i < n; i++)
        g_thread_join(threads[i]);
    g_free(threads);
    pthread_cond_destroy(&s.finished);
    pthread_mutex_destroy(&s.lock);
    return s.counts;
}
