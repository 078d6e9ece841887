/*
 * main.c - the papers command.
 *
 *   papers build INPUT_DIR [--format txt,docx,pdf] [--out DIR]
 *   papers check INPUT_DIR
 *
 * Exit status: 0 ok, 1 bad input or template, 2 usage, 3 the archive could
 * not be written.
 */
#include "build.h"
#include "xmlload.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_OUTPUT = 3 };

static const char *const summary =
    "Commands:\n"
    "  build INPUT_DIR   validate, merge and write every document of a report\n"
    "  check INPUT_DIR   validate inputs and templates only; write nothing\n"
    "\n"
    "Run 'papers COMMAND --help' for a command's options.\n"
    "Exit status: 0 ok, 1 bad input or template, 2 usage, 3 output not written.";

typedef struct {
    char *format;
    char *out;
    char *templates;
    char *schemas;
    char *profiles;
    gboolean quiet;
} cli_options;

static GOptionContext *command_context(const char *command, cli_options *o)
{
    GOptionEntry common[] = {
        {"templates", 0, 0, G_OPTION_ARG_FILENAME, &o->templates,
         "Templates folder (default: the project's templates/)", "DIR"},
        {"schemas", 0, 0, G_OPTION_ARG_FILENAME, &o->schemas,
         "Schemas folder (default: the project's schemas/)", "DIR"},
        {"profiles", 0, 0, G_OPTION_ARG_FILENAME, &o->profiles,
         "Folder of council profiles (default: the project's profiles/)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionEntry build_entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
         "Formats to write, comma-separated: txt, docx, pdf (default: all)", "LIST"},
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out,
         "Archive folder to write under (default: output)", "DIR"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "Do not list the files written", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    bool build = g_str_equal(command, "build");
    GOptionContext *ctx = g_option_context_new(
        build ? "build INPUT_DIR - make a report's documents"
              : "check INPUT_DIR - validate a report's inputs and templates");
    g_option_context_set_summary(
        ctx, build ? "Validates every input, merges each document of the report with its "
                     "template and writes\nthe documents to OUT/<report>/ (for example "
                     "output/community-safety-2019/).\nNothing is written unless every "
                     "document succeeds.\n\nSOURCE_DATE_EPOCH, when set, fixes the "
                     "documents' created/modified dates."
                   : "Validates the manifest, every data file and every template, and "
                     "merges each document,\nwithout writing anything.");
    if (build)
        g_option_context_add_main_entries(ctx, build_entries, NULL);
    g_option_context_add_main_entries(ctx, common, NULL);
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

static int run(const char *command, const char *input, const cli_options *o)
{
    build_options b = {0};
    b.input_dir = input;
    b.output_root = o->out ? o->out : "output";
    char *templates = o->templates ? g_strdup(o->templates) : default_dir("templates");
    char *schemas = o->schemas ? g_strdup(o->schemas) : default_dir("schemas");
    b.template_dir = templates;
    b.schema_dir = schemas;
    char *profiles = o->profiles ? g_strdup(o->profiles) : default_dir("profiles");
    b.profiles_dir = profiles;
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
        GPtrArray *written = g_ptr_array_new_with_free_func(g_free);
        if (!build_report(&b, written, &error))
            status = exit_code_for(error);
        for (guint i = 0; status == EXIT_OK && !o->quiet && i < written->len; i++)
            printf("wrote %s\n", (const char *)g_ptr_array_index(written, i));
        g_ptr_array_free(written, TRUE);
    }
    if (error && status != EXIT_USAGE)
        fprintf(stderr, "%s\n", error->message);
    g_clear_error(&error);
    g_free(templates);
    g_free(schemas);
    g_free(profiles);
    return status;
}

static void print_top_help(FILE *to)
{
    fprintf(to, "Usage: papers COMMAND INPUT_DIR [OPTIONS]\n\n"
                "Makes council committee papers (text, Word and PDF) from a report's data\n"
                "and the council's templates.\n\n%s\n", summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_top_help(stderr);
        return EXIT_USAGE;
    }
    if (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "-h") ||
        g_str_equal(argv[1], "help")) {
        print_top_help(stdout);
        return EXIT_OK;
    }
    const char *command = argv[1];
    if (!g_str_equal(command, "build") && !g_str_equal(command, "check")) {
        fprintf(stderr, "papers: unknown command '%s'\n\n", command);
        print_top_help(stderr);
        return EXIT_USAGE;
    }
    cli_options o = {0};
    GOptionContext *ctx = command_context(command, &o);
    GError *error = NULL;
    /* GOption sees "papers build ..." with the command as the program name. */
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    int status;
    if (!g_option_context_parse(ctx, &sub_argc, &sub_argv, &error)) {
        fprintf(stderr, "papers %s: %s\n", command, error->message);
        status = EXIT_USAGE;
    } else if (sub_argc != 2) {
        fprintf(stderr, "papers %s: give exactly one INPUT_DIR (see 'papers %s --help')\n",
                command, command);
        status = EXIT_USAGE;
    } else {
        status = run(command, sub_argv[1], &o);
    }
    g_clear_error(&error);
    g_option_context_free(ctx);
    g_free(o.format);
    g_free(o.out);
    g_free(o.templates);
    g_free(o.schemas);
    g_free(o.profiles);
    xmlCleanupParser();
    return status;
}
