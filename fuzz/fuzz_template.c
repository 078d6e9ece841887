/*
 * fuzz_template.c - template parsing and merge: the template of one
 * document of an example report is replaced by the fuzzer's bytes, merged
 * with the report's data, and the tree written by every writer.  Input:
 * "<report>/<document output name>\n<template bytes>".
 */
#include "fuzz_common.h"
#include "merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The examples, loaded once: templates change, the data does not. */
typedef struct {
    char *name;
    inputs_report *report;
    house_style *style;
} loaded_report;

static GPtrArray *reports; /* loaded_report * */
static char *template_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    /* One namespace declared in the data, so templates that walk namespace
     * nodes meet libxml2's heap copies, which ASan watches (the examples
     * have none; the implicit xml namespace is a static libxml2 object). */
    char *strategy = g_build_filename(fuzz_inputs_dir(), "community-safety-2019",
                                      "strategy.xml", NULL);
    char *text = NULL;
    if (!g_file_get_contents(strategy, &text, NULL, NULL) || !strstr(text, "<strategy>"))
        abort();
    GString *declared = g_string_new(text);
    g_string_replace(declared, "<strategy>", "<strategy xmlns:fuzz=\"urn:papers-fuzz\">", 1);
    fuzz_write_file(strategy, (const uint8_t *)declared->str, declared->len);
    g_string_free(declared, TRUE);
    g_free(text);
    g_free(strategy);
    reports = g_ptr_array_new();
    inputs_home home = fuzz_home();
    GDir *d = g_dir_open(fuzz_inputs_dir(), 0, NULL);
    for (const char *name; d && (name = g_dir_read_name(d));) {
        char *dir = g_build_filename(fuzz_inputs_dir(), name, NULL);
        loaded_report *l = g_new0(loaded_report, 1);
        l->name = g_strdup(name);
        l->report = inputs_load(dir, &home, NULL);
        char *style_path = l->report ? inputs_find_house_style(l->report) : NULL;
        l->style = style_path ? style_load(style_path, home.schemas_dir, NULL, NULL) : NULL;
        if (!l->style)
            abort(); /* the examples must load */
        g_ptr_array_add(reports, l);
        g_free(style_path);
        g_free(dir);
    }
    if (d)
        g_dir_close(d);
    template_path = g_build_filename(fuzz_inputs_dir(), "fuzzed-template.xml", NULL);
    /* Warm the font caches outside any input (see fuzz_pipeline.c). */
    fuzz_build("community-safety-2019", "report.xml", true);
    return 0;
}

static const inputs_document *find_document(const loaded_report *l, const char *output)
{
    for (guint i = 0; i < l->report->documents->len; i++) {
        const inputs_document *doc = g_ptr_array_index(l->report->documents, i);
        if (g_str_equal(doc->output, output))
            return doc;
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *report = NULL, *output = NULL;
    const uint8_t *bytes;
    size_t len;
    if (!fuzz_split(data, size, &report, &output, &bytes, &len))
        return 0;
    for (guint i = 0; i < reports->len; i++) {
        const loaded_report *l = g_ptr_array_index(reports, i);
        const inputs_document *doc = g_str_equal(l->name, report) ? find_document(l, output) : NULL;
        if (!doc)
            continue;
        fuzz_write_file(template_path, bytes, len);
        char *schemas = fuzz_repo_path("schemas");
        GError *error = NULL;
        doc_document *tree = merge_document(l->report, doc, template_path, schemas, l->style,
                                            NULL, &error);
        if ((tree == NULL) == (error == NULL) || (error && strchr(error->message, '\n')))
            abort();
        if (tree)
            fuzz_write_all(tree, l->style);
        g_clear_error(&error);
        doc_document_free(tree);
        g_free(schemas);
    }
    g_free(report);
    g_free(output);
    return 0;
}
