/*
 * build.h - one report from input folder to archive: validate every input,
 * merge every document (recording the files each one read), make again only
 * the outputs whose files changed, and hand the version to the archive
 * (archive.h), which makes it appear whole or not at all.  Any error leaves
 * the archive exactly as it was.
 */
#ifndef PAPERS_BUILD_H
#define PAPERS_BUILD_H

#include "write.h"

#include <glib.h>
#include <stdbool.h>

typedef enum {
    BUILD_TXT = 1 << 0,
    BUILD_DOCX = 1 << 1,
    BUILD_PDF = 1 << 2,
    BUILD_TREE = 1 << 3, /* the document tree as canonical XML; always archived */
    BUILD_HTML = 1 << 4, /* a web page per document and the report's index.html */
    BUILD_ALL = BUILD_TXT | BUILD_DOCX | BUILD_PDF,
} build_format;

/* The full version of a document that holds exempt information is named
 * <output>-EXEMPT.<format> (and its redlines <output>-EXEMPT-changes.*):
 * in capitals, so nobody mistakes it for the public version.  Output names
 * are lower case (report.xsd), so no document takes such a name. */
#define BUILD_EXEMPT_SUFFIX "-EXEMPT"

/* How long a build waits for another build of the same report. */
#define BUILD_DEFAULT_WAIT_SECONDS 60

typedef struct {
    const char *input_dir;    /* inputs/<report> */
    const char *output_root;  /* the archive root: versions go to output_root/<report>/ */
    const char *template_dir; /* shipped templates/ (house-style.xml and templates) */
    const char *schema_dir;   /* shipped schemas/ */
    const char *profiles_dir; /* shipped profiles/ (profiles by name), or NULL */
    const char *profile_dir;  /* this profile folder, whatever the manifest names
                                 (a rebuild's restored profile); NULL: as named */
    const char *archive_schema; /* archive-manifest.xsd (the program's own) */
    unsigned formats;         /* build_format bits; tree.xml is always added */
    write_options write;
    const char *reason;       /* why this version: recorded in its manifest */
    const char *author;       /* who made the change */
    int wait_seconds;         /* for another build of the report */
    bool exempt_versions;     /* also the full version of each document that holds
                                 exempt information (or <report exempt-versions="yes">) */
} build_options;

/* What a build did. */
typedef struct {
    char *archive_dir;  /* output_root/<report> */
    bool changed;       /* false: nothing changed, no version written */
    int version;        /* the version written, or the newest when nothing changed */
    int previous;       /* the version before it; 0 for the first */
    GPtrArray *rebuilt; /* names of the outputs made (char *) */
    GPtrArray *carried; /* names of the outputs copied from previous */
    GPtrArray *redlines; /* names of the redlines made: the changes since previous */
} build_result;

/* What a rebuild of an archived version did. */
typedef struct {
    int version;
    char *recorded_pipeline; /* PAPERS_VERSION that built it */
    GPtrArray *written;      /* paths written (char *) */
    GPtrArray *differing;    /* names whose bytes differ from the archived ones */
} build_rebuild_result;

/* Parse "txt,docx,pdf" into build_format bits; false on an unknown name. */
bool build_parse_formats(const char *list, unsigned *formats, GError **error);

/* Build a report into its archive.  When the archive has a version
 * already, each document whose words changed also gets its redlines,
 * <output>-changes.docx and .pdf (as --format asks for docx and pdf): the
 * new version with its changes since the previous one marked (redline.h);
 * a redline that cannot be made (the old version's tree is damaged) is a
 * warning on stderr, not a failed build.  Errors: PAPERS_ERROR_INPUT and
 * PAPERS_ERROR_TEMPLATE for bad inputs, PAPERS_ERROR_OUTPUT when the archive
 * cannot be written.  result is filled on success; free it with
 * build_result_clear in any case. */
bool build_report(const build_options *options, build_result *result, GError **error);
void build_result_clear(build_result *result);

/* Make version ("v1", "1" or "latest") of the archive at archive_dir again
 * from its stored inputs, with its recorded SOURCE_DATE_EPOCH, writing its
 * outputs into out_dir; each is compared with the archived bytes.  Its
 * redlines are made again from the archived tree of the version they
 * compare with and its recorded build time and author. */
bool build_rebuild(const char *archive_dir, const char *version, const char *out_dir,
                   const char *archive_schema, build_rebuild_result *result,
                   GError **error);
void build_rebuild_result_clear(build_rebuild_result *result);

/* Validate inputs and templates and merge every document, writing nothing. */
bool build_check(const build_options *options, GError **error);

#endif
