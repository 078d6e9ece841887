/*
 * fuzz_inputs.c - loading and validating a report folder (inputs_load):
 * one file of an example report (a data file or report.xml) is replaced by
 * the fuzzer's bytes.  Input: "<report>/<file>\n<bytes>".
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    char *report = NULL, *file = NULL;
    const uint8_t *bytes;
    size_t len;
    if (!fuzz_split(data, size, &report, &file, &bytes, &len))
        return 0;
    if (fuzz_replace(report, file, bytes, len)) {
        char *dir = g_build_filename(fuzz_inputs_dir(), report, NULL);
        inputs_home home = fuzz_home();
        GError *error = NULL;
        inputs_report *r = inputs_load(dir, &home, &error);
        /* Exactly one of a report and an error, and the error is one line. */
        if ((r == NULL) == (error == NULL) || (error && strchr(error->message, '\n')))
            abort();
        g_clear_error(&error);
        inputs_free(r);
        g_free(dir);
        fuzz_restore();
    }
    g_free(report);
    g_free(file);
    return 0;
}
