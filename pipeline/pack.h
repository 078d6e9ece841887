/*
 * pack.h - a meeting's agenda pack: the front sheet, the agenda with the
 * page each item starts on, and every item's report and appendices, in one
 * tagged PDF (PDF/UA-1, PDF/A-2a) whose page numbers run through it.
 *
 * A meeting folder (meetings/<body>-<date>/meeting.xml, schemas/agenda.xsd)
 * names the meeting and its items in order; an item is plain (apologies,
 * minutes) or takes a report folder's papers.  Each report's documents are
 * the public versions of its newest archived version (never the -EXEMPT
 * full versions), read back from their archived trees (*.tree.xml) and laid
 * out again in one file, each in the house style its version was made in
 * (restored from the archive); a report with no archived version is built
 * first.
 *
 * Page numbers: the printed number on each page is its PDF page label, the
 * agenda's page reference and its bookmark's target.  A supplementary pack
 * (--supplement) holds what was added or reissued since the packs already
 * published; its numbers continue after theirs, and they are not touched.
 * What each pack holds is recorded beside it (PACK_RECORD_SUFFIX), so that
 * the next supplement can tell what is new.  index.html beside the packs
 * is the meeting's web page: the packs, and each item's documents (their
 * web pages and files in the report archives).
 */
#ifndef PAPERS_PACK_H
#define PAPERS_PACK_H

#include "build.h"

#include <glib.h>
#include <stdbool.h>

#define PACK_FILE "agenda-pack"          /* agenda-pack.pdf, agenda-pack.xml */
#define PACK_SUPPLEMENT_FILE "agenda-pack-supplement" /* ...-1.pdf, ...-2.pdf */
#define PACK_RECORD_SUFFIX ".xml"
/* Supplements a meeting may have: more than a handful means the agenda
 * should be published again as a new meeting pack. */
#define PACK_MAX_SUPPLEMENTS 20

typedef struct {
    const char *meeting;     /* the meeting folder, or its meeting.xml */
    const char *out_dir;     /* NULL: <build.output_root>/meetings/<folder name> */
    bool supplement;
    /* How reports are found and built: output_root holds their archives
     * (output_root/<report folder name>/), and template_dir, schema_dir,
     * profiles_dir, archive_schema, write, author are used as a build's. */
    build_options build;
} pack_options;

typedef struct {
    char *path;        /* the PDF written; NULL when nothing was (see unchanged) */
    bool unchanged;    /* the pack asked for is already there, byte for byte, or a
                          supplement would hold nothing */
    int first_page;    /* printed numbers of its first and last page */
    int last_page;
    int documents;     /* documents in it */
    GPtrArray *built;  /* report folders that had to be built first (char *) */
} pack_result;

/* Make the pack (or the next supplement).  PAPERS_ERROR_INPUT with
 * "file:line: what is wrong" for a bad meeting.xml or report;
 * PAPERS_ERROR_OUTPUT when the pack cannot be written. */
bool pack_meeting(const pack_options *options, pack_result *result, GError **error);
void pack_result_clear(pack_result *result);

#endif
