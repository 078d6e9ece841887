/*
 * doc_private.h - the tree's own structures, shared by doc.c (nodes),
 * doc_prepare.c (prepare) and doc_check.c (the invariant checker).  Not for
 * merging or writing: they use doc.h.
 */
#ifndef PAPERS_DOC_PRIVATE_H
#define PAPERS_DOC_PRIVATE_H

#include "doc.h"

struct doc_node {
    doc_type type;
    doc_document *doc;
    doc_node *parent, *first, *last, *next, *prev;
    const char *text;      /* TEXT */
    const char *url;       /* LINK */
    const char *id;
    const char *source_file;
    int source_line;
    int level;             /* TITLE, HEADING, NUMBERED (0: automatic) */
    bool numbered;         /* HEADING */
    const char *scheme;    /* LIST: numbering scheme name, NULL: default */
    doc_list_kind list_kind;
    bool header_row;
    bool no_borders;       /* TABLE: drawn without lines */
    int exempt;            /* Schedule 12A paragraph, 0 none */
    int id_exempt;         /* the id is exempt information: its paragraph, 0 none */
    int start;             /* forced counter value, 0 none */
    doc_change change;     /* redlines: a block inserted or deleted whole */
    const char *caption;   /* TABLE: what the table is, or NULL */
    double *widths;        /* TABLE, as given; owned by the document */
    int n_widths;

    /* Resolved by prepare (a deleted block's label and number_level are
     * the old version's, set by the diff or the loader, and kept). */
    const char *label;     /* NUMBERED, numbered HEADING, ITEM */
    int number;            /* their counter */
    int number_level;      /* 1..NUM_LEVELS */
    bool jumped;           /* its start began a new numbering instance */
    int instance;          /* numbering instance, 1-based; 0 none */
    int depth;             /* LIST, ITEM */
    int ordinal;           /* position among same-type siblings, for ids */
    double indent, label_indent; /* pt from the area's left */
    doc_gap gap;           /* PARAGRAPH */
    int outline_level;     /* TITLE, HEADING: level in the outline, 1.. */
    double *fractions;     /* TABLE; owned by the document */
    int n_fractions;
    double width;          /* TABLE: its width, CELL: its inside's, pt */
};

struct doc_document {
    GPtrArray *nodes;       /* every node, and every array of doubles */
    GStringChunk *strings;  /* every string stored in a node */
    doc_node *root;
    const char *meta[DOC_META_COUNT];
    int meta_exempt[DOC_META_COUNT]; /* Schedule 12A paragraph of a value, 0 none */
    const char *numbering;  /* paragraph scheme name; NULL: default */
    GArray *numberings;     /* doc_numbering, owning its scheme copy */
};

/* The counters of one numbering instance, one per level (0: not counted
 * yet; it shows its level's start).  jump: the instance began where a
 * forced number broke the count, so its upper levels show their starts
 * without being counted. */
typedef struct {
    int value[NUM_LEVELS];
    bool jump;
} doc_counters;

/* The value each of levels 1..level shows: its counter, or the level's
 * start while it has not been counted in this instance (Word's way). */
void doc_shown_counters(const doc_numbering *numbering, const doc_counters *c, int level,
                        int shown[NUM_LEVELS]);

/* Is the node's id one prepare made from its position ("<prefix>/<type>-<n>"),
 * rather than one a template or the data gave? */
bool doc_id_is_positional(const doc_node *n);

/* Copy s into the document's strings (NULL stays NULL). */
const char *doc_intern(doc_document *doc, const char *s);
/* n doubles (copied from values, or zero) owned by the document. */
double *doc_alloc_doubles(doc_document *doc, const double *values, int n);

#endif
