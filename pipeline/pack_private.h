/*
 * pack_private.h - the meeting pack's stages (pack.h), shared by its files:
 * pack_meeting.c reads and checks meeting.xml, pack_agenda.c makes the
 * front sheet and agenda as a document tree, pack.c puts the pack together.
 */
#ifndef PAPERS_PACK_PRIVATE_H
#define PAPERS_PACK_PRIVATE_H

#include "doc.h"

#include <glib.h>
#include <stdbool.h>

typedef struct {
    char *name;
    char *role; /* "Chairman", or NULL */
} pack_member;

typedef struct {
    int number;       /* 1, 2, 3 in agenda order */
    char *title;
    char *text;       /* what a plain item is for, or NULL */
    char *report;     /* the report folder as meeting.xml writes it, or NULL */
    char *report_dir; /* that folder from the current directory */
    int line;         /* of <item> in meeting.xml */
} pack_item;

typedef struct {
    char *path;     /* meeting.xml */
    char *name;     /* the meeting folder's name: cabinet-2019-12-17 */
    char *profile;  /* the profile named, or NULL */
    char *council, *body, *date, *time, *venue;
    GPtrArray *members; /* pack_member *, owned */
    GPtrArray *items;   /* pack_item *, owned */
} pack_meeting_info;

/* Read meeting.xml (path: the file or its folder), check it against
 * schema_dir/agenda.xsd, then what a schema cannot say: every report
 * folder exists and has a report.xml, no report or title comes twice (the
 * schema's xs:date already refuses a day the calendar lacks, 2019-02-30).  NULL with "file:line: ..." in error. */
pack_meeting_info *pack_meeting_load(const char *path, const char *schema_dir, GError **error);
void pack_meeting_free(pack_meeting_info *m);

/* "Tuesday 17 December 2019" for an ISO date; "2.00 pm" for 14:00. */
char *pack_long_date(const char *iso);
char *pack_clock(const char *hhmm);

/* One line of the agenda: an item, or one document of an item. */
typedef struct {
    const pack_item *item;  /* the item */
    const char *document;   /* a document's label and title, or NULL for the item row */
    const char *dest;       /* "#..." link target, or NULL (a plain item) */
    const char *note;       /* supplements: "new item", "reissued", or NULL */
    int page;               /* printed page number, 0: none */
} pack_agenda_line;

/* The front sheet (council, body, date, time, venue, membership) and, on
 * a new page, the agenda; a supplement's front sheet says what it adds or
 * replaces.  Built in code, language en-GB; not yet prepared. */
doc_document *pack_agenda_document(const pack_meeting_info *m, const pack_agenda_line *lines,
                                   int n_lines, int supplement, GError **error);

/* One document on the meeting's web page. */
typedef struct {
    const pack_item *item;
    const char *line;    /* "Appendix B: ..." as in the agenda */
    const char *folder;  /* its version folder from the page's: "../../x/v2" */
    const char *output;  /* "appendix-b" */
} pack_index_doc;

/* The meeting's index page (html_index.h): the packs published (files in
 * the page's folder, e.g. "agenda-pack.pdf"), then a group per item with its
 * documents' web pages and files, those that exist beside base_dir/folder.
 * NULL with error when the page cannot be made. */
GBytes *pack_index_page(const pack_meeting_info *m, const char *base_dir,
                        const pack_index_doc *docs, int n_docs, const char *const *packs,
                        const struct house_style *style, GError **error);

#endif
