/* testutil.h - helpers shared by the Check unit tests. */
#ifndef PAPERS_TESTUTIL_H
#define PAPERS_TESTUTIL_H

#include <check.h>
#include "doc.h"
#include <glib.h>

/* Run one suite; returns the process exit status (0 when all pass). */
int testutil_run(Suite *suite);

/* A fresh temporary folder under $TMPDIR; caller frees the string and may
 * remove the folder with testutil_rm_rf. */
char *testutil_tmpdir(void);
void testutil_rm_rf(const char *path);

/* Read a whole file; NULL if it cannot be read.  Caller frees. */
char *testutil_read(const char *path, gsize *length);

#include "doc.h"

/* A small document with every node type writers must handle: title block,
 * sections, headings (levels 1-2), numbered paragraphs with nested bullets,
 * an ordered list, bold/italic runs, a link with query characters, a table
 * with a header row, the motion, the signature block and XML-special
 * characters.  Prepared.  Caller frees with doc_document_free. */
doc_document *testutil_sample_document(void);

/* Prepare with the built-in house style and check the tree's invariants;
 * fails the running test on any error. */
void testutil_prepare(doc_document *doc);

/* The first node of a type in document order, or NULL. */
doc_node *testutil_first(doc_document *doc, doc_type type);

/* Append helpers that fail the running test on a shape error. */
doc_node *testutil_add(doc_document *doc, doc_node *parent, doc_type type);
doc_node *testutil_add_text(doc_document *doc, doc_node *parent, const char *text);
/* A PARAGRAPH holding one TEXT, appended to parent. */
doc_node *testutil_add_para(doc_document *doc, doc_node *parent, const char *text);

#endif
