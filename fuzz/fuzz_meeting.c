/*
 * fuzz_meeting.c - a meeting folder's meeting.xml (pack_meeting_load, the
 * reader of 'papers pack'): the input is the file, placed where the demo
 * meeting's is, so its report="../../inputs/..." folders are the copy's.
 * The reader returns a meeting or a one-line error, never both or neither.
 */
#include "fuzz_common.h"
#include "pack_private.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    char *work = g_path_get_dirname(fuzz_inputs_dir());
    char *folder = g_build_filename(work, "meetings", "fuzz", NULL);
    g_mkdir_with_parents(folder, 0755);
    char *path = g_build_filename(folder, "meeting.xml", NULL);
    char *schemas = fuzz_repo_path("schemas");
    fuzz_write_file(path, data, size);
    GError *error = NULL;
    pack_meeting_info *m = pack_meeting_load(path, schemas, &error);
    if ((m == NULL) == (error == NULL) || (error && strchr(error->message, '\n')))
        abort();
    g_clear_error(&error);
    pack_meeting_free(m);
    g_free(schemas);
    g_free(path);
    g_free(folder);
    g_free(work);
    return 0;
}
