/*
 * merge.h - the template engine: a template plus a report's data gives a
 * prepared document tree.
 *
 * The template language is described in templates/README.md and checked by
 * schemas/template.xsd.  Expressions are XPath 1.0 (libxml2) over the data
 * files the manifest names for the document; the functions council wording
 * needs are in xpathfn.h.
 */
#ifndef PAPERS_MERGE_H
#define PAPERS_MERGE_H

#include "doc.h"
#include "inputs.h"
#include "style.h"

#include <glib.h>
#include <libxml/tree.h>

/* The places a template element can stand in, by what they hold. */
typedef enum {
    MODE_BLOCKS,    /* document body, sections */
    MODE_FLOW,      /* numbered, item, cell, motion, signature sides: text is
                       gathered into paragraphs, blocks may follow */
    MODE_INLINE,    /* a paragraph's words */
    MODE_ITEMS,     /* directly inside a list */
    MODE_ROWS,      /* directly inside a table */
    MODE_CELLS,     /* directly inside a row */
    MODE_SIGNATURE, /* inside <signature>: its two sides */
    MODE_CHOOSE,    /* inside <choose>: its branches */
    MODE_TOP,       /* the template's first child */
    MERGE_MODE_COUNT
} merge_mode;

typedef enum {
    MERGE_BLOCK,   /* makes a block node in its container */
    MERGE_INLINE,  /* makes inline content in a paragraph */
    MERGE_CONTROL, /* walks its children in the same place */
    MERGE_ROOT,    /* the template and its <meta>, read by merge_document */
} merge_kind;

typedef struct merge_state merge_state;
typedef struct merge_target merge_target;

/* One element of the template language.  places: bits (1 << merge_mode). */
typedef struct {
    const char *name;
    unsigned places;
    merge_kind kind;
    void (*handle)(merge_state *st, xmlNodePtr tnode, doc_node *into);       /* BLOCK, INLINE */
    void (*control)(merge_state *st, xmlNodePtr tnode, merge_target *where); /* CONTROL */
    const char *makes; /* what it makes, in a few words */
} merge_element;

/* The whole vocabulary, in the order templates/README.md lists it. */
const merge_element *merge_vocabulary(size_t *count);

/* Merge one document of a report.  template_path is the template file;
 * schema_dir holds template.xsd; style gives the numbering schemes and
 * lengths the tree is prepared with, measure how wide words are set (for
 * table columns; NULL: estimated, see doc_document_prepare).  Returns a prepared tree, or NULL with
 * a "file:line: what is wrong" error naming the template (or the data file
 * a bad value came from) and the expression.  The template and the schemas
 * it was checked against are recorded in read when it is not NULL. */
doc_document *merge_document(const inputs_report *report, const inputs_document *document,
                             const char *template_path, const char *schema_dir,
                             const house_style *style, const doc_measure *measure,
                             build_deps *read, GError **error);

#endif
