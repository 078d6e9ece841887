/*
 * doc_diff.h - what changed between two versions of a document, as a
 * redline: the new version's tree with the old version's deleted blocks and
 * words put back in their places and every change marked (doc.h,
 * "Changes").  The writers print it like any tree; doc_diff_describe
 * names each change the way a clerk refers to it.
 *
 * How blocks are matched, level by level (the children of the document,
 * of a section, a numbered paragraph, a list, an item, a table, a cell):
 *
 *   1. by stable id: a block whose id a template gave it (not one prepare
 *      made up from its position, "<section>/<type>-<n>") is the same
 *      block in both versions, wherever the blocks around it moved;
 *   2. between those, by content: the longest common sequence of blocks
 *      with the same content is unchanged;
 *   3. what is left between unchanged blocks is paired by position, block
 *      for block of the same kind (type, level, list kind, a row's number
 *      of cells, a table's columns): a pair is the same block, changed;
 *      the rest were deleted (old) or inserted (new), deletions first.
 *
 * The cells of a row and of the signature are always paired by position:
 * a cell cannot be inserted into a row (a row with another number of cells
 * is a row deleted and a row inserted).  Within a changed paragraph,
 * heading or title the words are compared (the longest common sequence of
 * words and the spaces between them, with their bold, italic and link);
 * a change that leaves only a space in common between two changes takes
 * the space along, so a rewritten phrase reads as one deletion and one
 * insertion.
 *
 * Limits: a paragraph or a container whose two versions, after their
 * common start and end, would need more than DIFF_MAX_CELLS comparisons is
 * treated as replaced whole (paragraphs) or paired by position
 * (containers): the redline stays right, only coarser.
 */
#ifndef PAPERS_DOC_DIFF_H
#define PAPERS_DOC_DIFF_H

#include "doc.h"

#include <glib.h>
#include <stdbool.h>

/* Two million comparisons: a paragraph of about 1,400 words on each side,
 * or a list of 1,400 items, in 8 MiB and a few milliseconds. */
#define DIFF_MAX_CELLS 2000000

/* The redline of old_doc -> new_doc (neither is changed).  Labels, label
 * levels and ids are those the two trees carry (prepared, or as loaded): a
 * deleted block's from the old tree (its id prefixed "was:"), everything
 * else from the new; the metadata is the new tree's.  Not prepared: prepare
 * it with the house style before writing it.  Caller frees. */
doc_document *doc_diff(const doc_document *old_doc, const doc_document *new_doc);

/* Does a redline mark anything? */
bool doc_diff_changed(const doc_document *redline);

/* One entry per change of a redline, for a clerk, appended to out:
 *
 *   changed: paragraph 4 (Themes)
 *       ... the county-wide [-priorities-]{+aims+} that the partners ...
 *   deleted: paragraph 9, bullet 3 (The Community Safety Strategy)
 *       Reduce harm from alcohol and substance misuse.
 *
 * Where: the labels of the numbered paragraph and list items it is in
 * (a bullet by its place in its list), a table's row and column, or for an
 * unnumbered paragraph its place under its heading; then the heading it is
 * under.  Deleted blocks are named by their old labels.  What: the
 * paragraph with its changed words marked [-deleted-] and {+inserted+}, far
 * from a change cut to "...", or the text of a block inserted or deleted
 * whole.  Each line starts with indent.  Returns the number of entries. */
int doc_diff_describe(const doc_document *redline, const char *indent, GString *out);

#endif
