/*
 * fuzz_pipeline.c - the whole pipeline from a fuzzed data file: one file of
 * an example report is replaced, the report is loaded and validated, every
 * document that uses the file is merged and written by every writer (txt,
 * docx, pdf, tree) into memory.  Input: "<report>/<file>\n<bytes>".
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    /* Once with the examples as they are: fontconfig and pango load their
     * process-lifetime caches here, not during an input, where they would
     * count as that input's leaks. */
    fuzz_build("community-safety-2019", "report.xml", true);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *report = NULL, *file = NULL;
    const uint8_t *bytes;
    size_t len;
    if (!fuzz_split(data, size, &report, &file, &bytes, &len))
        return 0;
    if (fuzz_replace(report, file, bytes, len)) {
        fuzz_build(report, file, true);
        fuzz_restore();
    }
    g_free(report);
    g_free(file);
    return 0;
}
