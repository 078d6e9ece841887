/*
 * guard.c - the limits in force, the watchdog and quiet libraries (see
 * guard.h).
 */
#include "guard.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct {
    const char *variable;
    long value;
} limits[GUARD_LIMIT_COUNT] = {
    [GUARD_INPUT_BYTES] = {"PAPERS_MAX_INPUT_BYTES", GUARD_MAX_INPUT_BYTES},
    [GUARD_DEPTH] = {"PAPERS_MAX_DEPTH", GUARD_MAX_DEPTH},
    [GUARD_REPEAT] = {"PAPERS_MAX_REPEAT", GUARD_MAX_REPEAT},
    [GUARD_STEPS] = {"PAPERS_MAX_STEPS", GUARD_MAX_STEPS},
    [GUARD_XPATH_STEPS] = {"PAPERS_MAX_XPATH_STEPS", GUARD_MAX_XPATH_STEPS},
    [GUARD_PARAGRAPH_BYTES] = {"PAPERS_MAX_PARAGRAPH_BYTES", GUARD_MAX_PARAGRAPH_BYTES},
    [GUARD_PAGES] = {"PAPERS_MAX_PAGES", GUARD_MAX_PAGES},
    [GUARD_SECONDS] = {"PAPERS_MAX_SECONDS", GUARD_MAX_SECONDS},
    [GUARD_MEMORY_MB] = {"PAPERS_MAX_MEMORY_MB", GUARD_MAX_MEMORY_MB},
};

/* The override in the environment, or 0 when there is none (or it is not
 * a whole number above 0). */
static long limit_override(guard_limit_kind kind)
{
    const char *text = g_getenv(limits[kind].variable);
    if (!text || !*text)
        return 0;
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    return errno == 0 && *end == '\0' && value > 0 ? value : 0;
}

long guard_limit(guard_limit_kind kind)
{
    g_return_val_if_fail(kind < GUARD_LIMIT_COUNT, 0);
    long value = limit_override(kind);
    return value ? value : limits[kind].value;
}

const char *guard_limit_variable(guard_limit_kind kind)
{
    g_return_val_if_fail(kind < GUARD_LIMIT_COUNT, "");
    return limits[kind].variable;
}

/* ---- the watchdog ---------------------------------------------------------- */

/* What the watchdog compares, fixed before the thread starts: it reads
 * only these, its own locals and the kernel's figures. */
typedef struct {
    double max_seconds;
    long max_memory_kib; /* 0: memory is not watched */
    char *what;
} watch_limits;

static double cpu_seconds(void)
{
    struct timespec t;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) != 0)
        return 0;
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Resident memory in KiB from /proc/self/statm (its second field, in
 * pages); 0 when it cannot be read. */
static long resident_kib(void)
{
    char buf[128];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    long size = 0, resident = 0;
    if (sscanf(buf, "%ld %ld", &size, &resident) != 2)
        return 0;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Say why, in one line, and stop the whole process now.  No cleanup runs:
 * the main thread may be anywhere, and the archive is built to survive a
 * stop at any moment. */
static G_NORETURN void stop(const watch_limits *w, const char *why)
{
    char *line = g_strdup_printf("%s: %s\n", w->what, why);
    ssize_t ignored = write(STDERR_FILENO, line, strlen(line));
    (void)ignored;
    _exit(1);
}

static gpointer watch(gpointer data)
{
    const watch_limits *w = data;
    for (;;) {
        g_usleep(GUARD_WATCH_INTERVAL_MS * 1000);
        if (cpu_seconds() > w->max_seconds) {
            char *why = g_strdup_printf(
                "the report took more than %.0f s of processor time, the most one run may "
                "take (%s): its inputs make too big a paper; split it into smaller documents, "
                "or raise the limit for this run",
                w->max_seconds, guard_limit_variable(GUARD_SECONDS));
            stop(w, why);
        }
        long kib = w->max_memory_kib ? resident_kib() : 0;
        if (kib > w->max_memory_kib) {
            char *why = g_strdup_printf(
                "the report needed more than %ld MB of memory, the most one run may use (%s): "
                "its inputs make too big a paper; split it into smaller documents, or raise "
                "the limit for this run",
                w->max_memory_kib / 1024, guard_limit_variable(GUARD_MEMORY_MB));
            stop(w, why);
        }
    }
    return NULL;
}

void guard_watch(const char *what)
{
    static gsize started = 0;
    if (!g_once_init_enter(&started))
        return;
    watch_limits *w = g_new0(watch_limits, 1); /* the thread's for the process's life */
    w->max_seconds = (double)guard_limit(GUARD_SECONDS);
    bool memory = true;
#ifdef PAPERS_SANITIZED
    /* Shadow memory would count against the limit: watched only when asked. */
    memory = limit_override(GUARD_MEMORY_MB) != 0;
#endif
    w->max_memory_kib = memory ? guard_limit(GUARD_MEMORY_MB) * 1024 : 0;
    w->what = g_strdup(what ? what : "papers");
    GThread *thread = g_thread_new("papers-watchdog", watch, w);
    g_thread_unref(thread); /* it runs until the process ends */
    g_once_init_leave(&started, 1);
}

/* ---- quiet libraries --------------------------------------------------------- */

static void quiet_generic(void *context, const char *format, ...)
{
    (void)context;
    (void)format;
}

static void quiet_structured(void *context, xmlErrorPtr error)
{
    (void)context;
    (void)error;
}

/* GLib's log, one line per message, never the default's several. */
static GLogWriterOutput one_line_log(GLogLevelFlags level, const GLogField *fields,
                                     gsize n_fields, gpointer data)
{
    (void)data;
    const char *domain = NULL, *message = NULL;
    for (gsize i = 0; i < n_fields; i++) {
        if (g_str_equal(fields[i].key, "GLIB_DOMAIN"))
            domain = fields[i].value;
        else if (g_str_equal(fields[i].key, "MESSAGE"))
            message = fields[i].value;
    }
    if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
        return G_LOG_WRITER_HANDLED;
    char *line = g_strdup_printf("papers: warning: %s: %s", domain ? domain : "glib",
                                 message ? message : "");
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    fprintf(stderr, "%s\n", line);
    g_free(line);
    return G_LOG_WRITER_HANDLED;
}

void guard_quiet_libraries(GLogWriterFunc log_writer)
{
    /* For this thread, and as the default of threads made later. */
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    xmlSetStructuredErrorFunc(NULL, quiet_structured);
    xmlThrDefSetGenericErrorFunc(NULL, quiet_generic);
    xmlThrDefSetStructuredErrorFunc(NULL, quiet_structured);
    g_log_set_writer_func(log_writer ? log_writer : one_line_log, NULL, NULL);
}
