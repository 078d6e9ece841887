#!/usr/bin/env python3
"""make_broken_pack.py - broken copies of a good meeting pack, for pack_check.py
to reject.

usage: make_broken_pack.py GOOD.pdf OUT_DIR

Writes, through qpdf's JSON update (objects edited, the file otherwise as
it was, without object streams):
  bookmark-wrong-page.pdf  the last document's bookmark points one page on
  labels-shifted.pdf       the page labels start at 2, the printed numbers at 1
  link-wrong-page.pdf      the agenda's first internal link jumps one page on
"""
import json
import os
import subprocess
import sys


def plain(good, out):
    """A copy without object streams: qpdf 11.3 does not update objects that
    live in an object stream."""
    subprocess.run(["qpdf", good, out, "--object-streams=disable"], check=True)
    return out


def objects(path):
    data = json.loads(subprocess.run(["qpdf", "--json=2", path], capture_output=True,
                                     check=True).stdout)
    return data, data["qpdf"][1]


def update(good, out, changed):
    patch = {"qpdf": [{"jsonversion": 2, "pushedinheritedpageresources": False,
                       "calledgetallpages": False, "maxobjectid": 0}, changed]}
    patch_path = out + ".json"
    with open(patch_path, "w") as f:
        json.dump(patch, f)
    subprocess.run(["qpdf", good, out, "--update-from-json=" + patch_path], check=True)
    os.remove(patch_path)
    os.remove(good)


def next_page(data, ref):
    pages = [p["object"] for p in data["pages"]]
    return pages[(pages.index(ref) + 1) % len(pages)]


def bookmark_wrong_page(good, out):
    data, objs = objects(good)
    last = data["outlines"][-1]["kids"][-1]["object"]
    value = objs["obj:" + last]["value"]
    dest = value["/Dest"]
    dest[0] = next_page(data, dest[0])
    update(good, out, {"obj:" + last: {"value": value}})


def labels_shifted(good, out):
    data, objs = objects(good)
    root = objs["trailer"]["value"]["/Root"]
    labels = objs["obj:" + root]["value"]["/PageLabels"]
    changed = {}
    if isinstance(labels, str):
        value = objs["obj:" + labels]["value"]
        value["/Nums"][1]["/St"] += 1
        changed["obj:" + labels] = {"value": value}
    else:
        value = objs["obj:" + root]["value"]
        value["/PageLabels"]["/Nums"][1]["/St"] += 1
        changed["obj:" + root] = {"value": value}
    update(good, out, changed)


def link_wrong_page(good, out):
    data, objs = objects(good)
    for page in data["pages"]:
        annots = objs["obj:" + page["object"]]["value"].get("/Annots", [])
        if isinstance(annots, str):
            annots = objs["obj:" + annots]["value"]
        for a in annots:
            value = objs["obj:" + a]["value"]
            if isinstance(value.get("/Dest"), list):
                value["/Dest"][0] = next_page(data, value["/Dest"][0])
                update(good, out, {"obj:" + a: {"value": value}})
                return
    sys.exit("make_broken_pack: no internal link in " + good)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    good, out_dir = argv
    os.makedirs(out_dir, exist_ok=True)
    for name, make in (("bookmark-wrong-page", bookmark_wrong_page),
                       ("labels-shifted", labels_shifted),
                       ("link-wrong-page", link_wrong_page)):
        out = os.path.join(out_dir, name + ".pdf")
        make(plain(good, out + ".plain.pdf"), out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
