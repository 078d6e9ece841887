/*
 * doc_filter.h - the public version of a paper: the full document tree
 * filtered so that nothing exempt under Schedule 12A to the Local
 * Government Act 1972 is left in it.
 *
 * The public version is a new tree, never the full one with parts skipped
 * by the writers, so no writer can forget a part: every format of the
 * public version is printed from this tree alone.
 *
 *   - A block marked exempt becomes a notice in the same place, of a shape
 *     its parent can hold: "Information withheld: exempt under paragraph 3
 *     of Part 1 of Schedule 12A to the Local Government Act 1972".  A
 *     numbered paragraph, numbered heading or list item keeps its number
 *     and level (the notice is numbered as it was); a table row keeps its
 *     cells (the notice in the first); a list, table or signature becomes
 *     a notice paragraph; a section keeps a section with one notice in it.
 *     In a table's cell, where columns are narrow, the notice is the short
 *     one below.
 *   - Words marked exempt inside a public paragraph (an EXEMPT inline node,
 *     or any inline node marked exempt) are replaced by a short notice in
 *     place: "[exempt information withheld: paragraph 3]".
 *   - Numbers: every numbered block the public version keeps shows the
 *     number it has in the full version (doc_node_set_start), so members
 *     refer to the same numbers in both; numbers inside a withheld section
 *     or list leave a gap.
 *   - A document exempt as a whole (its root marked) becomes a one-page
 *     notice: a title (doc_public_options.title) and the notice; its title,
 *     subject and running header are replaced.
 *   - Properties: a value marked exempt (doc_document_meta_exempt) is
 *     replaced (the title) or left out; the marking and a redline's
 *     properties are not copied.
 *   - Ids: an id the template or the data gave is kept unless the block is
 *     withheld or the id is exempt itself (doc_node_id_exempt); every other
 *     id is made again by prepare from positions.
 *
 * A tree with nothing exempt is its own public version: callers use it
 * as it is (doc_document_exempt_paragraphs() == 0), so such a paper's
 * files are what they were before exempt information existed.
 */
#ifndef PAPERS_DOC_FILTER_H
#define PAPERS_DOC_FILTER_H

#include "doc.h"

#include <glib.h>
#include <stdbool.h>

struct house_style;

/* Bit p (1 << p) for each paragraph p of Schedule 12A. */
typedef unsigned doc_exempt_set;

/* Every paragraph anything in doc (a node, a property, the document
 * itself) is exempt under; 0 when nothing is exempt. */
doc_exempt_set doc_document_exempt_paragraphs(const doc_document *doc);

typedef struct {
    /* The title a document withheld whole is given ("Appendix 3"); NULL:
     * "Information withheld". */
    const char *title;
} doc_public_options;

/* The public version of the prepared tree full, prepared with style and
 * measure (as full was) and checked.  NULL with error (DOC_ERROR) only if
 * the result breaks an invariant, which would be a bug here. */
doc_document *doc_document_public(const doc_document *full, const doc_public_options *options,
                                  const struct house_style *style, const doc_measure *measure,
                                  GError **error);

/* The words of notices and markings; each newly allocated, caller frees. */
/* "Information withheld: exempt under paragraph 3 of Part 1 of Schedule
 * 12A to the Local Government Act 1972" */
char *doc_exempt_notice(int paragraph);
/* "[exempt information withheld: paragraph 3]" */
char *doc_exempt_short_notice(int paragraph);
/* "paragraph 3", "paragraphs 1 and 3", "paragraphs 1, 3 and 7" */
char *doc_exempt_paragraph_list(doc_exempt_set paragraphs);
/* "NOT FOR PUBLICATION: exempt information under paragraphs 1 and 3 of
 * Part 1 of Schedule 12A to the Local Government Act 1972", for the full
 * version's furniture and properties (DOC_META_MARKING). */
char *doc_exempt_marking(doc_exempt_set paragraphs);

#endif
