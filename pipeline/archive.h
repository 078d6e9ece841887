/*
 * archive.h - a report's versioned archive, output/<report>/:
 *
 *   v1/ v2/ ...       the versions: every output of the build and its
 *                     manifest.xml (archive_record.h).  Read-only, never
 *                     changed once written.  A version is complete exactly
 *                     when its folder exists under this name: the folder is
 *                     assembled elsewhere and renamed into place whole.
 *   latest -> vN      relative symlink to the newest version, switched by
 *                     renaming a new symlink over it.
 *   store/ab/cdef...  every input of every version, one file per distinct
 *                     content, named by its SHA-256 ("ab" + "cdef...").
 *   .lock             flock()ed by the one build that may write.
 *   .staging-XXXXXX/  a version being assembled, flock()ed by its build; one
 *                     whose build was killed is removed by the next build.
 *
 * This module is the only code that writes the archive.  A build opens the
 * archive (which takes the lock and repairs what a killed build left),
 * begins a version, adds each output with the files it was made from, hands
 * over the bytes of those that must be made again, and commits.  Until the
 * commit's one rename nothing a reader sees has changed; any error before it
 * removes what was written, so the archive is exactly as it was.
 *
 * Readers (rebuild, verify, history) take no lock: versions never change
 * and a store file is never removed while a complete version names it.
 */
#ifndef PAPERS_ARCHIVE_H
#define PAPERS_ARCHIVE_H

#include "archive_record.h"
#include "deps.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

/* The file each version keeps its record in. */
#define ARCHIVE_MANIFEST "manifest.xml"

typedef struct archive archive;

/* What a build says about the version it makes. */
typedef struct {
    const char *report;           /* the report's name */
    const char *pipeline_version; /* PAPERS_VERSION */
    gint64 source_date_epoch;     /* -1: not set */
    const char *author;           /* who made the change */
    const char *reason;           /* why; NULL or "" when none given */
    const char *roots[DEP_ROOT_COUNT]; /* the folders the inputs were read from */
    bool exempt_versions;         /* the full versions of documents with exempt
                                     information are made too (archive_record.h) */
} archive_build_info;

/* Open the archive folder dir for a build: create it if needed, take its
 * lock (if another build holds it, say "waiting for another build of
 * <report>..." on stderr and wait up to wait_seconds), remove what killed
 * builds left and find the newest complete version.  schema_path is
 * archive-manifest.xsd.  PAPERS_ERROR_OUTPUT when the archive cannot be
 * opened, locked or read. */
archive *archive_open(const char *dir, int wait_seconds, const char *schema_path,
                      GError **error);
/* Release the lock; a version begun and not committed leaves no trace. */
void archive_close(archive *a);

const char *archive_dir(const archive *a);
/* The newest complete version's record, or NULL for an empty archive. */
const archive_record *archive_latest(const archive *a);

/* Begin the next version (once per open). */
void archive_begin(archive *a, const archive_build_info *info);
/* The version begun: its number, outputs and what each was made from. */
const archive_record *archive_pending(const archive *a);

/* Add an output of the version begun, made from the files in deps (each
 * is hashed and kept as an input of the version).  *carry is set when the
 * newest version's copy may be used: it was made from the same files with
 * the same contents, by the same pipeline version and SOURCE_DATE_EPOCH,
 * and its bytes still match its record.  Otherwise the caller makes the
 * output and hands it over with archive_set_output.  PAPERS_ERROR_INPUT
 * when an input cannot be read or lies outside its root folder. */
bool archive_add_output(archive *a, const char *name, const char *format,
                        const build_deps *deps, bool *carry, GError **error);
void archive_set_output(archive *a, const char *name, GBytes *bytes);
/* Add an output whose bytes depend on more than the files it was made from
 * (an index page links to the formats the version holds), made by the
 * caller every time: it is carried from the newest version when that one
 * would be and its bytes are the same, so that a build that changes
 * nothing still makes no version. */
bool archive_add_made_output(archive *a, const char *name, const char *format,
                             const build_deps *deps, GBytes *bytes, GError **error);

/* Mark an output added to the version begun as an exempt version: the
 * full version of a document that holds exempt information, or its
 * redline; not for publication (archive_record.h). */
void archive_mark_exempt(archive *a, const char *name);

/* Add a redline of the version begun (archive_record.h): name, format, the
 * files its document was made from, the version it compares with and its
 * bytes.  Never carried.  PAPERS_ERROR_INPUT as for archive_add_output. */
bool archive_add_redline(archive *a, const char *name, const char *format,
                         const build_deps *deps, int compared_with, GBytes *bytes,
                         GError **error);

/* The newest version's bytes of an output as its record has them; NULL
 * when it has no such output (error unset) or they are missing or differ
 * (error set, see archive_read_output).  Caller unrefs. */
GBytes *archive_latest_output(const archive *a, const char *name, GError **error);

/* False when the version begun would equal the newest one: every
 * document's output carried and none added or dropped (redlines do not
 * count).  Then there is nothing to commit. */
bool archive_changed(const archive *a);

/* Make the version begun the newest: stage its files and manifest, store
 * its inputs, then one rename publishes it and latest is switched.  Every
 * file and folder is on disk before the step that depends on it.  On error
 * (PAPERS_ERROR_OUTPUT) everything written is removed again. */
bool archive_commit(archive *a, GError **error);

/* ---- reading (no lock) ------------------------------------------------------ */

/* The numbers of the complete versions in dir, ascending (a GArray of int);
 * NULL with PAPERS_ERROR_INPUT when dir is not a folder. */
GArray *archive_versions(const char *dir, GError **error);
/* A version folder's name as its number: "v12" -> 12; 0 for any other name. */
int archive_version_number(const char *folder_name);
/* "v3", "3" or "latest" as a version number of dir; 0 if none. */
int archive_parse_version(const char *dir, const char *text);
archive_record *archive_load_version(const char *dir, int number, const char *schema_path,
                                     GError **error);
/* dir/store/ab/cdef... for a SHA-256.  Caller frees. */
char *archive_store_path(const char *dir, const char *sha256);
/* The bytes of an output of a version as its record has them: read from
 * dir/vN/ and checked against the record's SHA-256 (PAPERS_ERROR_INPUT,
 * naming 'papers verify', when they differ or the file is missing). */
GBytes *archive_read_output(const char *dir, const archive_record *record,
                            const archive_output *output, GError **error);

/* Put a version's inputs under into, each at its recorded place under its
 * root: into/inputs/<report>/, into/templates/, into/schemas/.  roots[]
 * receives those folders (caller frees each).  Every file is checked
 * against its SHA-256 on the way. */
bool archive_restore_inputs(const char *dir, const archive_record *record, const char *into,
                            char *roots[DEP_ROOT_COUNT], GError **error);

/* Save bytes as out_dir/name (created if needed), through a temporary file
 * renamed into place: for outputs written outside the archive. */
bool archive_export(const char *out_dir, const char *name, GBytes *bytes, GError **error);

/* Remove a folder and everything in it (also read-only files). */
void archive_remove_tree(const char *path);

/* ---- checking (archive_check.c) ---------------------------------------------- */

/* Re-hash every file of every version against its manifest and every
 * stored input against its name; print one line per changed, missing or
 * extra file to out ("changed: output/x/v2/appendix-b.pdf"), or a one-line
 * summary when all is well.  Returns the number of problems, or -1 with
 * error set when dir is not an archive. */
int archive_verify(const char *dir, const char *schema_path, FILE *out, GError **error);

/* One block per version, oldest first: number, build time, author, reason,
 * outputs made again and carried, inputs changed since the version before. */
bool archive_history(const char *dir, const char *schema_path, FILE *out, GError **error);

#endif
