/*
 * main.c - the papers command: parses a command line, calls the library,
 * prints what it did.
 *
 *   papers build INPUT_DIR [--format LIST] [--out DIR] [--reason TEXT]
 *                          [--author NAME] [--wait SECONDS] [--quiet]
 *   papers check INPUT_DIR
 *   papers rebuild ARCHIVE_DIR VERSION --out DIR
 *   papers verify ARCHIVE_DIR
 *   papers history ARCHIVE_DIR
 *
 * Exit status: 0 ok, 1 bad input or template (verify: a problem found), 2
 * usage, 3 the archive could not be written.
 */
#include "archive.h"
#include "build.h"
#include "guard.h"
#include "xmlload.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_OUTPUT = 3 };

static const char *const summary =
    "Commands:\n"
    "  build INPUT_DIR              validate, merge and archive a new version of a report\n"
    "                               (only when something changed)\n"
    "  check INPUT_DIR              validate inputs and templates only; write nothing\n"
    "  rebuild ARCHIVE_DIR VERSION  make an archived version again from its stored inputs\n"
    "  verify ARCHIVE_DIR           check every archived file against its manifest\n"
    "  history ARCHIVE_DIR          list the versions: when, who, why, what changed\n"
    "\n"
    "ARCHIVE_DIR is a report's archive folder, e.g. output/community-safety-2019.\n"
    "Run 'papers COMMAND --help' for a command's options.\n"
    "Exit status: 0 ok, 1 bad input or template (verify: a problem found), 2 usage,\n"
    "3 output not written.";

typedef struct {
    char *format;
    char *out;
    char *templates;
    char *schemas;
    char *profiles;
    char *reason;
    char *author;
    int wait;
    gboolean quiet;
} cli_options;

typedef struct {
    const char *name;
    int operands;          /* how many words follow the command */
    const char *usage;     /* the operands: "INPUT_DIR" */
    const char *what;      /* what the command does, in a few words */
    const char *help;      /* the longer description for --help */
} command_info;

static const command_info commands[] = {
    {"build", 1, "INPUT_DIR", "make a report's documents",
     "Validates every input, merges each document of the report with its template\n"
     "and archives the documents as a new version OUT/<report>/vN/ (for example\n"
     "output/community-safety-2019/v2/); OUT/<report>/latest points to the newest.\n"
     "A new version is made only when an input, template, the house style, a schema\n"
     "or the papers version changed; only the documents whose files changed are made\n"
     "again, the others are copied from the version before.  Nothing is written\n"
     "unless every document succeeds.\n\n"
     "SOURCE_DATE_EPOCH, when set, fixes the documents' created/modified dates."},
    {"check", 1, "INPUT_DIR", "validate a report's inputs and templates",
     "Validates the manifest, every data file and every template, and merges each\n"
     "document, without writing anything."},
    {"rebuild", 2, "ARCHIVE_DIR VERSION", "make an archived version again",
     "Restores the inputs VERSION (v1, v2, ... or latest) was made from and builds\n"
     "them again with its SOURCE_DATE_EPOCH, writing the files into --out DIR, and\n"
     "says whether each is byte-identical to the archived one."},
    {"verify", 1, "ARCHIVE_DIR", "check an archive",
     "Re-hashes every file of every version against its manifest and every stored\n"
     "input against its name; prints one line per changed, missing or extra file\n"
     "(exit 1), or a one-line summary (exit 0)."},
    {"history", 1, "ARCHIVE_DIR", "list the versions of a report",
     "One block per version: number, build time, author, reason, outputs made\n"
     "again and carried over, inputs changed since the version before."},
};

static const command_info *find_command(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (g_str_equal(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static GOptionContext *command_context(const command_info *c, cli_options *o)
{
    GOptionEntry inputs[] = {
        {"templates", 0, 0, G_OPTION_ARG_FILENAME, &o->templates,
         "Templates folder (default: the project's templates/)", "DIR"},
        {"schemas", 0, 0, G_OPTION_ARG_FILENAME, &o->schemas,
         "Schemas folder (default: the project's schemas/)", "DIR"},
        {"profiles", 0, 0, G_OPTION_ARG_FILENAME, &o->profiles,
         "Folder of council profiles (default: the project's profiles/)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionEntry build_entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
         "Formats to write, comma-separated: txt, docx, pdf (default: all; each "
         "document's tree.xml is always kept)", "LIST"},
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out,
         "Archive folder to write under (default: output)", "DIR"},
        {"reason", 'r', 0, G_OPTION_ARG_STRING, &o->reason,
         "Why this version, for the record (e.g. \"Amendment moved at Cabinet, para 9\")",
         "TEXT"},
        {"author", 'a', 0, G_OPTION_ARG_STRING, &o->author,
         "Who made the change (default: $USER, or papers)", "NAME"},
        {"wait", 'w', 0, G_OPTION_ARG_INT, &o->wait,
         "Seconds to wait for another build of the same report (default: 60)", "SECONDS"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "Do not list the files written", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionEntry rebuild_entries[] = {
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out,
         "Folder to write the rebuilt files into (required)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    char *parameter = g_strdup_printf("%s %s - %s", c->name, c->usage, c->what);
    GOptionContext *ctx = g_option_context_new(parameter);
    g_free(parameter);
    g_option_context_set_summary(ctx, c->help);
    if (g_str_equal(c->name, "build"))
        g_option_context_add_main_entries(ctx, build_entries, NULL);
    if (g_str_equal(c->name, "rebuild"))
        g_option_context_add_main_entries(ctx, rebuild_entries, NULL);
    if (g_str_equal(c->name, "build") || g_str_equal(c->name, "check"))
        g_option_context_add_main_entries(ctx, inputs, NULL);
    return ctx;
}

/* templates/ or schemas/ of the project.  Relative when run from the
 * project folder, so messages read "templates/x.xml:12: ...". */
static char *default_dir(const char *name)
{
    const char *env = g_getenv("PAPERS_HOME");
    const char *home = env && *env ? env : PAPERS_HOME;
    char *cwd = g_get_current_dir();
    char *here = realpath(cwd, NULL), *there = realpath(home, NULL);
    bool same = here && there && g_str_equal(here, there);
    free(here);
    free(there);
    g_free(cwd);
    return same ? g_strdup(name) : g_build_filename(home, name, NULL);
}

/* The archive's own schema: always the program's, whatever --schemas says
 * about the inputs. */
static char *archive_schema(void)
{
    char *schemas = default_dir("schemas");
    char *path = g_build_filename(schemas, "archive-manifest.xsd", NULL);
    g_free(schemas);
    return path;
}

/* SOURCE_DATE_EPOCH as seconds, or -1 when unset; false if malformed. */
static bool source_date_epoch(int64_t *out)
{
    const char *v = g_getenv("SOURCE_DATE_EPOCH");
    *out = -1;
    if (!v || !*v)
        return true;
    char *end = NULL;
    gint64 n = g_ascii_strtoll(v, &end, 10);
    if (*end || n < 0)
        return false;
    *out = n;
    return true;
}

static int exit_code_for(const GError *e)
{
    if (e->domain == PAPERS_ERROR && e->code == PAPERS_ERROR_OUTPUT)
        return EXIT_OUTPUT;
    return EXIT_BAD_INPUT;
}

static void print_build(const build_result *r, const cli_options *o)
{
    if (!r->changed) {
        printf("%s: nothing changed since v%d\n", r->archive_dir, r->version);
        return;
    }
    for (guint i = 0; !o->quiet && i < r->rebuilt->len; i++)
        printf("wrote %s/v%d/%s\n", r->archive_dir, r->version,
               (const char *)g_ptr_array_index(r->rebuilt, i));
    if (r->carried->len)
        printf("%s/v%d: %u made, %u carried from v%d\n", r->archive_dir, r->version,
               r->rebuilt->len, r->carried->len, r->previous);
    else
        printf("%s/v%d: %u made\n", r->archive_dir, r->version, r->rebuilt->len);
}

static int run_build(const char *command, const char *input, const cli_options *o)
{
    build_options b = {0};
    b.input_dir = input;
    b.output_root = o->out ? o->out : "output";
    char *templates = o->templates ? g_strdup(o->templates) : default_dir("templates");
    char *schemas = o->schemas ? g_strdup(o->schemas) : default_dir("schemas");
    char *profiles = o->profiles ? g_strdup(o->profiles) : default_dir("profiles");
    char *manifest_schema = archive_schema();
    b.template_dir = templates;
    b.schema_dir = schemas;
    b.profiles_dir = profiles;
    b.archive_schema = manifest_schema;
    b.reason = o->reason;
    const char *user = g_getenv("USER");
    b.author = o->author ? o->author : user && *user ? user : "papers";
    b.wait_seconds = o->wait;
    GError *error = NULL;
    int status = EXIT_OK;
    if (!source_date_epoch(&b.write.source_date_epoch)) {
        fprintf(stderr, "papers: SOURCE_DATE_EPOCH must be a whole number of seconds\n");
        status = EXIT_USAGE;
    } else if (!build_parse_formats(o->format ? o->format : "txt,docx,pdf", &b.formats,
                                    &error)) {
        fprintf(stderr, "papers: %s\n", error ? error->message : "no format given");
        status = EXIT_USAGE;
    } else if (g_str_equal(command, "check")) {
        if (!build_check(&b, &error))
            status = exit_code_for(error);
        else
            printf("%s: inputs and templates are valid\n", input);
    } else {
        build_result result;
        if (build_report(&b, &result, &error))
            print_build(&result, o);
        else
            status = exit_code_for(error);
        build_result_clear(&result);
    }
    if (error && status != EXIT_USAGE)
        fprintf(stderr, "%s\n", error->message);
    g_clear_error(&error);
    g_free(templates);
    g_free(schemas);
    g_free(profiles);
    g_free(manifest_schema);
    return status;
}

static int run_rebuild(const char *archive_dir, const char *version, const cli_options *o)
{
    if (!o->out) {
        fprintf(stderr, "papers rebuild: say where to write with --out DIR\n");
        return EXIT_USAGE;
    }
    char *schema = archive_schema();
    build_rebuild_result r;
    GError *error = NULL;
    int status = EXIT_OK;
    if (!build_rebuild(archive_dir, version, o->out, schema, &r, &error)) {
        fprintf(stderr, "%s\n", error->message);
        status = exit_code_for(error);
    } else {
        if (!g_str_equal(r.recorded_pipeline, PAPERS_VERSION))
            fprintf(stderr, "warning: v%d was built by papers %s, this is papers %s; the "
                            "files may differ\n", r.version, r.recorded_pipeline, PAPERS_VERSION);
        for (guint i = 0; i < r.differing->len; i++)
            fprintf(stderr, "warning: %s differs from the archived v%d copy\n",
                    (const char *)g_ptr_array_index(r.differing, i), r.version);
        printf("rebuilt v%d of %s into %s: %u of %u files identical to the archive\n",
               r.version, archive_dir, o->out, r.written->len - r.differing->len,
               r.written->len);
    }
    g_clear_error(&error);
    build_rebuild_result_clear(&r);
    g_free(schema);
    return status;
}

static int run_reader(const char *command, const char *archive_dir)
{
    char *schema = archive_schema();
    GError *error = NULL;
    int status = EXIT_OK;
    if (g_str_equal(command, "verify")) {
        int problems = archive_verify(archive_dir, schema, stdout, &error);
        status = problems == 0 ? EXIT_OK : EXIT_BAD_INPUT;
    } else if (!archive_history(archive_dir, schema, stdout, &error)) {
        status = EXIT_BAD_INPUT;
    }
    if (error)
        fprintf(stderr, "%s\n", error->message);
    g_clear_error(&error);
    g_free(schema);
    return status;
}

static void print_top_help(FILE *to)
{
    fprintf(to, "Usage: papers COMMAND ARGUMENTS [OPTIONS]\n\n"
                "Makes council committee papers (text, Word and PDF) from a report's data\n"
                "and the council's templates, and keeps every version of them.\n\n%s\n",
            summary);
}

static int run(const command_info *c, int argc, char **argv)
{
    cli_options o = {.wait = BUILD_DEFAULT_WAIT_SECONDS};
    GOptionContext *ctx = command_context(c, &o);
    GError *error = NULL;
    int status;
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "papers %s: %s\n", c->name, error->message);
        status = EXIT_USAGE;
    } else if (argc != c->operands + 1) {
        fprintf(stderr, "papers %s: expected %s (see 'papers %s --help')\n", c->name,
                c->usage, c->name);
        status = EXIT_USAGE;
    } else if (o.wait < 0) {
        fprintf(stderr, "papers %s: --wait must be 0 or more seconds\n", c->name);
        status = EXIT_USAGE;
    } else if (g_str_equal(c->name, "build") || g_str_equal(c->name, "check")) {
        guard_watch(argv[1]); /* processor time and memory: guard.h */
        status = run_build(c->name, argv[1], &o);
    } else if (g_str_equal(c->name, "rebuild")) {
        guard_watch(argv[1]);
        status = run_rebuild(argv[1], argv[2], &o);
    } else {
        status = run_reader(c->name, argv[1]);
    }
    g_clear_error(&error);
    g_option_context_free(ctx);
    g_free(o.format);
    g_free(o.out);
    g_free(o.templates);
    g_free(o.schemas);
    g_free(o.profiles);
    g_free(o.reason);
    g_free(o.author);
    return status;
}

/* "build, check, rebuild, verify, history", for one-line usage errors. */
static char *command_names(void)
{
    GString *out = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        g_string_append_printf(out, "%s%s", i ? ", " : "", commands[i].name);
    return g_string_free(out, FALSE);
}

/* A usage error is one line, like every other error; --help has the rest. */
static int usage_error(const char *what)
{
    char *names = command_names();
    fprintf(stderr, "papers: %s; the commands are %s (see 'papers --help')\n", what, names);
    g_free(names);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given");
    if (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "-h") ||
        g_str_equal(argv[1], "help")) {
        print_top_help(stdout);
        return EXIT_OK;
    }
    if (g_str_equal(argv[1], "--version")) {
        printf("papers %s\n", PAPERS_VERSION);
        return EXIT_OK;
    }
    const command_info *c = find_command(argv[1]);
    if (!c) {
        char *what = g_strdup_printf("unknown command '%s'", argv[1]);
        int status = usage_error(what);
        g_free(what);
        return status;
    }
    /* Every message is papers' own one line: libxml2 prints nothing. */
    guard_quiet_libraries(NULL);
    /* GOption sees "papers build ..." with the command as argv[0]; the usage
     * line names the program as "papers". */
    g_set_prgname("papers");
    int status = run(c, argc - 1, argv + 1);
    xmlCleanupParser();
    return status;
}
