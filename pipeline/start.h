/*
 * start.h - starting something new from what a profile ships, so that an
 * officer never copies files by hand:
 *
 *   papers new PROFILE DIR                   a report folder, from the
 *                                            profile's example/
 *   papers new-profile NAME DIR --from P     a council's own profile DIR/NAME,
 *                                            a copy of profile P
 *
 * A profile is named as a report names it: a name with no '/' is looked for
 * in each folder of a profiles path (folders separated by ':', searched in
 * order: see inputs.h), anything with a '/' is a folder.  Copies hold only
 * folders and regular files; a symbolic link is refused, never followed.
 */
#ifndef PAPERS_START_H
#define PAPERS_START_H

#include <glib.h>
#include <stdbool.h>

/* The folder of profile (a name or a path), or NULL with a message that
 * lists the profiles there are. */
char *start_find_profile(const char *profile, const char *profiles_path, GError **error);

/* Copy the profile's example/ to dir, which must not exist yet, and make
 * its report.xml name the profile: by name when it was found by name, else
 * by its path relative to dir.  The new folder builds as it is. */
bool start_report(const char *profile, const char *profiles_path, const char *dir,
                  GError **error);

/* Copy profile from to dir/name (dir is made if missing; dir/name must not
 * exist), with the example's report.xml naming the new profile.  name is a
 * profile name: lower-case letters, digits and '-'. */
bool start_profile(const char *name, const char *dir, const char *from,
                   const char *profiles_path, GError **error);

#endif
