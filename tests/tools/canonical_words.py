#!/usr/bin/env python3
"""Write the words of a text-writer file with its tables read row by row.

The text writer sets a table as aligned columns, so a row's lines
interleave its cells; a browser (or pdftotext) gives a row cell by cell.
This prints the .txt's words, one line, with each table row's words in the
tree's order and the rules under header rows dropped (table_rows.py), so
any other reading of the same paper can be compared with it word for word.

usage: canonical_words.py TEXT TREE > WORDS
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from table_rows import canonical, tree_rows  # noqa: E402


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(argv[1], encoding="utf-8") as f:
        tokens = f.read().split()
    # Bullets the tree does not print (an en dash is also a word: not dropped).
    rows = tree_rows(argv[2], drop=lambda w: bool(w) and all(c in "\u2022\u25e6\u25aa" for c in w))
    words = [t for t in canonical(tokens, rows) if t is not None]
    print(" ".join(words))


if __name__ == "__main__":
    main(sys.argv)
