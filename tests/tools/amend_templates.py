#!/usr/bin/env python3
"""amend_templates.py - change the words of every template under some folders.

usage: amend_templates.py DIR...

For each template (*.xml with a <template> root) under the DIRs, the first
block element with words of its own (para, numbered, heading, item, cell,
title) gets "Amended:" before them, so that a build after it changes the
words of every document made from those templates and makes its redlines.
Prints the files changed; exit 0 when at least one was, 1 when none was.
"""
import os
import sys
import xml.etree.ElementTree as ET

BLOCKS = ("para", "numbered", "heading", "item", "cell", "title")
WORD = "Amended: "


def amend(path):
    try:
        tree = ET.parse(path)
    except ET.ParseError:
        return False
    if tree.getroot().tag != "template":
        return False
    for element in tree.getroot().iter():
        if element.tag in BLOCKS and element.text and any(c.isalpha() for c in element.text):
            element.text = WORD + element.text.lstrip()
            tree.write(path, encoding="UTF-8", xml_declaration=True)
            return True
    return False


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: amend_templates.py DIR...\n")
        return 2
    changed = 0
    for top in argv[1:]:
        for folder, _, files in sorted(os.walk(top)):
            for name in sorted(files):
                path = os.path.join(folder, name)
                if name.endswith(".xml") and amend(path):
                    print(path)
                    changed += 1
    return 0 if changed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
