/*
 * docx.h - private to the DOCX writer (write_docx.c and docx_*.c).
 *
 * The writer is split by part: write_docx.c packages and writes the small
 * parts, docx_styles.c turns the house style into styles.xml and
 * numbering.xml, docx_body.c walks the tree into document.xml,
 * docx_theme.c writes the theme and the settings Word expects, and
 * docx_xml.c is the thin layer over xmlTextWriter they all write through.
 */
#ifndef PAPERS_DOCX_H
#define PAPERS_DOCX_H

#include "doc.h"
#include "style.h"

#include <glib.h>
#include <libxml/xmlwriter.h>
#include <stdbool.h>

/* ---- namespaces -------------------------------------------------------- */

#define DOCX_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DOCX_NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define DOCX_NS_WP "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define DOCX_NS_PIC "http://schemas.openxmlformats.org/drawingml/2006/picture"

/* ---- one XML part being written ----------------------------------------- */

/* A part in memory.  Every helper below is a no-op once an xmlTextWriter
 * call has failed, and `failed` stays set, so element functions need not
 * check each call: the part is checked once, when it is closed.  A part
 * writer that finds a problem of its own calls docx_xml_fail. */
typedef struct {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    bool failed;
    GError *error; /* why, when a part writer said so; else NULL */
} docx_xml;

bool docx_xml_open(docx_xml *x);                   /* false: out of memory */
/* Finish the part.  On success hand back its bytes, allocated with malloc
 * because libzip frees them; on failure set error, naming the part. */
bool docx_xml_close(docx_xml *x, const char *part, char **data, gsize *len, GError **error);
void docx_xml_fail(docx_xml *x, GError *why);      /* takes why */

void docx_start(docx_xml *x, const char *name);
void docx_end(docx_xml *x);
void docx_attr(docx_xml *x, const char *name, const char *value);
void docx_attr_int(docx_xml *x, const char *name, long value);
void docx_string(docx_xml *x, const char *text);   /* escaped text */
/* <name/> and <name w:val="v"/>, the two most common WordprocessingML shapes. */
void docx_empty(docx_xml *x, const char *name);
void docx_val(docx_xml *x, const char *name, const char *value);
void docx_val_int(docx_xml *x, const char *name, long value);
/* <name>text</name> */
void docx_text_element(docx_xml *x, const char *name, const char *text);
/* The content of a w:r: w:t (spaces preserved), tabs as w:tab and
 * newlines as w:br. */
void docx_run_text(docx_xml *x, const char *text);
/* The same for a deleted run (inside w:del): w:delText for w:t. */
void docx_run_deleted_text(docx_xml *x, const char *text);

/* One side of a table border set: 0.5 pt single black, or none. */
void docx_border(docx_xml *x, const char *side, bool visible);

/* ---- units ------------------------------------------------------------- */

#define DOCX_EMU_PER_PT 12700.0   /* DrawingML's English Metric Units */
long docx_twips(double pt);       /* 1/20 pt: indents, spacing, page */
long docx_half_points(double pt); /* font sizes */

/* ---- numbering --------------------------------------------------------- */

/* numbering.xml has one w:num per numbering instance of the tree, with
 * numId = the instance's number (doc_document_numbering); a paragraph's
 * w:numPr names its node's instance and level (ilvl = level - 1). */

/* ---- parts ------------------------------------------------------------- */

/* What the parts must agree on, collected in one pass before writing. */
typedef struct {
    const doc_document *doc;
    const house_style *style;
    int paragraph_num_id;   /* first numbered-paragraph instance, 0 if none */
    /* The numbering the styles carry (numId), so that an officer who applies
     * "List Bullet" gets a bullet, "List Number" a number, and "Numbered
     * Paragraph" the paper's next number, even in a paper that has none
     * yet: the tree's first paragraph instance, else one of the styles'
     * own; the list styles always their own.  The styles' own w:num follow
     * the tree's instances in numbering.xml. */
    int num_paragraph_style, num_bullet_style, num_number_style;
    int num_count;          /* every w:num: the tree's and the styles' own */
    GPtrArray *links;       /* LINK nodes with a URL, tree order -> r:id */
    bool has_header, has_footer;
    int rid_header, rid_footer; /* in word/_rels/document.xml.rels; 0 = none */
    int rid_first_link;
    int rid_logo;           /* the logo picture (word/media/logo.png); 0 = none */
    GBytes *logo_png;       /* its bytes (owned), or NULL */
    const char *language;   /* BCP 47, never NULL */
} docx_package;

void docx_write_styles(docx_xml *x, const docx_package *pkg);
void docx_write_theme(docx_xml *x, const docx_package *pkg);    /* docx_theme.c */
void docx_write_settings(docx_xml *x, const docx_package *pkg); /* docx_theme.c */
void docx_write_numbering(docx_xml *x, const docx_package *pkg);
/* document.xml.  Fails the part when the tree is not as prepared (a
 * numbered paragraph whose number Word would not give it). */
void docx_write_document(docx_xml *x, const docx_package *pkg);

#endif
