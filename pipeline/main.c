/*
 * main.c - the papers command: parses a command line, calls the library,
 * prints what it did.
 *
 *   papers build INPUT_DIR [--format LIST] [--out DIR] [--reason TEXT]
 *                          [--author NAME] [--wait SECONDS] [--exempt] [--quiet]
 *   papers check INPUT_DIR
 *   papers rebuild ARCHIVE_DIR VERSION --out DIR
 *   papers verify ARCHIVE_DIR
 *   papers history ARCHIVE_DIR
 *   papers new PROFILE DIR
 *   papers new-profile NAME DIR --from PROFILE
 *   papers diff ARCHIVE_DIR FROM TO
 *
 * Exit status: 0 ok, 1 bad input or template (verify: a problem found), 2
 * usage, 3 the archive could not be written.
 *
 * The data home (schemas/, templates/, profiles/) is found from where the
 * binary is, never from a path compiled in: $PAPERS_HOME if set, else
 * <prefix>/share/papers for <prefix>/bin/papers.  CMake gives the build
 * tree the same shape (build/bin/papers, build/share/papers).
 */
#include "archive.h"
#include "build.h"
#include "guard.h"
#include "start.h"
#include "redline.h"
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
    "  new PROFILE DIR              start a report folder from a council profile's example\n"
    "  new-profile NAME DIR --from PROFILE\n"
    "                               start a council's own profile DIR/NAME from another\n"
    "  diff ARCHIVE_DIR FROM TO     the paragraphs that changed between two versions\n"
    "\n"
    "ARCHIVE_DIR is a report's archive folder, e.g. output/community-safety-2019.\n"
    "Run 'papers COMMAND --help' for a command's options.\n"
    "Exit status: 0 ok, 1 bad input or template (verify: a problem found), 2 usage,\n"
    "3 output not written.\n"
    "\n"
    "A report names its council profile in report.xml (profile=\"wealdbridge\"): a name\n"
    "is looked for in $PAPERS_PROFILES (folders separated by ':'), then in --profiles DIR\n"
    "or the shipped profiles; a name with a '/' is a folder, from the report folder.\n"
    "PAPERS_HOME overrides where the shipped schemas, templates and profiles are.";

typedef struct {
    char *format;
    char *out;
    char *templates;
    char *schemas;
    char *profiles;
    char *from;
    char *reason;
    char *author;
    int wait;
    gboolean exempt;
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
     "again, the others are copied from the version before.  For each document whose\n"
     "words changed, the version also gets its redlines, <output>-changes.docx (the\n"
     "changes as Word tracked changes) and <output>-changes.pdf (marked up), as\n"
     "--format asks for docx and pdf.  Nothing is written unless every document\n"
     "succeeds.\n\n"
     "A document holding exempt information (Schedule 12A, marked exempt=\"N\" in its\n"
     "data, template or report.xml) is written as its public version, each exempt\n"
     "passage replaced by a notice.  --exempt (or <report exempt-versions=\"yes\">)\n"
     "also writes its full version, <output>-EXEMPT.txt, .docx, .pdf, marked NOT FOR\n"
     "PUBLICATION on every page; web pages and the index are public only.\n\n"
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
    {"new", 2, "PROFILE DIR", "start a report folder from a profile's example",
     "Copies the council profile's example report (PROFILE/example/) to DIR, a new\n"
     "folder, with its report.xml naming the profile; it builds as it is.  Then\n"
     "change its facts and build it: papers build DIR.  PROFILE is a profile name\n"
     "(papers new wealdbridge inputs/my-report) or a folder with a '/'."},
    {"new-profile", 2, "NAME DIR", "start a council's own profile from another",
     "Copies the profile --from PROFILE to DIR/NAME (DIR is made if needed): house\n"
     "style, templates, schemas, fonts, logo and example, the example naming the new\n"
     "profile.  Reports find it by name once DIR is in $PAPERS_PROFILES (or given as\n"
     "--profiles DIR), or by its folder: profile=\"../profiles/NAME\"."},
    {"diff", 3, "ARCHIVE_DIR FROM TO", "what changed between two versions",
     "Compares the documents of versions FROM and TO (v1, v2, ... or latest) and\n"
     "names each paragraph inserted, deleted or changed as a clerk would\n"
     "(\"paragraph 4 (Themes)\", \"the 2nd paragraph under a heading\"), with the words\n"
     "that changed marked [-deleted-] and {+inserted+}.  The redlines of a version\n"
     "(<document>-changes.docx and .pdf) show the same changes since the version\n"
     "before it."},
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
         "Templates folder (default: the shipped templates/)", "DIR"},
        {"schemas", 0, 0, G_OPTION_ARG_FILENAME, &o->schemas,
         "Schemas folder (default: the shipped schemas/)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionEntry profiles[] = {
        {"profiles", 0, 0, G_OPTION_ARG_FILENAME, &o->profiles,
         "Folder of council profiles, searched after $PAPERS_PROFILES (default: the "
         "shipped profiles/)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionEntry profile_entries[] = {
        {"from", 0, 0, G_OPTION_ARG_STRING, &o->from,
         "The profile to copy (required): a name or a folder", "PROFILE"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionEntry build_entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
         "Formats to write, comma-separated: txt, docx, pdf, html (default: txt,docx,pdf; "
         "each document's tree.xml is always kept)", "LIST"},
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out,
         "Archive folder to write under (default: output)", "DIR"},
        {"reason", 'r', 0, G_OPTION_ARG_STRING, &o->reason,
         "Why this version, for the record (e.g. \"Amendment moved at Cabinet, para 9\")",
         "TEXT"},
        {"author", 'a', 0, G_OPTION_ARG_STRING, &o->author,
         "Who made the change (default: $USER, or papers)", "NAME"},
        {"wait", 'w', 0, G_OPTION_ARG_INT, &o->wait,
         "Seconds to wait for another build of the same report (default: 60)", "SECONDS"},
        {"exempt", 'e', 0, G_OPTION_ARG_NONE, &o->exempt,
         "Also write the full version of each document that holds exempt information "
         "(<output>-EXEMPT.docx, .pdf, .txt: NOT FOR PUBLICATION)", NULL},
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
    if (g_str_equal(c->name, "new-profile"))
        g_option_context_add_main_entries(ctx, profile_entries, NULL);
    if (g_str_equal(c->name, "build") || g_str_equal(c->name, "check"))
        g_option_context_add_main_entries(ctx, inputs, NULL);
    if (g_str_equal(c->name, "build") || g_str_equal(c->name, "check") ||
        g_str_has_prefix(c->name, "new"))
        g_option_context_add_main_entries(ctx, profiles, NULL);
    return ctx;
}

/* ---- the data home ----------------------------------------------------------- */

/* The folder that holds schemas/, templates/ and profiles/: $PAPERS_HOME,
 * else <prefix>/share/papers for this binary at <prefix>/bin/papers (the
 * link /proc/self/exe names the binary itself, so a link to it anywhere
 * works).  NULL, with a message printed, when there is none. */
static char *data_home(void)
{
    const char *env = g_getenv("PAPERS_HOME");
    char *home = NULL;
    if (env && *env) {
        home = g_strdup(env);
    } else {
        char *exe = g_file_read_link("/proc/self/exe", NULL);
        char *bin = exe ? g_path_get_dirname(exe) : NULL;
        char *prefix = bin ? g_path_get_dirname(bin) : NULL;
        home = prefix ? g_build_filename(prefix, "share", "papers", NULL) : NULL;
        g_free(prefix);
        g_free(bin);
        g_free(exe);
    }
    char *schemas = home ? g_build_filename(home, "schemas", NULL) : NULL;
    if (!schemas || !g_file_test(schemas, G_FILE_TEST_IS_DIR)) {
        if (env && *env)
            fprintf(stderr, "papers: PAPERS_HOME is %s, which has no schemas/ folder; set it "
                            "to the folder that holds papers' schemas, templates and "
                            "profiles, or unset it\n", env);
        else
            fprintf(stderr, "papers: cannot find its schemas, templates and profiles (looked "
                            "in %s); reinstall papers, or set PAPERS_HOME to the folder that "
                            "holds them\n", home ? home : "<prefix>/share/papers");
        g_clear_pointer(&home, g_free);
    }
    g_free(schemas);
    return home;
}

/* A folder of the data home.  Relative when the current folder has the
 * same one (run from the project folder), so messages read
 * "templates/x.xml:12: ...". */
static char *home_dir(const char *home, const char *name)
{
    char *there = g_build_filename(home, name, NULL);
    char *real_here = realpath(name, NULL), *real_there = realpath(there, NULL);
    bool same = real_here && real_there && g_str_equal(real_here, real_there);
    free(real_here);
    free(real_there);
    if (!same)
        return there;
    g_free(there);
    return g_strdup(name);
}

/* Where profiles are looked for by name: $PAPERS_PROFILES, then --profiles
 * or the shipped ones. */
static char *profiles_path(const char *home, const cli_options *o)
{
    char *shipped = o->profiles ? g_strdup(o->profiles) : home_dir(home, "profiles");
    const char *own = g_getenv("PAPERS_PROFILES");
    char *path = own && *own ? g_strjoin(G_SEARCHPATH_SEPARATOR_S, own, shipped, NULL)
                             : g_strdup(shipped);
    g_free(shipped);
    return path;
}

/* The archive's own schema: always the program's, whatever --schemas says
 * about the inputs. */
static char *archive_schema(const char *home)
{
    char *schemas = home_dir(home, "schemas");
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

/* " (NOT FOR PUBLICATION)" after a full version's name, else "". */
static const char *exempt_note(const char *name)
{
    return strstr(name, BUILD_EXEMPT_SUFFIX) ? " (exempt: NOT FOR PUBLICATION)" : "";
}

static void print_build(const build_result *r, const cli_options *o)
{
    if (!r->changed) {
        printf("%s: nothing changed since v%d\n", r->archive_dir, r->version);
        return;
    }
    for (guint i = 0; !o->quiet && i < r->rebuilt->len; i++) {
        const char *name = g_ptr_array_index(r->rebuilt, i);
        printf("wrote %s/v%d/%s%s\n", r->archive_dir, r->version, name, exempt_note(name));
    }
    for (guint i = 0; !o->quiet && i < r->redlines->len; i++) {
        const char *name = g_ptr_array_index(r->redlines, i);
        printf("wrote %s/v%d/%s (the changes since v%d)%s\n", r->archive_dir, r->version, name,
               r->previous, exempt_note(name));
    }
    if (r->carried->len)
        printf("%s/v%d: %u made, %u carried from v%d\n", r->archive_dir, r->version,
               r->rebuilt->len, r->carried->len, r->previous);
    else
        printf("%s/v%d: %u made\n", r->archive_dir, r->version, r->rebuilt->len);
}

static int run_build(const char *home, const char *command, const char *input,
                     const cli_options *o)
{
    build_options b = {0};
    b.input_dir = input;
    b.output_root = o->out ? o->out : "output";
    char *templates = o->templates ? g_strdup(o->templates) : home_dir(home, "templates");
    char *schemas = o->schemas ? g_strdup(o->schemas) : home_dir(home, "schemas");
    char *profiles = profiles_path(home, o);
    char *manifest_schema = archive_schema(home);
    b.template_dir = templates;
    b.schema_dir = schemas;
    b.profiles_dir = profiles;
    b.archive_schema = manifest_schema;
    b.reason = o->reason;
    const char *user = g_getenv("USER");
    b.author = o->author ? o->author : user && *user ? user : "papers";
    b.wait_seconds = o->wait;
    b.exempt_versions = o->exempt;
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

static int run_rebuild(const char *home, const char *archive_dir, const char *version,
                       const cli_options *o)
{
    if (!o->out) {
        fprintf(stderr, "papers rebuild: say where to write with --out DIR\n");
        return EXIT_USAGE;
    }
    char *schema = archive_schema(home);
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

static int run_reader(const char *home, const char *command, const char *archive_dir)
{
    char *schema = archive_schema(home);
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

/* papers new, papers new-profile. */
static int run_start(const char *home, const char *command, char **operands,
                     const cli_options *o)
{
    char *profiles = profiles_path(home, o);
    GError *error = NULL;
    bool ok;
    if (g_str_equal(command, "new")) {
        ok = start_report(operands[0], profiles, operands[1], &error);
        if (ok)
            printf("made %s from the example of %s; change its facts, then: papers build "
                   "%s\n", operands[1], operands[0], operands[1]);
    } else {
        ok = start_profile(operands[0], operands[1], o->from, profiles, &error);
        char *folder = ok ? realpath(operands[1], NULL) : NULL;
        if (ok)
            printf("made the profile %s/%s from %s; reports find it by name once its folder "
                   "is in PAPERS_PROFILES: export PAPERS_PROFILES=%s\n", operands[1],
                   operands[0], o->from, folder ? folder : operands[1]);
        free(folder);
    }
    int status = ok ? EXIT_OK : exit_code_for(error);
    if (error)
        fprintf(stderr, "%s\n", error->message);
    g_clear_error(&error);
    g_free(profiles);
    return status;
}

static int run_diff(const char *home, const char *archive_dir, const char *from,
                    const char *to)
{
    char *schema = archive_schema(home);
    GError *error = NULL;
    int status = EXIT_OK;
    if (!redline_diff_versions(archive_dir, from, to, schema, stdout, &error)) {
        fprintf(stderr, "%s\n", error->message);
        status = exit_code_for(error);
    }
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
    char *home = NULL;
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
    } else if (g_str_equal(c->name, "new-profile") && !o.from) {
        fprintf(stderr, "papers new-profile: say which profile to copy with --from PROFILE\n");
        status = EXIT_USAGE;
    } else if (!(home = data_home())) {
        status = EXIT_BAD_INPUT;
    } else if (g_str_equal(c->name, "build") || g_str_equal(c->name, "check")) {
        guard_watch(argv[1]); /* processor time and memory: guard.h */
        status = run_build(home, c->name, argv[1], &o);
    } else if (g_str_equal(c->name, "rebuild")) {
        guard_watch(argv[1]);
        status = run_rebuild(home, argv[1], argv[2], &o);
    } else if (g_str_has_prefix(c->name, "new")) {
        status = run_start(home, c->name, argv + 1, &o);
    } else if (g_str_equal(c->name, "diff")) {
        guard_watch(argv[1]);
        status = run_diff(home, argv[1], argv[2], argv[3]);
    } else {
        status = run_reader(home, c->name, argv[1]);
    }
    g_free(home);
    g_clear_error(&error);
    g_option_context_free(ctx);
    g_free(o.format);
    g_free(o.out);
    g_free(o.templates);
    g_free(o.schemas);
    g_free(o.profiles);
    g_free(o.from);
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
