#!/usr/bin/env python3
"""Make a fuzz target's seed corpus and dictionary from the examples.

    seeds.py TARGET OUT_DIR DICT_FILE

Seeds are made at run time from what the project already has (inputs/,
profiles/, templates/, tests/data/planning/, tests/cases/), so no corpus
is kept in git beyond fuzz/seeds/ (what cannot be made: a manifest.xml) and
fuzz/regressions/ (inputs that once crashed).  The formats are those of
fuzz/fuzz_common.h: "<report>/<file>\\n<bytes>".
"""
import glob
import hashlib
import os
import re
import sys
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def reports():
    return sorted(d for d in os.listdir(os.path.join(REPO, "inputs"))
                  if os.path.isfile(os.path.join(REPO, "inputs", d, "report.xml")))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def data_seeds():
    for report in reports():
        for path in sorted(glob.glob(os.path.join(REPO, "inputs", report, "*.xml"))):
            yield ("%s/%s\n" % (report, os.path.basename(path))).encode() + read(path)


def template_of(report, template):
    """The template file a document uses, found as inputs.h says."""
    manifest = ET.parse(os.path.join(REPO, "inputs", report, "report.xml")).getroot()
    profile = manifest.get("profile")
    places = [os.path.join(REPO, "inputs", report, "templates")]
    if profile:
        places.append(os.path.join(REPO, "profiles", profile, "templates"))
    places.append(os.path.join(REPO, "templates"))
    for place in places:
        if os.path.isfile(os.path.join(place, template)):
            return os.path.join(place, template)
    return None


def template_seeds():
    for report in reports():
        manifest = ET.parse(os.path.join(REPO, "inputs", report, "report.xml")).getroot()
        for doc in manifest.findall("document"):
            path = template_of(report, doc.get("template"))
            if path:
                yield ("%s/%s\n" % (report, doc.get("output"))).encode() + read(path)


def all_templates():
    patterns = ["profiles/*/templates/*.xml", "templates/*.xml", "tests/data/planning/templates/*.xml",
                "tests/cases/*/input/templates/*.xml", "tests/cases/*/profiles/*/templates/*.xml"]
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(REPO, pattern))):
            if os.path.basename(path) != "house-style.xml":
                yield path


def xpath_seeds():
    seen = set()
    for path in all_templates():
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for el in root.iter():
            for name, value in el.attrib.items():
                if name in ("of", "select", "test"):
                    exprs = [value]
                else:
                    exprs = re.findall(r"\{([^{}]+)\}", value)
                for expr in exprs:
                    if expr not in seen:
                        seen.add(expr)
                        yield expr.encode()
    for lines in ["2019-11-11\n[D1o] [MNn] [Y]", "2019-09-16\n2019-11-11",
                  "2024-02-29\n[FNn], [D] [MNn] [Y0001]"]:
        yield lines.encode()


def manifest_seeds():
    for path in sorted(glob.glob(os.path.join(REPO, "fuzz", "seeds", "manifest", "*.xml"))):
        yield read(path)


SEEDS = {
    "inputs": data_seeds,
    "pipeline": data_seeds,
    "template": template_seeds,
    "xpath": xpath_seeds,
    "manifest": manifest_seeds,
}


def dictionary():
    """XML syntax, and every element and attribute name the schemas know."""
    words = {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "encoding=\"UTF-16\"", "<!DOCTYPE",
             "<!ENTITY", "SYSTEM", "<![CDATA[", "]]>", "<!--", "-->", "&#x", "&amp;", "&lt;",
             "xmlns", "xml:lang", "</", "/>", "\ufeff", "{", "}", "$report",
             "format-date(", "ordinal(", "weeks-between(", "days-between(", "percent(",
             "upper(", "lower(", "join(", "current()", "position()", "count(", "[D1o]",
             "[MNn]", "[Y]", "-02-29", "2019-", "namespace::", "following::", "preceding::",
             "ancestor::", "descendant::", "attribute::", "self::", "parent::", "//", "@*",
             "node()", "text()", "comment()", "processing-instruction()", "name(", "last()",
             "sum(", "string-length(", "translate(", "xmlns:"}
    for path in glob.glob(os.path.join(REPO, "schemas", "*.xsd")) + \
            glob.glob(os.path.join(REPO, "profiles", "*", "schemas", "*.xsd")):
        for name in re.findall(rb'name="([A-Za-z][A-Za-z0-9_.-]*)"', read(path)):
            words.add(name.decode())
    for report in reports():
        for path in glob.glob(os.path.join(REPO, "inputs", report, "*.xml")):
            words.add("$" + os.path.basename(path)[:-4])
    out = []
    for w in sorted(words):
        escaped = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % b
                          for c in w for b in c.encode("utf-8"))
        out.append('"%s"' % escaped)
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in SEEDS:
        sys.exit("usage: seeds.py {%s} OUT_DIR DICT_FILE" % ",".join(sorted(SEEDS)))
    target, out, dict_file = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    count = 0
    for seed in SEEDS[target]():
        name = hashlib.sha1(seed).hexdigest()
        with open(os.path.join(out, name), "wb") as f:
            f.write(seed)
        count += 1
    with open(dict_file, "w") as f:
        f.write(dictionary())
    print("%s: %d seeds" % (target, count))


if __name__ == "__main__":
    main()
