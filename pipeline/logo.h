/*
 * logo.h - the council's logo, read once with the house style and drawn by
 * every writer the same size (docs/layout.md, "logo").
 *
 * A logo is a PNG or an SVG file.  Loading reads the whole file into memory
 * (what is drawn is what was recorded in the build's files read) and works
 * out its shape: a PNG's pixels, an SVG's intrinsic size or view box.  The
 * PDF draws an SVG as vector graphics and a PNG as its image; Word and the
 * web page take a PNG (an SVG rendered at LOGO_RENDER_DPI) or, for the web
 * page, the SVG itself.
 *
 * Ownership: a logo owns its bytes and what it decoded, and is counted:
 * each thread keeps the last few logos it decoded, and logo_load gives a
 * new reference to one of them when the file has the same bytes, so a batch
 * decodes its house styles' logos once a thread.  logo_free drops the
 * caller's reference.  Use a logo on the thread that loaded it.
 */
#ifndef PAPERS_LOGO_H
#define PAPERS_LOGO_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

/* An SVG logo becomes a picture for Word at print resolution: sharp on
 * paper, a few tens of kilobytes for a logo a few centimetres wide. */
#define LOGO_RENDER_DPI 300.0
/* Pixels of an SVG rendered for Word, at most per side: a logo is a few
 * centimetres, so more means a width in the house style gone wrong. */
#define LOGO_MAX_PIXELS 8000

typedef struct logo_image logo_image;

/* Read and decode path (svg: an SVG file, else a PNG), or find it decoded
 * already on this thread.  NULL with a sentence saying what is wrong when
 * the file cannot be read or decoded. */
logo_image *logo_load(const char *path, bool svg, GError **error);
void logo_free(logo_image *l);

bool logo_is_svg(const logo_image *l);
/* Height over width: the logo is drawn at the house style's width, this
 * shape kept. */
double logo_aspect(const logo_image *l);
/* The file's own bytes and their media type ("image/png", "image/svg+xml"). */
GBytes *logo_bytes(const logo_image *l);
const char *logo_media_type(const logo_image *l);

/* The logo as PNG bytes for a picture width_pt wide: a PNG logo's own
 * bytes, an SVG rendered at LOGO_RENDER_DPI.  NULL with error if rendering
 * fails.  Caller unrefs. */
GBytes *logo_png(const logo_image *l, double width_pt, GError **error);

/* A PNG logo's pixels as a PDF image holds them: 8-bit RGB samples and
 * 8-bit alpha samples (its soft mask; NULL when every pixel is opaque),
 * each deflated as /FlateDecode reads them. */
typedef struct {
    int width, height;
    GBytes *colour;
    GBytes *alpha;
} logo_pixels;

/* The logo's pixels for the PDF, made on first use and kept with the
 * logo: deflating them cost a fifth of a batch's PDF time when cairo did
 * it again for every document (write_pdf.c, "the logo").  NULL for an SVG
 * logo, which the PDF draws as vector graphics. */
const logo_pixels *logo_pdf_pixels(logo_image *l);

/* Draw an SVG logo with its top left corner at x, y, width wide (height by
 * its shape), as vector graphics on any cairo surface.  False with error
 * if librsvg cannot render it.  (A PNG logo goes into the PDF as its
 * pixels, logo_pdf_pixels.) */
bool logo_draw(const logo_image *l, cairo_t *cr, double x, double y, double width, GError **error);

#endif
