/*
 * fuzz_manifest.c - the archive manifest reader (archive_record.h): the
 * input is a manifest.xml.  A manifest the reader accepts must survive the
 * round trip: written again and read back, it gives the same bytes.
 */
#include "archive_record.h"
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    char *path = g_build_filename(fuzz_inputs_dir(), "manifest.xml", NULL);
    char *schema = fuzz_repo_path("schemas/archive-manifest.xsd");
    fuzz_write_file(path, data, size);
    GError *error = NULL;
    archive_record *r = archive_record_load(path, schema, &error);
    if ((r == NULL) == (error == NULL) || (error && strchr(error->message, '\n')))
        abort();
    g_clear_error(&error);
    if (r) {
        GBytes *once = archive_record_to_xml(r);
        gsize len = 0;
        const uint8_t *bytes = g_bytes_get_data(once, &len);
        fuzz_write_file(path, bytes, len);
        archive_record *back = archive_record_load(path, schema, &error);
        if (!back) {
            fprintf(stderr, "a manifest written from an accepted one is refused: %s\n",
                    error ? error->message : "");
            abort();
        }
        GBytes *twice = archive_record_to_xml(back);
        if (!g_bytes_equal(once, twice))
            abort(); /* read back, written again: the same bytes */
        g_bytes_unref(twice);
        archive_record_free(back);
        g_bytes_unref(once);
        archive_record_free(r);
    }
    g_free(schema);
    g_free(path);
    return 0;
}
