/*
 * logo.c - the council's logo (see logo.h): PNG through cairo, SVG through
 * librsvg.
 */
#include "logo.h"

#include <librsvg/rsvg.h>
#include <math.h>
#include <string.h>

struct logo_image {
    GBytes *bytes;          /* the file */
    bool svg;
    cairo_surface_t *image; /* PNG: its pixels */
    RsvgHandle *handle;     /* SVG: the parsed document */
    double width, height;   /* intrinsic size, for its shape */
};

#define LOGO_ERROR (g_quark_from_static_string("papers-logo"))

/* ---- reading PNG bytes with cairo ----------------------------------------- */

typedef struct {
    const unsigned char *data;
    gsize len, pos;
} logo_reader;

static cairo_status_t logo_read(void *closure, unsigned char *out, unsigned int length)
{
    logo_reader *r = closure;
    if (r->len - r->pos < length)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->pos, length);
    r->pos += length;
    return CAIRO_STATUS_SUCCESS;
}

static bool logo_load_png(logo_image *l, GError **error)
{
    /* len is read first: an initializer that also wrote into r would race
     * the zeroing of r's other members (clang zeroes them afterwards). */
    gsize len = 0;
    const unsigned char *data = g_bytes_get_data(l->bytes, &len);
    logo_reader r = {.data = data, .len = len};
    l->image = cairo_image_surface_create_from_png_stream(logo_read, &r);
    cairo_status_t status = cairo_surface_status(l->image);
    if (status != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, LOGO_ERROR, 1, "it cannot be read as a PNG image (%s)",
                    cairo_status_to_string(status));
        return false;
    }
    l->width = cairo_image_surface_get_width(l->image);
    l->height = cairo_image_surface_get_height(l->image);
    return true;
}

/* ---- SVG with librsvg --------------------------------------------------------- */

static bool logo_load_svg(logo_image *l, GError **error)
{
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(l->bytes, &len);
    GError *local = NULL;
    l->handle = rsvg_handle_new_from_data(data, len, &local);
    if (!l->handle) {
        g_set_error(error, LOGO_ERROR, 1, "it cannot be read as an SVG image (%s)",
                    local ? local->message : "librsvg gives no reason");
        g_clear_error(&local);
        return false;
    }
    gboolean has_width, has_height, has_box;
    RsvgLength w, h;
    RsvgRectangle box;
    rsvg_handle_get_intrinsic_dimensions(l->handle, &has_width, &w, &has_height, &h, &has_box,
                                         &box);
    if (!rsvg_handle_get_intrinsic_size_in_pixels(l->handle, &l->width, &l->height) &&
        has_box) {
        l->width = box.width;
        l->height = box.height;
    }
    if (!(l->width > 0 && l->height > 0)) {
        g_set_error(error, LOGO_ERROR, 1,
                    "the SVG image has no size: give its <svg> element a width and height, "
                    "or a viewBox");
        return false;
    }
    return true;
}

logo_image *logo_load(const char *path, bool svg, GError **error)
{
    logo_image *l = g_new0(logo_image, 1);
    l->svg = svg;
    GError *local = NULL;
    char *data = NULL;
    gsize len = 0;
    bool ok = g_file_get_contents(path, &data, &len, &local);
    if (ok) {
        l->bytes = g_bytes_new_take(data, len);
        ok = svg ? logo_load_svg(l, &local) : logo_load_png(l, &local);
    }
    if (!ok) {
        g_set_error(error, LOGO_ERROR, 1, "the logo %s: %s", path, local->message);
        g_error_free(local);
        logo_free(l);
        return NULL;
    }
    return l;
}

void logo_free(logo_image *l)
{
    if (!l)
        return;
    if (l->bytes)
        g_bytes_unref(l->bytes);
    if (l->image)
        cairo_surface_destroy(l->image);
    if (l->handle)
        g_object_unref(l->handle);
    g_free(l);
}

bool logo_is_svg(const logo_image *l) { return l->svg; }
double logo_aspect(const logo_image *l) { return l->height / l->width; }
GBytes *logo_bytes(const logo_image *l) { return l->bytes; }
const char *logo_media_type(const logo_image *l) { return l->svg ? "image/svg+xml" : "image/png"; }

/* ---- drawing ---------------------------------------------------------------- */

static bool logo_render_svg(const logo_image *l, cairo_t *cr, double x, double y, double width,
                            GError **error)
{
    RsvgRectangle viewport = {x, y, width, width * logo_aspect(l)};
    GError *local = NULL;
    if (!rsvg_handle_render_document(l->handle, cr, &viewport, &local)) {
        g_set_error(error, LOGO_ERROR, 1, "the SVG logo cannot be drawn (%s)",
                    local ? local->message : "librsvg gives no reason");
        g_clear_error(&local);
        return false;
    }
    return true;
}

bool logo_draw(const logo_image *l, cairo_t *cr, double x, double y, double width, GError **error)
{
    if (l->svg)
        return logo_render_svg(l, cr, x, y, width, error);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, width / l->width, width / l->width);
    cairo_set_source_surface(cr, l->image, 0, 0);
    /* FAST: cairo then writes no /Interpolate true, which PDF/A forbids. */
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_FAST);
    /* A filled rectangle, not cairo_paint: cairo 1.16 cannot finish a
     * tagged PDF that paints an image inside a structure element. */
    cairo_rectangle(cr, 0, 0, l->width, l->height);
    cairo_fill(cr);
    cairo_restore(cr);
    return true;
}

static cairo_status_t logo_write(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

GBytes *logo_png(const logo_image *l, double width_pt, GError **error)
{
    if (!l->svg)
        return g_bytes_ref(l->bytes);
    double w = round(width_pt / 72.0 * LOGO_RENDER_DPI), h = round(w * logo_aspect(l));
    if (!(w >= 1 && h >= 1 && w <= LOGO_MAX_PIXELS && h <= LOGO_MAX_PIXELS)) {
        g_set_error(error, LOGO_ERROR, 1,
                    "the logo would be %.0f x %.0f pixels at %.0f dpi; give it a width of a "
                    "few centimetres",
                    w, h, LOGO_RENDER_DPI);
        return NULL;
    }
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
    cairo_t *cr = cairo_create(surface);
    bool ok = logo_render_svg(l, cr, 0, 0, w, error);
    cairo_destroy(cr);
    GByteArray *png = g_byte_array_new();
    if (ok && cairo_surface_write_to_png_stream(surface, logo_write, png) != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, LOGO_ERROR, 1, "the SVG logo cannot be made a PNG picture");
        ok = false;
    }
    cairo_surface_destroy(surface);
    if (!ok) {
        g_byte_array_free(png, TRUE);
        return NULL;
    }
    return g_byte_array_free_to_bytes(png);
}
