/*
 * doc.h - the document tree: the one contract between merging and writing.
 *
 * The merge stage builds a tree of doc_node; the writers (txt, docx, pdf)
 * only read it.  Writers never see input data or templates.
 *
 * Ownership: every node and every string stored in a node belongs to the
 * doc_document that created it, and is freed by doc_document_free() in one
 * call.  Writers never free tree memory.  Strings passed to setters are
 * copied.
 *
 * Shape (checked on every append, see doc_node_append):
 *
 *   DOCUMENT, SECTION  -> TITLE HEADING PARAGRAPH NUMBERED LIST TABLE
 *                         MOTION SIGNATURE SECTION PAGE_BREAK
 *   TITLE HEADING PARAGRAPH STRONG EMPH EXEMPT -> inlines
 *   LINK               -> inlines except LINK
 *   INSERTED DELETED   -> TEXT BREAK        (a redline's changed words)
 *   NUMBERED           -> PARAGRAPH LIST TABLE   (a numbered paragraph;
 *                         numbered by the document's paragraph scheme)
 *   LIST               -> ITEM
 *   ITEM, CELL         -> PARAGRAPH LIST TABLE
 *   TABLE -> ROW -> CELL
 *   MOTION             -> PARAGRAPH
 *   SIGNATURE          -> exactly two CELLs: left (date), right (name, role)
 *   inlines            =  TEXT STRONG EMPH LINK BREAK INSERTED DELETED EXEMPT
 *
 *   A list nests at most DOC_MAX_LIST_DEPTH deep.
 *
 * Prepare (doc_prepare.c) resolves, once, everything every writer must
 * agree on: paragraph and list labels ("1.2", "(a)", the bullet glyph) and
 * the numbering instances Word needs to count them the same way, the
 * indent of every block and label, the gap after each paragraph, table
 * column fractions, list depths and ids.  A writer only prints these; it
 * never works them out again.
 *
 * Column widths: a narrow column never breaks a word in the middle.  Each
 * column is at least as wide as its longest word (measured in the font it
 * is set in, with the cell's padding and the indent of the block the word
 * is in, plus DOC_COLUMN_SLACK); a column narrower than that takes the
 * width it lacks from the widest other column that has width to spare
 * (then the next widest), never making that one too narrow for its own
 * words.  Only when the columns' words cannot fit side by side at all does
 * a word still break.  Tables of more than DOC_FIT_MAX_COLUMNS columns keep
 * the widths as given.
 *
 * Identity: every block node may carry an id (doc_node_id) that stays the
 * same when the data around it changes, so that a later diff can name
 * "section consultation, paragraph 12".  Prepare fills in an id for every
 * block that has none, from its section and position.
 *
 * Setters check their node's type and the value's range and return false,
 * changing nothing, when either is wrong.
 *
 * Exempt information (Schedule 12A to the Local Government Act 1972): any
 * node can be marked exempt under one of the seven paragraphs of Part 1 of
 * the Schedule (doc_node_set_exempt), a run of words inside a paragraph is
 * an EXEMPT inline node, and a property of the document (its title, say)
 * can be exempt too (doc_document_set_meta_exempt).  The tree as merged is
 * the full version; the public version is a new tree made from it by
 * doc_filter.h, in which nothing exempt is left.  Writers print what they
 * are given: an EXEMPT node is transparent to them.
 *
 * Forced numbers: a labelled node may carry the value its counter must
 * show (doc_node_set_start); a public version keeps the full version's
 * numbers that way, gaps included.  Prepare counts as usual and, where the
 * count would give another value, begins a new numbering instance whose
 * levels start at the values shown there (Word: a new w:num whose levels
 * start there), so Word shows the same numbers.
 *
 * Changes (redlines, doc_diff.h): a redline is an ordinary tree, the new
 * version of a document with what changed since an old one marked.  Words
 * inserted into or deleted from a paragraph are INSERTED and DELETED inline
 * nodes; a block inserted or deleted whole carries a change mark
 * (doc_node_set_change), and so does every block inside it.  A deleted
 * block is not in the new version: prepare does not count it, and a
 * deleted labelled block keeps the label and level it had in the old
 * version (set by the diff), so the paragraphs around it carry the new
 * version's numbers and Word, given the same numbering, shows the old ones
 * when the change is rejected.  Writers print the marks: the DOCX writer
 * as tracked changes, the PDF and text writers visibly.
 */
#ifndef PAPERS_DOC_H
#define PAPERS_DOC_H

#include "numbering.h"

#include <glib.h>
#include <stdbool.h>

struct house_style; /* style.h */

/* Word has nine list levels; deeper nesting is refused where the tree is
 * built, so no writer has to invent a look for it. */
#define DOC_MAX_LIST_DEPTH NUM_LEVELS

/* Part 1 of Schedule 12A has seven paragraphs, the kinds of exempt
 * information (1: about an individual ... 7: about crime). */
#define DOC_EXEMPT_PARAGRAPHS 7

typedef enum {
    DOC_DOCUMENT,
    DOC_SECTION,    /* groups blocks; id names it (e.g. "consultation") */
    DOC_TITLE,      /* centred title block line; level 1 or 2 */
    DOC_HEADING,    /* level 1..3 */
    DOC_PARAGRAPH,  /* plain paragraph of inlines */
    DOC_NUMBERED,   /* numbered paragraph, level 1..3: label resolved by prepare */
    DOC_LIST,       /* bullet or ordered list */
    DOC_ITEM,       /* list item */
    DOC_TABLE,
    DOC_ROW,
    DOC_CELL,
    DOC_MOTION,     /* the motion to be moved: indented, bold paragraphs */
    DOC_SIGNATURE,  /* date on the left, name and role on the right */
    DOC_PAGE_BREAK, /* leaf */
    DOC_TEXT,       /* leaf: UTF-8 text */
    DOC_STRONG,
    DOC_EMPH,
    DOC_LINK,       /* url in doc_node_url */
    DOC_BREAK,      /* leaf: line break inside a paragraph */
    DOC_INSERTED,   /* redline: words inserted (TEXT and BREAK inside) */
    DOC_DELETED,    /* redline: words deleted */
    DOC_EXEMPT,     /* words exempt under a paragraph of Schedule 12A (doc_node_exempt) */
    DOC_TYPE_COUNT
} doc_type;

typedef enum { DOC_LIST_BULLET, DOC_LIST_ORDERED } doc_list_kind;

/* The space after a paragraph, resolved by prepare. */
typedef enum {
    DOC_GAP_STYLE, /* its own look's space after */
    DOC_GAP_ITEM,  /* the house style's item gap (between list items) */
    DOC_GAP_BODY,  /* body text's space after (it ends a list nest) */
} doc_gap;

/* A numbering instance: the nodes that count together.  A new instance
 * starts the count again (Word: one w:num per instance).  Instances are
 * numbered from 1 in the order their first node appears in the tree. */
typedef struct {
    bool list;                    /* a list nest; else paragraphs and headings */
    doc_list_kind kind;           /* lists */
    const num_scheme *scheme;     /* the document's copy */
    int start[NUM_LEVELS];        /* first value of each level's counter */
    double indent[NUM_LEVELS];    /* pt from the area's left to the text */
    double label_indent[NUM_LEVELS]; /* pt from the area's left to the label */
} doc_numbering;

/* Document metadata and page furniture.  All optional; NULL when unset. */
typedef enum {
    DOC_META_TITLE,
    DOC_META_SUBJECT,
    DOC_META_AUTHOR,
    DOC_META_DATE,     /* ISO 8601 date of the paper, e.g. 2019-12-17 */
    DOC_META_LANGUAGE, /* BCP 47, e.g. en-GB */
    DOC_META_HEADER,   /* running header text, if the house style shows one */
    /* Redlines: who made the changes and when (ISO 8601 UTC date and time,
     * e.g. 2026-12-03T10:02:03Z), and one sentence saying which versions
     * are compared, for the first page. */
    DOC_META_CHANGE_AUTHOR,
    DOC_META_CHANGE_DATE,
    DOC_META_CHANGE_NOTE,
    /* The full version of a paper that holds exempt information: "NOT FOR
     * PUBLICATION: ..." (doc_filter.h), shown by the furniture field
     * {marking}, in the document properties and atop the text. */
    DOC_META_MARKING,
    DOC_META_COUNT
} doc_meta;

/* A block's change in a redline. */
typedef enum {
    DOC_CHANGE_NONE,
    DOC_CHANGE_INSERTED, /* in the new version only */
    DOC_CHANGE_DELETED,  /* in the old version only */
} doc_change;

typedef struct doc_node doc_node;
typedef struct doc_document doc_document;

#define DOC_ERROR (doc_error_quark())
GQuark doc_error_quark(void);
typedef enum {
    DOC_ERROR_CONTAINMENT, /* child type not allowed under parent */
    DOC_ERROR_TEXT,        /* invalid UTF-8 or a character XML 1.0 forbids */
    DOC_ERROR_NUMBERING,   /* prepare: a scheme or level that cannot be */
    DOC_ERROR_INVARIANT,   /* doc_document_check: the tree is not as prepared */
    DOC_ERROR_DUMP,        /* doc_document_load: not a tree dump this code reads */
} doc_error_code;

/* ---- document ---------------------------------------------------------- */

doc_document *doc_document_new(void);
void doc_document_free(doc_document *doc); /* frees every node; NULL ok */
doc_node *doc_document_root(const doc_document *doc);
const char *doc_document_meta(const doc_document *doc, doc_meta key);
void doc_document_set_meta(doc_document *doc, doc_meta key, const char *value);
/* "title", "change-note", ...: the attribute names of the dump. */
const char *doc_meta_name(doc_meta key);
/* A property whose value came from exempt information: the paragraph of
 * Schedule 12A (1..DOC_EXEMPT_PARAGRAPHS), 0 for none.  False, changing
 * nothing, for another paragraph. */
bool doc_document_set_meta_exempt(doc_document *doc, doc_meta key, int paragraph);
int doc_document_meta_exempt(const doc_document *doc, doc_meta key);

/* The paragraph numbering scheme, by name (NULL: the house style's
 * default).  Set by merging, from the template. */
void doc_document_set_numbering(doc_document *doc, const char *scheme);
const char *doc_document_numbering_name(const doc_document *doc);

/* How wide text is when it is set, for fitting table columns to their
 * words: width() returns points for text in the house style's render font
 * at size pt.  The build hands prepare one that measures with the PDF's
 * font (pdf_layout_text_width); without one, prepare estimates
 * DOC_ESTIMATE_EM of the size per character, wide enough for most words in
 * Arial or Times but not exact. */
typedef struct {
    double (*width)(void *data, const char *text, double size, bool bold, bool italic);
    void *data;
} doc_measure;

#define DOC_COLUMN_SLACK 1.0    /* pt beyond a column's longest word: Word
                                   rounds widths to twips and layouts differ
                                   by a fraction of a point */
#define DOC_ESTIMATE_EM 0.6     /* estimated width of a character, in em */
#define DOC_FIT_MAX_COLUMNS 64  /* more columns than a page can show readably
                                   (under 7 pt each on A4): widths as given */

/* Resolve everything writers must agree on, once (see above), with the
 * house style's numbering schemes and lengths, measuring words with
 * measure (NULL: estimate).  Call after the tree is complete; calling
 * again recomputes.  False, with a message naming the node's source line
 * where known, for an unknown scheme, a level the scheme does not have, a
 * level-2 number with no level-1 number before it, or a list nested too
 * deep. */
bool doc_document_prepare(doc_document *doc, const struct house_style *style,
                          const doc_measure *measure, GError **error);

/* Check every invariant of a prepared tree: links, shape, levels, labels
 * and instances against Word's way of counting, indents, fractions, ids
 * present and unique.  False with the first problem found.  Runs after
 * every merge (merge.c), so every build and test exercises it. */
bool doc_document_check(const doc_document *doc, GError **error);

/* Numbering instances after prepare: 1..count. */
int doc_document_numbering_count(const doc_document *doc);
const doc_numbering *doc_document_numbering(const doc_document *doc, int instance);

/* ---- nodes ------------------------------------------------------------- */

/* A new, unattached node owned by doc.  TEXT nodes: see doc_node_set_text. */
doc_node *doc_node_new(doc_document *doc, doc_type type);

/* Append child as the last child of parent.  Returns false and sets
 * DOC_ERROR_CONTAINMENT if the shape rules above forbid it. */
bool doc_node_append(doc_node *parent, doc_node *child, GError **error);

/* Take node (and its subtree) out of its parent.  It stays owned by the
 * document.  For builders only: a prepared tree does not change. */
void doc_node_unlink(doc_node *node);

/* Take every child out of parent, in order: an array of them (caller
 * frees the array; the nodes stay owned by the document).  Appending them
 * again one by one, some replaced, rebuilds parent's children.  For
 * builders only, as doc_node_unlink. */
GPtrArray *doc_node_take_children(doc_node *parent);

/* Can a node of type child be placed directly under a node of type parent? */
bool doc_can_contain(doc_type parent, doc_type child);
bool doc_type_is_inline(doc_type type);
bool doc_type_is_leaf(doc_type type);
const char *doc_type_name(doc_type type); /* "paragraph", "list", ... */

doc_type doc_node_type(const doc_node *node);
doc_node *doc_node_parent(const doc_node *node);
doc_node *doc_node_first_child(const doc_node *node);
doc_node *doc_node_last_child(const doc_node *node);
doc_node *doc_node_next(const doc_node *node);
doc_node *doc_node_prev(const doc_node *node);
int doc_node_child_count(const doc_node *node);

/* TEXT: the text.  Rejects invalid UTF-8 and characters XML 1.0 forbids
 * (C0 controls other than tab/newline/CR, U+FFFE, U+FFFF) with
 * DOC_ERROR_TEXT, so no writer ever has to cope with them. */
bool doc_node_set_text(doc_node *node, const char *text, GError **error);
const char *doc_node_text(const doc_node *node);

/* LINK: target URL. */
bool doc_node_set_url(doc_node *node, const char *url);
const char *doc_node_url(const doc_node *node);

/* TITLE (1..2), HEADING (1..3), NUMBERED (1..3, or 0: one below the last
 * numbered heading before it, else 1). */
bool doc_node_set_level(doc_node *node, int level);
int doc_node_level(const doc_node *node);

/* HEADING: takes a number from the paragraph scheme at its own level
 * ("2. Background", with paragraphs 2.1, 2.2 beneath). */
bool doc_node_set_numbered(doc_node *node, bool numbered);
bool doc_node_is_numbered(const doc_node *node);

/* LIST. */
bool doc_node_set_list_kind(doc_node *node, doc_list_kind kind);
doc_list_kind doc_node_list_kind(const doc_node *node);
/* LIST (ordered): the list numbering scheme by name; NULL: the default. */
bool doc_node_set_numbering(doc_node *node, const char *scheme);
const char *doc_node_numbering_name(const doc_node *node);

/* ROW: a header row repeats its look (bold) and is marked as header. */
bool doc_node_set_header_row(doc_node *node, bool header);
bool doc_node_is_header_row(const doc_node *node);

/* TABLE: relative column widths as given, e.g. {1, 2} = a third and two
 * thirds; unset (n == 0) means equal columns.  Each must be > 0.  The
 * array belongs to the tree. */
bool doc_node_set_column_widths(doc_node *node, const double *widths, int n);
/* TABLE: its caption, one line saying what the table is ("Capital costs
 * and their funding, 2025/26"), printed above it by every writer and
 * tagged as the table's caption; NULL or "" for none.  The text is checked
 * as doc_node_set_text checks it (DOC_ERROR_TEXT); false, changing
 * nothing, for another node type or bad text. */
bool doc_node_set_caption(doc_node *node, const char *caption, GError **error);
const char *doc_node_caption(const doc_node *node); /* NULL: none */
/* TABLE: drawn with lines round every cell (the default), or without (the
 * labelled front sheet of many reports). */
bool doc_node_set_borders(doc_node *node, bool borders);
bool doc_node_has_borders(const doc_node *node);
const double *doc_node_column_widths(const doc_node *node, int *n);

/* ---- resolved by prepare ------------------------------------------------ */

/* NUMBERED, numbered HEADING, ITEM: the label ("1.2", "(a)", "•"); NULL
 * for other nodes. */
const char *doc_node_label(const doc_node *node);
/* Their own counter's value (1-based) and level (1..NUM_LEVELS). */
int doc_node_number(const doc_node *node);
int doc_node_number_level(const doc_node *node);
/* Their numbering instance (1..doc_document_numbering_count); 0 if none. */
int doc_node_numbering(const doc_node *node);
/* LIST and ITEM: nesting depth; 0 for a top-level list. */
int doc_node_depth(const doc_node *node);
/* Any block: pt from the left of its area (the page's text area, or a
 * table cell's inside) to where its text starts.  For a TABLE, where the
 * table starts; for a LIST, where its labels start. */
double doc_node_indent(const doc_node *node);
/* Labelled nodes: pt from the left of the area to the label. */
double doc_node_label_indent(const doc_node *node);
/* PARAGRAPH: the space after it. */
doc_gap doc_node_gap(const doc_node *node);
/* TITLE, HEADING: its level in the document's outline (PDF tags H1..,
 * bookmarks, HTML h1..), 0 for other nodes.  The title block (every TITLE
 * line) is level 1; a heading is its own level, one below the title block
 * when one came before it, and never more than one below the title or
 * heading before it, so that levels never skip.  (Word keeps its Title
 * style and Heading 1-3 by the tree's levels.) */
int doc_node_outline_level(const doc_node *node);
#define DOC_MAX_OUTLINE_LEVEL 4 /* the title block and three heading levels */
/* TABLE: column widths as fractions of the table's width, summing to 1,
 * one per column (as many as the widest row, or as widths given). */
const double *doc_node_column_fractions(const doc_node *node, int *n);

/* Stable identity (any block).  NULL until set or prepared. */
bool doc_node_set_id(doc_node *node, const char *id);
const char *doc_node_id(const doc_node *node);
/* An id made from exempt information (id="{@id}" of exempt data): the
 * Schedule 12A paragraph, 0 for none; a public version does not keep it.
 * False, changing nothing, for another paragraph. */
bool doc_node_set_id_exempt(doc_node *node, int paragraph);
int doc_node_id_exempt(const doc_node *node);

/* Redlines: a block inserted or deleted whole (see the top of the file).
 * Only blocks take a mark; false for inline nodes. */
bool doc_node_set_change(doc_node *node, doc_change change);
doc_change doc_node_change(const doc_node *node);

/* The exempt mark (any node): the paragraph of Schedule 12A the node and
 * everything in it is exempt under, 1..DOC_EXEMPT_PARAGRAPHS, or 0 for
 * none.  False, changing nothing, for another value.  An EXEMPT inline
 * node always carries one. */
bool doc_node_set_exempt(doc_node *node, int paragraph);
int doc_node_exempt(const doc_node *node);

/* NUMBERED, numbered HEADING, ordered ITEM: the value the node's counter
 * must show (>= 1; 0: as counted).  See "Forced numbers" above.  False for
 * other nodes or a negative value. */
bool doc_node_set_start(doc_node *node, int value);
int doc_node_start(const doc_node *node);

/* Where the node came from (template file and line), for messages. */
void doc_node_set_source(doc_node *node, const char *file, int line);
const char *doc_node_source_file(const doc_node *node);
int doc_node_source_line(const doc_node *node);

/* Concatenated text of all TEXT descendants (BREAK gives "\n").
 * Newly allocated; caller frees with g_free. */
char *doc_node_plain_text(const doc_node *node);

/* ---- walking ----------------------------------------------------------- */

/* Walk a subtree without recursion.  Containers are reported twice (ENTER,
 * then EXIT after their children); leaves (TEXT, BREAK, PAGE_BREAK) once,
 * as ENTER.  The tree must not change during the walk.
 *
 *   doc_iter it;
 *   doc_iter_init(&it, doc_document_root(doc));
 *   for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
 *       doc_node *n = doc_iter_node(&it); ...
 *   }
 */
typedef enum { DOC_EVENT_DONE, DOC_EVENT_ENTER, DOC_EVENT_EXIT } doc_event;
typedef struct {
    doc_node *root;
    doc_node *current;
    doc_event event;
} doc_iter;

void doc_iter_init(doc_iter *it, doc_node *root);
doc_event doc_iter_next(doc_iter *it);
doc_node *doc_iter_node(const doc_iter *it);

/* A canonical XML dump of the tree: every property the tree was built with
 * (metadata, levels, numbering names, widths, borders, table captions,
 * header rows, URLs, exempt and change marks, forced numbers), the ids and
 * labels prepare gave it, and the
 * text, in a fixed order and layout.  Kept in every archived version, for
 * golden tests and for comparing versions (doc_document_load reads it
 * back).  Not kept: where nodes came from (template lines), and what
 * prepare works out again from the house style (indents, instances).
 * Newly allocated; caller frees with g_free. */
char *doc_document_dump(const doc_document *doc);

/* Read a dump back (doc_load.c): the tree as it was built, with the ids,
 * labels and label levels the dump records, so that dumping it again gives
 * the same bytes and a diff can name paragraphs by their labels without a
 * house style.  To write it, prepare it (doc_document_prepare), which works
 * out the same labels again from the same house style.  name is used in
 * messages ("name:line: what is wrong", DOC_ERROR_DUMP); NULL on error. */
doc_document *doc_document_load(const char *xml, gsize len, const char *name,
                                GError **error);

#endif
