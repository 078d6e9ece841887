/*
 * doc_diff_private.h - shared by doc_diff.c (blocks) and doc_diff_words.c
 * (words): the state of one diff and the routines both use.
 */
#ifndef PAPERS_DOC_DIFF_PRIVATE_H
#define PAPERS_DOC_DIFF_PRIVATE_H

#include "doc_diff.h"
#include "doc_private.h"

typedef struct {
    GHashTable *keys; /* const doc_node * -> content digest (owned), both trees */
    GHashTable *ids;  /* ids taken in the redline -> TRUE */
    doc_document *out;
} diff_state;

typedef bool (*lcs_equal)(const void *ctx, int i, int j);

/* A matched pair: old index, new index. */
typedef struct {
    int old_index, new_index;
} lcs_pair;

/* Match a[0..m) with b[0..n) (the caller's index ranges) under equal: the
 * pairs of a longest common sequence, in order, into pairs (lcs_pair).
 * Where two choices are as long, the old side's elements are given up
 * first, so deletions come before insertions.  False, matching nothing,
 * over DIFF_MAX_CELLS. */
bool diff_lcs(int m, int n, lcs_equal equal, const void *ctx, GArray *pairs);

/* Append child to parent.  Shapes are the source trees', which held, so
 * this cannot fail; if it did, doc_document_check, which every redline
 * passes, would say so. */
void diff_attach(doc_node *parent, doc_node *child);

/* The inlines of paragraph (heading, title) out: new_block's words with
 * old_block's deleted ones put back, every change marked. */
void diff_words(diff_state *st, const doc_node *old_block, const doc_node *new_block,
                doc_node *out);

#endif
