/*
 * numbering.h - numbering schemes: how a council numbers its paragraphs
 * (1, 2, 3 through the paper; 1, 1.1, 1.2 by section; restarting in each
 * section) and its ordered lists ((a), (b) with (i), (ii) beneath).
 *
 * A scheme is a list of levels, each with a number format and a label
 * pattern in Word's own lvlText syntax: "%1." is the level-1 counter and a
 * full stop, "%1.%2" the level-1 and level-2 counters, "(%2)" the level-2
 * counter in brackets.  The same pattern is expanded here for the text and
 * PDF writers and written as-is into word/numbering.xml, so Word computes
 * the very labels the other formats print.
 *
 * Schemes are defined in the house style; the tree's prepare step
 * (doc_prepare.c) counts and labels the nodes with them.
 */
#ifndef PAPERS_NUMBERING_H
#define PAPERS_NUMBERING_H

#include <glib.h>
#include <stdbool.h>

/* A scheme defines up to three levels (1, 1.1, 1.1.1): a fourth is not used
 * in any paper we have seen.  Lists may nest deeper, up to Word's nine
 * levels (NUM_LEVELS); levels past a scheme's last repeat its look. */
#define NUM_MAX_LEVELS 3
#define NUM_LEVELS 9

/* The largest counter value a label is made for: beyond this, letters run
 * to four characters ("zzzz" is 475,254) and roman numerals lose meaning.
 * Counters above it print as decimal numbers. */
#define NUM_MAX_VALUE 3999

typedef enum {
    NUM_DECIMAL,      /* 1, 2, 3 */
    NUM_LOWER_LETTER, /* a, b, ... z, aa, bb (Word's way) */
    NUM_UPPER_LETTER, /* A, B, ... */
    NUM_LOWER_ROMAN,  /* i, ii, iii, iv */
    NUM_UPPER_ROMAN,  /* I, II, III, IV */
    NUM_BULLET,       /* no number: the pattern is the glyph itself */
    NUM_FORMAT_COUNT
} num_format;

typedef struct {
    num_format format;
    char *text;          /* label pattern, e.g. "%1.%2" or "(%1)" */
    double indent;       /* paragraphs: pt from the area's left to the text */
    double label_indent; /* paragraphs: pt from the area's left to the label */
    double hang;         /* lists: pt from the label to the text; 0 = the
                            house style's list hang */
} num_level;

typedef struct {
    char *name;          /* "continuous", "sections", "letters" ... */
    int n_levels;        /* 1..NUM_MAX_LEVELS */
    num_level level[NUM_MAX_LEVELS];
    bool restart_per_section; /* level 1 starts again in each top-level section */
} num_scheme;

/* "lower-letter" <-> NUM_LOWER_LETTER; false / NULL if unknown. */
bool num_format_parse(const char *name, num_format *format);
const char *num_format_name(num_format format);
/* Word's w:numFmt value: "decimal", "lowerLetter", ... */
const char *num_format_word(num_format format);

/* One counter in a format: 28 as lower letters is "bb".  value >= 1;
 * values above NUM_MAX_VALUE come out in decimal.  Caller frees. */
char *num_format_value(num_format format, int value);

/* Is pattern a usable label pattern for a level (1-based) of a scheme?
 * It may name only levels 1..level ("%1" .. "%3"), and must name its own
 * (bullets name none).  On false, why says what is wrong (static string). */
bool num_pattern_valid(const char *pattern, num_format format, int level, const char **why);

/* The look of level (1..NUM_LEVELS) of a scheme: its own, or for a level
 * past the scheme's last, the last one's.  Never NULL. */
const num_level *num_scheme_level(const num_scheme *scheme, int level);

/* The label pattern of level (1..NUM_LEVELS): a level past the scheme's
 * last takes the last one's pattern with its own number in place of the
 * last level's ("(%3)" becomes "(%5)" on level 5).  Caller frees. */
char *num_level_pattern(const num_scheme *scheme, int level);

/* The label of a node at level (1..NUM_LEVELS) of scheme, whose counters
 * at levels 1..level are counters[0..level-1].  Caller frees. */
char *num_label(const num_scheme *scheme, int level, const int *counters);

/* Deep copy and free, for house styles that own their schemes. */
void num_scheme_copy(num_scheme *to, const num_scheme *from);
void num_scheme_clear(num_scheme *scheme);

#endif
