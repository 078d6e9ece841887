#!/usr/bin/env python3
"""struct_text.py - what a screen reader reads of a tagged PDF, as paragraphs.

usage: struct_text.py FILE.pdf [OUT.txt]

Runs `pdfinfo -struct-text FILE.pdf` (poppler) and writes the text of the
structure tree, in its order, one paragraph per block element (P, H1..H6,
TD/TH, ...), paragraphs separated by a blank line, to OUT.txt (default:
standard output).  Strings of one block are joined as
they are (the text has its own spaces; inline elements such as Link and
Span do not add any).  A list item's label (Lbl) and the first paragraph of
its body (LBody) are one paragraph, as the text writer prints "1.  This
report", so that compare_text.py can compare the structure's words with the
paper's text file: in the same order, and with nothing more (page furniture
read inside a paragraph would be words the text file does not have there).
Exit 0, or 2 when pdfinfo cannot read the file.
"""
import re
import subprocess
import sys

ELEMENT = re.compile(r"^( *)([A-Za-z][A-Za-z0-9]*)(?: \((block|inline)\))?$")
STRING = re.compile(r'^( *)"(.*)"$')


def struct_lines(path):
    out = subprocess.run(["pdfinfo", "-struct-text", path], capture_output=True, check=False)
    if out.returncode != 0:
        raise OSError("pdfinfo cannot read the structure of %s: %s"
                      % (path, out.stderr.decode(errors="replace").strip()))
    return out.stdout.decode("utf-8", errors="replace").splitlines()


def paragraphs(lines):
    """The structure's text as paragraphs, in order."""
    paras, current = [], []
    joined_label = False  # the text so far is a label, waiting for its body

    def flush():
        if current:
            paras.append(" ".join("".join(current).split()))
            current.clear()

    for line in lines:
        m = STRING.match(line)
        if m:
            current.append(m.group(2).replace('\\"', '"'))
            continue
        m = ELEMENT.match(line)
        if not m:
            continue  # "Object N G": an annotation reference
        name, kind = m.group(2), m.group(3)
        if name == "Lbl":
            flush()
            joined_label = True
        elif name == "LBody":
            current.append(" ")  # the label, then its body's words
        elif joined_label and name == "P":
            joined_label = False
        elif kind == "block" or name in ("TD", "TH", "TR"):
            flush()
            joined_label = False
    flush()
    return [p for p in paras if p]


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: struct_text.py FILE.pdf [OUT.txt]\n")
        return 2
    try:
        text = "\n\n".join(paragraphs(struct_lines(argv[1]))) + "\n"
    except OSError as e:
        sys.stderr.write("struct_text: %s\n" % e)
        return 2
    if len(argv) == 3:
        with open(argv[2], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
