/*
 * fuzz_common.h - what every fuzz target shares: a private copy of the
 * example reports to break, the shipped folders to read, and the rules of
 * the run (fuzz/README.md).
 *
 * Most targets take an input of the form
 *
 *   "<report>/<name>\n<bytes>"
 *
 * where <report> is a folder of inputs/ and <name> a file in it (a data file
 * or report.xml) or a document's output name: the first line chooses where
 * the bytes go, so seeds made from every example reach deep and the fuzzer
 * can move bytes between kinds of file.
 */
#ifndef PAPERS_FUZZ_COMMON_H
#define PAPERS_FUZZ_COMMON_H

#include "doc.h"
#include "inputs.h"
#include "style.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Once per process: quiet libraries (a GLib warning or critical aborts, so
 * the fuzzer reports it), smaller limits for speed (guard.h), and a private
 * copy of inputs/ in a temporary folder removed at exit. */
void fuzz_init(void);

/* The project folder (PAPERS_HOME) and the folders under it. */
const char *fuzz_repo(void);
char *fuzz_repo_path(const char *sub); /* caller frees */

/* The copy of inputs/: "<work>/inputs". */
const char *fuzz_inputs_dir(void);

/* The shipped folders a report is loaded with. */
inputs_home fuzz_home(void);

/* Split "<report>/<name>\n<bytes>".  False when there is no first line or
 * it is not two plain names (no "..", no other '/'). */
bool fuzz_split(const uint8_t *data, size_t size, char **report, char **name,
                const uint8_t **rest, size_t *rest_size);

/* Put bytes in place of the copy's file report/name (which must exist),
 * keeping the original to restore.  False (and nothing changed) when there
 * is no such file. */
bool fuzz_replace(const char *report, const char *name, const uint8_t *bytes, size_t size);
/* Put every replaced file back. */
void fuzz_restore(void);

/* Write bytes to a file (whole, replacing it); aborts on failure, which
 * is the fuzzer's machine's fault, not the input's. */
void fuzz_write_file(const char *path, const uint8_t *bytes, size_t size);

/* Load the copy's report folder, its house style and merge every document
 * whose data includes file (all when file is "report.xml" or NULL); with
 * write_all, run every writer on each.  Errors are the expected outcome of
 * most inputs and are dropped; crashes, leaks and sanitizer findings are
 * what the fuzzer looks for. */
void fuzz_build(const char *report, const char *file, bool write_all);

/* Run every writer (txt, docx, pdf, tree) on a document into memory. */
void fuzz_write_all(const doc_document *doc, const house_style *style);

#endif
