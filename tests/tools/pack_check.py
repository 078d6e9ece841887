#!/usr/bin/env python3
"""pack_check.py - do a meeting pack's page numbers agree?  Reads the PDF only.

usage: pack_check.py [--first N] PACK.pdf

Where each document starts is found in the PDF itself: the pack's structure
tree is one Document whose Parts are the front sheet and agenda, then one
Part per document; a Part starts on the page of its first marked content.
For every document the checker then compares
  - the page where its Part starts,
  - the target of its bookmark (level 2; the item's level-1 bookmark must
    point at its first document's page),
  - that page's label (/PageLabels),
  - the number printed in that page's footer ("Page N of M", pdftotext),
  - the page the agenda (the first Part's text) gives for it,
and, on every page, that the label is the printed number; every link
inside the file must jump to the start of a document.  --first N: the
first page must be labelled and numbered N (a supplement continues after
the packs before it).

Prints one line per problem and a summary; exit 0 when all agree, 1 when
not, 2 for usage or a file qpdf cannot read.  Standard library, qpdf and
pdftotext (poppler-utils).
"""
import json
import re
import subprocess
import sys


def qpdf_json(path):
    out = subprocess.run(["qpdf", "--json=2", path], capture_output=True)
    if out.returncode not in (0, 3):
        sys.exit("pack_check: qpdf cannot read %s: %s" % (path, out.stderr.decode().strip()))
    return json.loads(out.stdout)


def page_text(path, number):
    out = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                          path, "-"], capture_output=True)
    return out.stdout.decode("utf-8", "replace")


class Pdf:
    def __init__(self, path):
        self.path = path
        data = qpdf_json(path)
        self.objects = {}
        for key, value in data["qpdf"][1].items():
            if key.startswith("obj:"):
                self.objects[key[4:]] = value.get("value", value.get("stream", {}).get("dict"))
        self.trailer = data["qpdf"][1]["trailer"]["value"]
        self.page_refs = [p["object"] for p in data["pages"]]
        self.page_of = {ref: i for i, ref in enumerate(self.page_refs)}
        self.outlines = data["outlines"]
        self.labels = self.compute_labels(data.get("pagelabels", []))

    def get(self, value):
        """Follow a reference."""
        while isinstance(value, str) and re.match(r"^\d+ \d+ R$", value):
            value = self.objects.get(value)
        return value

    def compute_labels(self, ranges):
        labels = [str(i + 1) for i in range(len(self.page_refs))]
        ranges = sorted(ranges, key=lambda r: r["index"])
        for k, r in enumerate(ranges):
            end = ranges[k + 1]["index"] if k + 1 < len(ranges) else len(labels)
            label = r["label"]
            start = label.get("/St", 1)
            prefix = label.get("/P", "u:")[2:] if "/P" in label else ""
            for i in range(r["index"], end):
                number = str(start + i - r["index"]) if label.get("/S") == "/D" else ""
                labels[i] = prefix + number
        return labels

    def first_page(self, elem, depth=0):
        """The first page an element's content is on (its /Pg or a kid's)."""
        elem = self.get(elem)
        if not isinstance(elem, dict) or depth > 200:
            return None
        if "/Pg" in elem:
            return self.page_of.get(elem["/Pg"])
        kids = elem.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            page = self.first_page(kid, depth + 1)
            if page is not None:
                return page
        return None

    def parts(self):
        """The first page of each Part under the Document."""
        root = self.get(self.trailer["/Root"])
        tree = self.get(root.get("/StructTreeRoot"))
        kids = tree.get("/K") if tree else None
        kids = kids if isinstance(kids, list) else [kids]
        docs = [self.get(k) for k in kids if isinstance(self.get(k), dict)]
        docs = [d for d in docs if d.get("/S") == "/Document"]
        if len(docs) != 1:
            return None
        parts = docs[0].get("/K")
        parts = parts if isinstance(parts, list) else [parts]
        return [self.first_page(p) for p in parts if self.get(p).get("/S") == "/Part"]

    def internal_links(self):
        """(page index of the link, target page index) of every GoTo link."""
        links = []
        for i, ref in enumerate(self.page_refs):
            annots = self.get(self.get(ref).get("/Annots")) or []
            for a in annots:
                a = self.get(a)
                dest = a.get("/Dest")
                action = self.get(a.get("/A"))
                if dest is None and isinstance(action, dict) and action.get("/S") == "/GoTo":
                    dest = action.get("/D")
                dest = self.get(dest)
                if isinstance(dest, list) and dest:
                    links.append((i, self.page_of.get(dest[0])))
        return links


def printed_number(text):
    found = re.findall(r"Page (\d+) of (\d+)", text)
    return found[-1][0] if found else None


def agenda_pages(texts, title):
    """The page numbers the agenda gives on lines whose business column starts
    with the title (after the item number, if any)."""
    key = re.escape(title[:25])
    return {m.group(1) for t in texts for m in re.finditer(r"^\s*(?:\d+\s+)?" + key + r".*?\s(\d+)\s*$", t, re.M)}


def check(path, first):
    pdf = Pdf(path)
    problems = []
    n = len(pdf.page_refs)
    texts = [page_text(path, i + 1) for i in range(n)]
    printed = [printed_number(t) for t in texts]
    for i in range(n):
        if printed[i] != pdf.labels[i]:
            problems.append("page %d: labelled %s but prints %s" % (i + 1, pdf.labels[i], printed[i]))
    if first is not None and pdf.labels and pdf.labels[0] != str(first):
        problems.append("the first page is labelled %s, not %d" % (pdf.labels[0], first))
    starts = pdf.parts()
    if not starts or None in starts:
        return ["no Document of Parts in the structure tree (or a Part without content)"], 0
    front_pages = starts[1] if len(starts) > 1 else n
    agenda = texts[:front_pages]
    items = [o for o in pdf.outlines]
    documents = [(item, doc) for item in items for doc in item["kids"] if item["kids"]]
    documents = [(item, doc) for item, doc in documents if doc["title"] != "Membership"
                 and not item["title"].startswith("Front sheet")]
    if len(documents) != len(starts) - 1:
        problems.append("%d document bookmarks for %d documents" % (len(documents), len(starts) - 1))
    for k, (item, doc) in enumerate(documents[:len(starts) - 1]):
        start = starts[k + 1]
        target = doc["destpageposfrom1"] - 1
        name = doc["title"]
        if target != start:
            problems.append("%s: bookmark to page index %d, document starts at %d" % (name, target, start))
        if item["kids"][0] is doc and item["destpageposfrom1"] - 1 != start:
            problems.append("%s: its item's bookmark is not at its first page" % item["title"])
        if printed[start] != pdf.labels[start]:
            continue  # already reported
        refs = agenda_pages(agenda, name)
        if refs != {pdf.labels[start]}:
            problems.append("%s: the agenda gives page %s, it starts on page %s"
                            % (name, sorted(refs) or "nothing", pdf.labels[start]))
    part_starts = set(starts[1:])
    for page, target in pdf.internal_links():
        if target not in part_starts:
            problems.append("page %d: a link jumps to page index %s, not a document's start" % (page + 1, target))
    return problems, len(starts) - 1


def main(argv):
    first = None
    if len(argv) >= 2 and argv[0] == "--first":
        first = int(argv[1])
        argv = argv[2:]
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    problems, documents = check(argv[0], first)
    for p in problems:
        print("FAIL %s: %s" % (argv[0], p))
    print("pack_check: %s: %d documents, %d problems" % (argv[0], documents, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
