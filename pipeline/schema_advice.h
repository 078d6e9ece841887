/*
 * schema_advice.h - what to write instead, for a value the schema refused.
 *
 * libxml2 says what failed ("'83%' is not a valid value of the atomic type
 * 'fraction'", "[facet 'pattern'] The value 'Z1' is not accepted by the
 * pattern '[A-Z]|[1-9][0-9]?'") but not what is accepted.  The schemas say
 * it, in plain words, as the xs:annotation/xs:documentation of each simple
 * type ("a share is a fraction from 0 to 1: write shares as 0.83, not
 * 83%"); the built-in types (xs:date, xs:nonNegativeInteger, ...) have
 * theirs in a table here.  The advice is found from every error libxml2
 * reported for the first error's line: it names the facet first and the
 * type only in a later error, or (for an attribute) not at all, when the
 * declaration of the element or attribute is looked up instead.
 */
#ifndef PAPERS_SCHEMA_ADVICE_H
#define PAPERS_SCHEMA_ADVICE_H

/* One error libxml2 reported while validating. */
typedef struct {
    int line;
    char *message;
} schema_error;

/* The advice for errors[0], or NULL when there is none (not a value error,
 * or an undocumented type).  schema_path is the schema validated against;
 * its includes are read beside it, or by name from schema_home (NULL: only
 * beside it).  Caller frees. */
char *schema_advice(const char *schema_path, const char *schema_home,
                    const schema_error *errors, int n_errors);

/* The advice of a named simple type of the schema at schema_path (or a
 * schema it includes), or NULL when it has none.  For values papers checks
 * itself against a schema's type (exempt="3" on any data element).  Caller
 * frees. */
char *schema_type_advice(const char *schema_path, const char *schema_home, const char *type);

/* The advice for a built-in type ("xs:date"), or NULL. */
const char *schema_builtin_advice(const char *type);

#endif
