/*
 * pdf_content.h - a PDF content-stream tokenizer, and the one rewrite the
 * PDF writer needs from it (private to the PDF writer; see pdf_finish.h).
 *
 * The tokenizer splits a decoded content stream (ISO 32000-1, 7.2 and
 * 8.9.7) into tokens without building objects: each token is a kind and a
 * byte range.  It knows literal strings (nested parentheses, backslash
 * escapes), hex strings, dictionaries, arrays, names, numbers, comments and
 * inline images, so that bytes inside a string or an image are never taken
 * for operators.
 *
 * The rewrite marks as artifacts (ISO 32000-1, 14.8.2.2) all content that
 * is outside every marked-content sequence: what cairo draws outside a
 * structure element (page furniture, repeated table headers, borders).
 * It only inserts "/Artifact BMC" and "EMC" between operations and copies
 * every other byte as it was.
 */
#ifndef PAPERS_PDF_CONTENT_H
#define PAPERS_PDF_CONTENT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    PDF_TOKEN_END,          /* no more input */
    PDF_TOKEN_NUMBER,
    PDF_TOKEN_NAME,         /* /Name, the slash included */
    PDF_TOKEN_STRING,       /* (literal), parentheses included */
    PDF_TOKEN_HEX_STRING,   /* <hex>, brackets included */
    PDF_TOKEN_ARRAY_OPEN,   /* [ */
    PDF_TOKEN_ARRAY_CLOSE,  /* ] */
    PDF_TOKEN_DICT_OPEN,    /* << */
    PDF_TOKEN_DICT_CLOSE,   /* >> */
    PDF_TOKEN_KEYWORD,      /* an operator, or true, false, null */
    PDF_TOKEN_IMAGE_DATA,   /* the bytes between an inline image's ID and EI */
    PDF_TOKEN_BAD,          /* malformed input: the scan stops here */
} pdf_token_kind;

typedef struct {
    pdf_token_kind kind;
    size_t start, end; /* the token is data[start, end) */
} pdf_token;

typedef struct {
    const unsigned char *data; /* borrowed */
    size_t len;
    size_t pos;
    bool image_next; /* the last token was the keyword ID */
    bool bad;        /* a BAD token was returned */
} pdf_lexer;

void pdf_lexer_init(pdf_lexer *lx, const unsigned char *data, size_t len);

/* The next token (comments and white space are skipped).  After END or
 * BAD every further call returns the same kind again. */
pdf_token pdf_lexer_next(pdf_lexer *lx);

/* Does the token's text equal s? */
bool pdf_token_is(const pdf_lexer *lx, const pdf_token *t, const char *s);

/* Wrap every run of content outside marked content in "/Artifact BMC ...
 * EMC".  Returns the new stream (caller frees) and, in *wrapped, how many
 * runs were wrapped (0: the stream was already fully marked and the copy
 * equals the input).  NULL with error when the stream is malformed (bad
 * token, unbalanced EMC, unterminated text object or marked content). */
GByteArray *pdf_content_mark_artifacts(const unsigned char *data, size_t len, int *wrapped,
                                       GError **error);

#endif
