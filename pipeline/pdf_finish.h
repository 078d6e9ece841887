/*
 * pdf_finish.h - the PDF writer's last stage: cairo's tagged PDF becomes a
 * PDF/UA-1 and PDF/A-2a file (private to the PDF writer).
 *
 * cairo 1.16 draws the pages, the structure tree, the links and the
 * outline, but cannot write what the two standards add: the language, the
 * XMP metadata, the output intent, the viewer preference to show the
 * title, link descriptions and print flags, the tab order, table header
 * scope, figures' text alternatives, artifacts for content outside the
 * structure, and a trailer ID.  It also puts each logo's pixels, deflated
 * once, where the writer drew a placeholder.
 * pdf_finish reads cairo's file with libqpdf (its C API), edits objects
 * (never bytes of the file), and writes the result with qpdf's writer.
 *
 * Content that cairo drew outside every structure element (page furniture,
 * repeated table header rows, borders) is marked as an artifact in the
 * page's content stream (pdf_content.h).  So the caller must draw such
 * content while no leaf structure element is open.
 *
 * Output is deterministic: no clock, qpdf's deterministic /ID (a digest of
 * the file), objects numbered in the order qpdf's writer reaches them.
 */
#ifndef PAPERS_PDF_FINISH_H
#define PAPERS_PDF_FINISH_H

#include "logo.h"
#include "write.h"

#include <glib.h>
#include <stdbool.h>

/* The sRGB profile of the output intent, read at run time: ICC v2, from
 * the Debian package icc-profiles-free. */
#define PDF_FINISH_SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"
#define PDF_FINISH_SRGB_PACKAGE "icc-profiles-free"
/* The document language when the document names none. */
#define PDF_FINISH_DEFAULT_LANGUAGE "en-GB"

typedef struct {
    const char *title;        /* required, not empty (PDF/UA: dc:title) */
    const char *author;       /* NULL: none */
    const char *subject;      /* NULL: none */
    const char *keywords;     /* NULL: none (a full version's marking, "NOT FOR
                                 PUBLICATION - ...") */
    const char *language;     /* BCP 47; NULL: PDF_FINISH_DEFAULT_LANGUAGE */
    const char *creator_tool; /* the application that made the document */
    const char *producer;     /* what drew the PDF, e.g. "cairo 1.16.0"; qpdf's
                                 name and version are added */
    GDateTime *timestamp;     /* created = modified = metadata date */
    /* What each Link structure element says (its text), one per Link
     * element in the order they were begun; becomes the annotation's
     * /Contents.  NULL: the link's URI is used. */
    const char *const *link_texts;
    int n_link_texts;
    const char *icc_profile;  /* NULL: PDF_FINISH_SRGB_PROFILE */
    int first_page_label;     /* > 0: pages are labelled first_page_label, +1, ...
                                 as their printed numbers (a meeting pack's); 0:
                                 as cairo left them */
    /* The text alternatives of the Figure elements, in document order (a
     * paper's only figure is its logo; a meeting pack has one per paper
     * drawn with one): their /Alt.  A Figure without one is an error. */
    const char *const *figure_alts;
    int n_figure_alts;
    /* The logos' pixels, put in place of the placeholder images the writer
     * drew: the placeholder of images[i] is 1 pixel wide and i + 1 high,
     * with an alpha channel (so cairo writes its soft mask) when images[i]
     * has one.  cairo would deflate a logo's pixels again for every
     * document; these were deflated once. */
    const logo_pixels *const *images;
    int n_images;
} pdf_finish_info;

/* Finish cairo_pdf (a whole file cairo wrote) and put the new file into
 * sink.  False with error (WRITE_ERROR) when the profile cannot be read,
 * when the input is not what cairo writes (e.g. a link annotation outside
 * the structure tree), when qpdf reports any error or warning, or when
 * the sink fails; nothing is put into the sink then. */
bool pdf_finish(const GByteArray *cairo_pdf, const pdf_finish_info *info, write_sink *sink,
                GError **error);

#endif
