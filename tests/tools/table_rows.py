"""Table rows compared fairly, as the words of each row.

The text writer sets a table as aligned columns: a row's lines interleave
its cells ("Site  Conditions" then "Land at Mill  Before work starts:").
The PDF gives a row cell by cell, and LibreOffice's text of the Word file
paragraph by paragraph.  All three hold the same words for each row, and
only the rows' words: so each side's words are put in one order before
comparing.  For every table row of the document tree, in document order,
the first run of words (from where the last row ended) that holds exactly
that row's characters is replaced by the row's words in the tree's order.
A run that holds other characters is left alone, so a real difference
still shows.  The rules under header rows ("-----") are not words.  The
tree does not print bullet glyphs; inside a row they are passed over.

    rows = tree_rows("cabinet-report.tree.xml")
    canonical(words, rows)
"""
import re
import xml.etree.ElementTree as ET
from collections import Counter

RULE = re.compile(r"^-{2,}$")
BULLETS = "\u2022\u25e6\u25aa\u00b7\uf0b7\u2023\u2043\u25cf\u25cb\u2013"


def is_bullet(word):
    return bool(word) and all(c in BULLETS for c in word)
BLOCKS = {"paragraph", "heading", "title", "cell", "item", "list", "numbered", "table",
          "row", "motion", "section"}
# How far past the end of the last row a row is looked for: rows follow one
# another closely; a row not found that near is a difference.
SEARCH_WORDS = 4000


def _words_of(element, drop):
    """The words a reader sees in element: its text and its labels."""
    parts = []

    def walk(e):
        block = e.tag in BLOCKS
        if block:
            parts.append(" ")
        if e.get("label"):
            parts.append(" %s " % e.get("label"))
        if e.tag == "text" and e.text:
            parts.append(e.text)
        if e.tag == "break":
            parts.append(" ")
        for c in e:
            walk(c)
        if block:
            parts.append(" ")

    walk(element)
    return [w for w in "".join(parts).replace("\u00a0", " ").split() if not drop(w)]


def tree_rows(tree_path, drop=lambda w: False):
    """The words of every outermost table row of a tree dump, in document
    order (a table inside a cell is part of its cell).  drop(word) leaves
    out words one side never has (bullet glyphs)."""
    rows = []

    def walk(e):
        for c in e:
            if c.tag == "row":
                words = _words_of(c, drop)
                if words:
                    rows.append(words)
            else:
                walk(c)

    walk(ET.parse(tree_path).getroot())
    return rows


def is_rule(word):
    return bool(RULE.match(word))


def _exact_nearby(out, row, found):
    """The row's words exactly in order (paragraph breaks passed over),
    starting within its length after where the run of the same characters
    was found, rather than that run: a caption ("the law and what it
    requires") just above a header row ("Law What it requires") holds the
    same characters a few words earlier."""
    n = len(row)
    for start in range(found[0], min(len(out), found[0] + n + 1)):
        if out[start] is None:
            continue
        words, end = [], start
        while end < len(out) and len(words) < n:
            if out[end] is not None:
                words.append(out[end])
            end += 1
        if words == list(row):
            return (start, end)
    return found


def canonical(tokens, rows):
    """tokens with each row's run of words in the row's order.  A token of
    None (a paragraph break) inside a run is dropped with it; the row then
    stands as a paragraph of its own (None on each side)."""
    out = [t for t in tokens if t is None or not is_rule(t)]
    pos = 0
    for row in rows:
        want = Counter("".join(w for w in row if not is_bullet(w)))
        size = sum(want.values())
        found = None
        for start in range(pos, min(len(out), pos + SEARCH_WORDS)):
            if out[start] is None:
                continue
            have, count = Counter(), 0
            for end in range(start, len(out)):
                if out[end] is None or is_bullet(out[end]):
                    continue
                have.update(out[end])
                count += len(out[end])
                if count >= size:
                    if have == want:
                        found = (start, end + 1)
                    break
            if found:
                break
        if found:
            found = _exact_nearby(out, row, found)
            out[found[0]:found[1]] = [None] + list(row) + [None]
            pos = found[0] + len(row) + 2
    return out
