/*
 * logo.c - the council's logo (see logo.h): PNG through cairo, SVG through
 * librsvg.
 */
#include "logo.h"

#include <gio/gio.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <string.h>

struct logo_image {
    gint refs;              /* the house styles and this thread's cache holding it */
    GBytes *bytes;          /* the file */
    bool svg;
    cairo_surface_t *image; /* PNG: its pixels */
    RsvgHandle *handle;     /* SVG: the parsed document */
    double width, height;   /* intrinsic size, for its shape */
    logo_pixels *pdf;       /* PNG: its samples for the PDF, made on first use */
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

/* ---- the logos this thread has decoded -------------------------------------- */

/* A batch builds many reports of a few house styles on each thread, and a
 * PNG logo's pixels cost as much to decode as merging a report.  Kept per
 * thread because a cairo surface or librsvg handle in use on two threads
 * is a data race; a few because a thread sees few house styles, and the
 * oldest makes room. */
#define LOGO_CACHE_SIZE 8

static void logo_cache_free(gpointer cache)
{
    g_ptr_array_free(cache, TRUE);
}

static GPrivate thread_logos = G_PRIVATE_INIT(logo_cache_free);

static GPtrArray *logo_cache(void)
{
    GPtrArray *cache = g_private_get(&thread_logos);
    if (!cache) {
        cache = g_ptr_array_new_with_free_func((GDestroyNotify)logo_free);
        g_private_set(&thread_logos, cache);
    }
    return cache;
}

static logo_image *logo_ref(logo_image *l)
{
    g_atomic_int_inc(&l->refs);
    return l;
}

/* A logo this thread decoded from the same bytes, a new reference. */
static logo_image *logo_cached(GBytes *bytes, bool svg)
{
    GPtrArray *cache = logo_cache();
    for (guint i = 0; i < cache->len; i++) {
        logo_image *l = g_ptr_array_index(cache, i);
        if (l->svg == svg && g_bytes_equal(l->bytes, bytes))
            return logo_ref(l);
    }
    return NULL;
}

static void logo_keep(logo_image *l)
{
    GPtrArray *cache = logo_cache();
    if (cache->len >= LOGO_CACHE_SIZE)
        g_ptr_array_remove_index(cache, 0);
    g_ptr_array_add(cache, logo_ref(l));
}

/* ---- loading ------------------------------------------------------------------ */

logo_image *logo_load(const char *path, bool svg, GError **error)
{
    GError *local = NULL;
    char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, &local)) {
        g_set_error(error, LOGO_ERROR, 1, "the logo %s: %s", path, local->message);
        g_error_free(local);
        return NULL;
    }
    GBytes *bytes = g_bytes_new_take(data, len);
    logo_image *l = logo_cached(bytes, svg);
    if (l) {
        g_bytes_unref(bytes);
        return l;
    }
    l = g_new0(logo_image, 1);
    l->refs = 1;
    l->svg = svg;
    l->bytes = bytes;
    if (!(svg ? logo_load_svg(l, &local) : logo_load_png(l, &local))) {
        g_set_error(error, LOGO_ERROR, 1, "the logo %s: %s", path, local->message);
        g_error_free(local);
        logo_free(l);
        return NULL;
    }
    logo_keep(l);
    return l;
}

void logo_free(logo_image *l)
{
    if (!l || !g_atomic_int_dec_and_test(&l->refs))
        return;
    if (l->bytes)
        g_bytes_unref(l->bytes);
    if (l->image)
        cairo_surface_destroy(l->image);
    if (l->handle)
        g_object_unref(l->handle);
    if (l->pdf) {
        g_bytes_unref(l->pdf->colour);
        if (l->pdf->alpha)
            g_bytes_unref(l->pdf->alpha);
        g_free(l->pdf);
    }
    g_free(l);
}

bool logo_is_svg(const logo_image *l) { return l->svg; }
double logo_aspect(const logo_image *l) { return l->height / l->width; }
GBytes *logo_bytes(const logo_image *l) { return l->bytes; }
const char *logo_media_type(const logo_image *l) { return l->svg ? "image/svg+xml" : "image/png"; }

/* ---- the PDF's image ------------------------------------------------------------ */

/* zlib's format at its default level, as /FlateDecode reads it. */
static GBytes *logo_deflate(const guint8 *data, gsize len)
{
    GConverter *z = G_CONVERTER(g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB, -1));
    GByteArray *out = g_byte_array_new();
    guint8 buffer[16384];
    GConverterResult r;
    do {
        gsize read = 0, written = 0;
        r = g_converter_convert(z, data, len, buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END,
                                &read, &written, NULL);
        g_byte_array_append(out, buffer, (guint)written);
        data += read;
        len -= read;
    } while (r == G_CONVERTER_CONVERTED); /* FINISHED at the end; ERROR cannot
                                             happen with room to write */
    g_object_unref(z);
    return g_byte_array_free_to_bytes(out);
}

/* cairo keeps colour multiplied by alpha; a PDF image keeps it plain, its
 * alpha in a separate soft mask.  Rounded as cairo's PDF writer does. */
static guint8 logo_unpremultiply(guint32 channel, guint32 alpha)
{
    return alpha == 0 ? 0 : (guint8)((channel * 255 + alpha / 2) / alpha);
}

const logo_pixels *logo_pdf_pixels(logo_image *l)
{
    if (l->svg)
        return NULL;
    if (l->pdf)
        return l->pdf;
    cairo_surface_flush(l->image);
    int w = cairo_image_surface_get_width(l->image), h = cairo_image_surface_get_height(l->image);
    int stride = cairo_image_surface_get_stride(l->image);
    const guint8 *rows = cairo_image_surface_get_data(l->image);
    bool has_alpha = cairo_image_surface_get_format(l->image) == CAIRO_FORMAT_ARGB32;
    gsize n = (gsize)w * (gsize)h;
    guint8 *colour = g_malloc(3 * n), *alpha = g_malloc(n);
    bool opaque = true;
    for (int y = 0; y < h; y++) {
        const guint32 *row = (const guint32 *)(const void *)(rows + (gsize)y * (gsize)stride);
        for (int x = 0; x < w; x++) {
            guint32 p = row[x], a = has_alpha ? p >> 24 : 255;
            gsize i = (gsize)y * (gsize)w + (gsize)x;
            colour[3 * i] = logo_unpremultiply((p >> 16) & 0xFF, a);
            colour[3 * i + 1] = logo_unpremultiply((p >> 8) & 0xFF, a);
            colour[3 * i + 2] = logo_unpremultiply(p & 0xFF, a);
            alpha[i] = (guint8)a;
            opaque &= a == 255;
        }
    }
    l->pdf = g_new0(logo_pixels, 1);
    l->pdf->width = w;
    l->pdf->height = h;
    l->pdf->colour = logo_deflate(colour, 3 * n);
    l->pdf->alpha = opaque ? NULL : logo_deflate(alpha, n);
    g_free(colour);
    g_free(alpha);
    return l->pdf;
}

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
    g_return_val_if_fail(l->svg, false);
    return logo_render_svg(l, cr, x, y, width, error);
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
