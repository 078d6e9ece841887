/*
 * archive_record.h - what one archived version is: its inputs, its outputs
 * with the inputs each was made from, and who built it, when and why.
 *
 * The record is kept as manifest.xml inside the version's folder
 * (schemas/archive-manifest.xsd; docs/archive.md).  This module turns a
 * record into those bytes and back; it never writes a file (archive.c does).
 * The bytes are deterministic for a given record: inputs sorted by role and
 * path, outputs in build order, each output's inputs in input order.
 */
#ifndef PAPERS_ARCHIVE_RECORD_H
#define PAPERS_ARCHIVE_RECORD_H

#include "deps.h"

#include <glib.h>
#include <stdbool.h>

/* Hex SHA-256 plus the terminating NUL. */
#define ARCHIVE_SHA256_HEX 65

typedef struct {
    dep_role role;
    char *path;                      /* relative to its root folder (deps.h) */
    char sha256[ARCHIVE_SHA256_HEX]; /* lower-case hex */
    guint64 size;
} archive_input;

typedef struct {
    char *name;   /* file name in the version folder: "appendix-b.pdf" */
    char *format; /* "txt", "docx", "pdf", "tree.xml" */
    /* A redline ("appendix-b-changes.docx"): the document's changes since
     * version compared_with, made only in the version that changed it and
     * never carried.  Not a document: whether a version changed anything is
     * decided by its documents alone. */
    bool redline;
    int compared_with;
    /* The full version of a document that holds exempt information
     * ("appendix-3-EXEMPT.pdf", or its redline): not for publication.
     * Every other output is the public version. */
    bool exempt;
    char sha256[ARCHIVE_SHA256_HEX];
    guint64 size;
    int built_in;     /* the version whose build made these bytes */
    int carried_from; /* the version they were copied from; 0 when made in this one */
    GPtrArray *uses;  /* const archive_input *, owned by the record's inputs */
} archive_output;

typedef struct {
    char *report;     /* the report's name (its input folder's name) */
    int number;       /* N of vN */
    int previous;     /* 0 for the first version */
    char previous_manifest_sha256[ARCHIVE_SHA256_HEX]; /* "" when previous is 0 */
    char *pipeline_version;
    char *built_at;   /* "2026-11-27T10:02:03Z": UTC, from the clock */
    gint64 source_date_epoch; /* -1: not set; documents dated themselves */
    char *author;
    char *reason;     /* NULL when none was given */
    bool exempt_versions; /* built with the full versions of documents that hold
                             exempt information (papers build --exempt) */
    GPtrArray *inputs;  /* archive_input *, owned */
    GPtrArray *outputs; /* archive_output *, owned, in build order */
} archive_record;

archive_record *archive_record_new(void);
void archive_record_free(archive_record *record);

/* Add an input (the record copies path); returns the record's copy.  The
 * caller makes sure (role, path) is not there yet. */
archive_input *archive_record_add_input(archive_record *record, dep_role role,
                                        const char *path, const char *sha256,
                                        guint64 size);
const archive_input *archive_record_find_input(const archive_record *record, dep_role role,
                                               const char *path);
/* Add an output by name and format; the caller fills in the rest. */
archive_output *archive_record_add_output(archive_record *record, const char *name,
                                          const char *format);
const archive_output *archive_record_find_output(const archive_record *record,
                                                 const char *name);
/* How many documents' outputs were made in this version (the rest were
 * carried); redlines are not counted. */
guint archive_record_count_rebuilt(const archive_record *record);
/* How many outputs are documents' (not redlines). */
guint archive_record_count_documents(const archive_record *record);

/* manifest.xml for the record. */
GBytes *archive_record_to_xml(const archive_record *record);

/* Read and check a manifest.xml (against schema_path, then the rules the
 * schema cannot say: relative paths without "." or ".." parts).  NULL with
 * "path:line: what is wrong" in error. */
archive_record *archive_record_load(const char *path, const char *schema_path,
                                    GError **error);

/* The lower-case hex SHA-256 of bytes. */
void archive_sha256(const void *data, gsize len, char out[ARCHIVE_SHA256_HEX]);

/* True when path is relative, and none of its parts is empty, "." or "..":
 * safe to place under a folder without leaving it. */
bool archive_path_is_safe(const char *path);

#endif
