/*
 * batch.h - many reports in one process: `papers build DIR DIR ...` or a
 * folder of report folders.
 *
 * Why one process: about half of a one-report run is start-up (loading
 * libraries, reading fontconfig's configuration, matching fonts, parsing
 * schemas).  A batch pays it once: parsed schemas are shared by every
 * thread (xmlload.h), each worker thread keeps its font map for every
 * document it makes (pdf_fonts.h).
 *
 * Each report is still a build of its own (build_report): its own archive
 * and lock, its own errors, and the same bytes as when it is built alone.
 * A report that fails does not stop the others.
 *
 * Threads: `jobs` workers take the next report from a shared counter.  What
 * they share is read-only or guarded: the build options (read-only), the
 * schema cache (its lock), libxml2's entity loader and error handlers (set
 * before the workers start; libxml2 2.9 keeps its error handlers per
 * thread, copied from the defaults guard_quiet_libraries sets), and the
 * callback, which batch.c calls with its lock held.  pango and cairo
 * objects are never shared: each thread has its own font map.
 */
#ifndef PAPERS_BATCH_H
#define PAPERS_BATCH_H

#include "build.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

/* A report folder holds this file; a folder of report folders does not. */
#define BATCH_REPORT_FILE "report.xml"

/* The report folders the operands name, in order: an operand holding
 * report.xml is one report; one without it but with subfolders that hold
 * report.xml stands for those (in name order).  Anything else is kept as
 * it is, so its build says what is wrong with it.  Caller frees
 * (g_ptr_array_unref). */
GPtrArray *batch_report_folders(char *const *operands, int n);

/* Called once per report as it finishes, with batch.c's lock held (so it
 * may print): error is NULL when result is filled. */
typedef void (*batch_report_done)(const char *input, const build_result *result,
                                  const GError *error, void *data);

typedef struct {
    int built;     /* a new version written */
    int unchanged; /* nothing changed */
    int failed;    /* bad inputs or templates */
    int unwritten; /* the archive could not be written (PAPERS_ERROR_OUTPUT) */
} batch_counts;

/* Build every folder of inputs with base (its input_dir is ignored) on
 * jobs threads (1 or more).  progress, when not NULL, gets a line updated
 * in place (reports done, rate, time left): give it a terminal only. */
batch_counts batch_build(const build_options *base, const GPtrArray *inputs, int jobs,
                         FILE *progress, batch_report_done done, void *data);

#endif
