#!/usr/bin/env python3
"""Compare two texts of the same paper paragraph by paragraph.

usage: compare_text.py REFERENCE CANDIDATE [--drop REGEX]... [--skip TEXT]... [--tree TREE]
                       [--quiet]

Both files are split into paragraphs: a blank line ends a paragraph, and a
line that starts with a bullet glyph starts a new one.  Within a paragraph,
wrapped lines are joined (a line ending in "letter-" joins the next without a
space, as "web-" + "based"), bullet glyphs at line starts are dropped and
white space is folded.  Lines matching a --drop regex (page footers) are
treated as blank.

Each --skip TEXT is one paragraph of CANDIDATE, those exact words (white
space folded), that REFERENCE does not have: it is taken out before the
comparison, and it must be there (a public version's notice in place of
exempt information the reference never held).

With --tree (the document's .tree.xml), table rows are compared as the
words of each row (table_rows.py): the text writer sets a row's cells side
by side, the PDF and Word cell after cell.  Bullet glyphs are then dropped
wherever they stand, on both sides.

The texts match when every paragraph of REFERENCE, in order, has the same
words as one or more consecutive paragraphs of CANDIDATE (or the other way
round: a bullet list may be one paragraph on one side and several on the
other), with nothing left over on either side.  Exit 0 on a match, 1 with
the first difference on stderr, 2 on usage errors.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import table_rows  # noqa: E402

BULLETS = "\u2022\u25e6\u25aa\u00b7\uf0b7\u2023\u2043\u25cf\u25cb"
BULLET_AT_START = re.compile("^[" + BULLETS + "]\\s*")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)


def paragraphs(text, drops):
    paras, current = [], []

    def flush():
        if current:
            paras.append(join_lines(current))
            current.clear()

    for raw in text.translate(INVISIBLE).replace("\f", "\n").splitlines():
        line = raw.replace("\u00a0", " ").strip()
        if not line or any(d.search(line) for d in drops):
            flush()
            continue
        if BULLET_AT_START.match(line):
            flush()
            line = BULLET_AT_START.sub("", line)
            if not line:
                continue
        current.append(line)
    flush()
    return [p for p in paras if p]


def join_lines(lines):
    out = ""
    for line in lines:
        if not out:
            out = line
        elif re.search(r"\w-$", out):
            out += line
        else:
            out += " " + line
    return " ".join(out.split())


def by_rows(paras, rows):
    """paras with each table row's words in one order (table_rows.py)."""
    tokens = []
    for p in paras:
        tokens += [w for w in p.split() if not table_rows.is_bullet(w)] + [None]
    out, current = [], []
    for t in table_rows.canonical(tokens, rows) + [None]:
        if t is None:
            if current:
                out.append(" ".join(current))
            current = []
        else:
            current.append(t)
    return out


def starts_with(longer, shorter):
    return longer == shorter or longer.startswith(shorter + " ")


def compare(ref, cand):
    """Return None on a match, else a message describing the first difference."""
    i = j = 0
    while i < len(ref) and j < len(cand):
        acc_r, acc_c, i0, j0 = ref[i], cand[j], i, j
        while acc_r != acc_c:
            if starts_with(acc_r, acc_c) and j + 1 < len(cand):
                j += 1
                acc_c += " " + cand[j]
            elif starts_with(acc_c, acc_r) and i + 1 < len(ref):
                i += 1
                acc_r += " " + ref[i]
            else:
                return difference(i0, j0, acc_r, acc_c)
        i, j = i + 1, j + 1
    if i < len(ref):
        return "reference paragraph %d is missing from the candidate: %r" % (i + 1, ref[i])
    if j < len(cand):
        return "candidate has extra paragraph %d: %r" % (j + 1, cand[j])
    return None


def difference(i, j, acc_r, acc_c):
    rw, cw = acc_r.split(), acc_c.split()
    k = 0
    while k < min(len(rw), len(cw)) and rw[k] == cw[k]:
        k += 1
    return ("paragraphs differ (reference %d, candidate %d) at word %d:\n"
            "  reference: ...%s\n  candidate: ...%s"
            % (i + 1, j + 1, k + 1, " ".join(rw[max(0, k - 6):k + 8]),
               " ".join(cw[max(0, k - 6):k + 8])))


def main(argv):
    files, drops, skips, quiet, tree = [], [], [], False, None
    args = iter(argv[1:])
    for a in args:
        if a == "--drop":
            drops.append(re.compile(next(args, "")))
        elif a == "--skip":
            skips.append(" ".join(next(args, "").split()))
        elif a == "--tree":
            tree = next(args, None)
        elif a == "--quiet":
            quiet = True
        elif a.startswith("-"):
            print(__doc__, file=sys.stderr)
            return 2
        else:
            files.append(a)
    if len(files) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    texts = [open(f, encoding="utf-8-sig").read() for f in files]
    ref, cand = (paragraphs(t, drops) for t in texts)
    for skip in skips:
        if skip not in cand:
            print("%s: no paragraph %r to skip" % (files[1], skip), file=sys.stderr)
            return 1
        cand.remove(skip)
    if tree:
        rows = table_rows.tree_rows(tree, drop=table_rows.is_bullet)
        ref, cand = by_rows(ref, rows), by_rows(cand, rows)
    problem = compare(ref, cand)
    if problem:
        print("%s vs %s: %s" % (files[0], files[1], problem), file=sys.stderr)
        return 1
    if not quiet:
        print("%s matches %s: %d reference paragraphs, %d candidate paragraphs"
              % (files[1], files[0], len(ref), len(cand)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
