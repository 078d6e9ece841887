/*
 * bench_papers.c - how long each stage of a report takes, in one process.
 *
 *   build/bench/bench_papers [INPUT_DIR] [RUNS]
 *
 * Loads and validates the inputs, merges every document, and writes every
 * document in each format, RUNS times each (default 15), into a temporary
 * folder.  Prints the median and the spread (min-max) per stage in
 * milliseconds, and each stage's median as a ratio of the text writer's,
 * measured in the same process and minute, since absolute times on shared
 * machines drift.  Also prints the peak resident memory.
 */
#include "build.h"
#include "inputs.h"
#include "merge.h"
#include "style.h"
#include "write.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

typedef struct {
    const char *name;
    GArray *ms; /* double per run */
} bench_stage;

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(GArray *ms)
{
    g_array_sort(ms, compare_double);
    guint n = ms->len;
    double *v = (double *)(void *)ms->data;
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void record(bench_stage *s, gint64 start)
{
    double ms = (double)(g_get_monotonic_time() - start) / 1000.0;
    g_array_append_val(s->ms, ms);
}

static GPtrArray *merge_all(const inputs_report *r, const char *schemas,
                            const house_style *style)
{
    GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)doc_document_free);
    for (guint i = 0; i < r->documents->len; i++) {
        const inputs_document *d = g_ptr_array_index(r->documents, i);
        char *path = inputs_find_template(r, d->template_file);
        GError *error = NULL;
        doc_document *doc = merge_document(r, d, path, schemas, style, NULL, NULL, &error);
        if (!doc) {
            fprintf(stderr, "bench: %s\n", error->message);
            exit(1);
        }
        g_ptr_array_add(docs, doc);
        g_free(path);
    }
    return docs;
}

/* Every document into memory, as the build does before staging. */
static void write_all(GPtrArray *docs, const house_style *style, write_fn write)
{
    write_options opt = {.source_date_epoch = 0};
    for (guint i = 0; i < docs->len; i++) {
        GByteArray *bytes = g_byte_array_new();
        write_sink sink;
        write_sink_to_bytes(&sink, bytes);
        GError *error = NULL;
        if (!write(g_ptr_array_index(docs, i), style, &opt, &sink, &error)) {
            fprintf(stderr, "bench: %s\n", error->message);
            exit(1);
        }
        g_byte_array_free(bytes, TRUE);
    }
}

int main(int argc, char **argv)
{
    const char *input = argc > 1 ? argv[1] : PAPERS_HOME "/inputs/community-safety-2019";
    int runs = argc > 2 ? atoi(argv[2]) : 15;
    const char *templates = PAPERS_HOME "/templates";
    const char *schemas = PAPERS_HOME "/schemas";
    char *dir = g_dir_make_tmp("papers-bench-XXXXXX", NULL);
    GError *error = NULL;
    house_style *style = style_load(PAPERS_HOME "/templates/house-style.xml", schemas, NULL, &error);
    if (!style || !dir) {
        fprintf(stderr, "bench: %s\n", error ? error->message : "no temporary folder");
        return 1;
    }
    bench_stage stages[] = {{"load+validate", NULL}, {"merge", NULL}, {"txt", NULL},
                            {"docx", NULL},          {"pdf", NULL},   {"html", NULL}};
    for (size_t s = 0; s < G_N_ELEMENTS(stages); s++)
        stages[s].ms = g_array_new(FALSE, FALSE, sizeof(double));
    for (int run = 0; run <= runs; run++) { /* run 0 warms caches, not counted */
        gint64 t = g_get_monotonic_time();
        inputs_report *r = inputs_load(input, &(inputs_home){templates, schemas, PAPERS_HOME "/profiles", NULL}, &error);
        if (!r) {
            fprintf(stderr, "bench: %s\n", error->message);
            return 1;
        }
        if (run)
            record(&stages[0], t);
        t = g_get_monotonic_time();
        GPtrArray *docs = merge_all(r, schemas, style);
        if (run)
            record(&stages[1], t);
        write_fn writers[] = {write_txt, write_docx, write_pdf, write_html};
        for (size_t w = 0; w < G_N_ELEMENTS(writers); w++) {
            t = g_get_monotonic_time();
            write_all(docs, style, writers[w]);
            if (run)
                record(&stages[2 + w], t);
        }
        g_ptr_array_free(docs, TRUE);
        inputs_free(r);
    }
    double base = median(stages[2].ms);
    printf("papers bench: %s, %d runs (after 1 warm-up), all documents of the report\n", input,
           runs);
    printf("%-14s %10s %10s %10s %10s\n", "stage", "median ms", "min ms", "max ms", "x txt");
    for (size_t s = 0; s < G_N_ELEMENTS(stages); s++) {
        double m = median(stages[s].ms);
        double *v = (double *)(void *)stages[s].ms->data;
        printf("%-14s %10.2f %10.2f %10.2f %10.1f\n", stages[s].name, m, v[0],
               v[stages[s].ms->len - 1], m / base);
        g_array_free(stages[s].ms, TRUE);
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("peak resident memory: %.1f MiB\n", usage.ru_maxrss / 1024.0);
    style_free(style);
    g_rmdir(dir);
    g_free(dir);
    return 0;
}
