#!/usr/bin/env python3
"""logo_image.py - is the logo in the PDF the PNG, whole?

    logo_image.py FILE.pdf LOGO.png        check one PDF against its logo
    logo_image.py --selftest FILE.pdf LOGO.png WORK_DIR

The PDF writer draws a PNG logo as a placeholder image and pdf_finish puts
the logo's pixels into that image object (pipeline/write_pdf.c, "the
logo").  Reading only the PDF (qpdf's JSON) and the PNG's header, this
checks that the file has an image of the PNG's width and height whose
decoded samples are 8-bit RGB, with a soft mask of the same size when the
PNG has an alpha channel, and no image 1 pixel wide (a placeholder left
unfilled).  --selftest also makes, with qpdf's JSON round trip, a copy of
the PDF whose logo is a 1 x 1 placeholder again, and the check must reject
it.  Standard library and the qpdf command only.
"""
import json
import struct
import subprocess
import sys


def png_header(path):
    """(width, height, has_alpha) from the PNG's IHDR chunk."""
    with open(path, "rb") as f:
        head = f.read(33)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise SystemExit(f"{path}: not a PNG file")
    width, height, _depth, colour = struct.unpack(">IIBB", head[16:26])
    return width, height, colour in (4, 6)


def qpdf_json(pdf, *extra):
    run = subprocess.run(["qpdf", "--json=2", *extra, pdf], capture_output=True, text=True)
    if run.returncode not in (0, 3):
        raise SystemExit(f"{pdf}: qpdf cannot read it: {run.stderr.strip()}")
    return json.loads(run.stdout)


def images(doc):
    """{object key: stream dict} of every image XObject."""
    found = {}
    for key, value in doc["qpdf"][1].items():
        stream = value.get("stream") if isinstance(value, dict) else None
        if stream and stream["dict"].get("/Subtype") == "/Image":
            found[key] = stream["dict"]
    return found


def decoded_length(pdf, key):
    number = key.split(":")[1].split()[0]
    run = subprocess.run(["qpdf", f"--show-object={number}", "--filtered-stream-data", pdf],
                         capture_output=True)
    return len(run.stdout) if run.returncode in (0, 3) else -1


def problems(pdf, png):
    width, height, alpha = png_header(png)
    found = images(qpdf_json(pdf))
    wrong = [f"image {k} is {d.get('/Width')} x {d.get('/Height')} pixels: a placeholder "
             "left unfilled" for k, d in found.items() if d.get("/Width") == 1]
    logos = [k for k, d in found.items()
             if d.get("/Width") == width and d.get("/Height") == height
             and d.get("/ColorSpace") == "/DeviceRGB"]
    if not logos:
        return wrong + [f"no {width} x {height} RGB image, the size of {png}"]
    for k in logos:
        d = found[k]
        if d.get("/BitsPerComponent") != 8 or decoded_length(pdf, k) != 3 * width * height:
            wrong.append(f"image {k} does not hold {width} x {height} 8-bit RGB samples")
        mask = d.get("/SMask")
        if alpha and not mask:
            wrong.append(f"image {k} has no soft mask, but {png} has transparency")
        if mask:
            m = found.get("obj:" + mask)
            if not m or (m.get("/Width"), m.get("/Height")) != (width, height) or \
                    decoded_length(pdf, "obj:" + mask) != width * height:
                wrong.append(f"the soft mask {mask} of image {k} is not {width} x {height} "
                             "8-bit samples")
    return wrong


def placeholder_again(pdf, out_json, out_pdf):
    """A copy of pdf whose logo is a 1 x 1 grey image again."""
    doc = qpdf_json(pdf, "--json-output", "--json-stream-data=inline")
    objects = doc["qpdf"][1]
    for key, value in objects.items():
        stream = value.get("stream") if isinstance(value, dict) else None
        if stream and stream["dict"].get("/Subtype") == "/Image" and "/SMask" in stream["dict"]:
            stream["dict"].update({"/Width": 1, "/Height": 1})
            stream["dict"].pop("/Filter", None)
            stream["dict"].pop("/SMask", None)
            stream["data"] = "gICA"  # base64 of three bytes 0x80
    with open(out_json, "w") as f:
        json.dump(doc, f)
    subprocess.run(["qpdf", "--json-input", out_json, out_pdf], check=True)


def main(argv):
    if len(argv) == 5 and argv[1] == "--selftest":
        pdf, png, work = argv[2:5]
        broken = f"{work}/logo-placeholder.pdf"
        placeholder_again(pdf, f"{work}/logo-placeholder.json", broken)
        if problems(pdf, png):
            print(f"logo_image selftest: FAIL: the good file is rejected: {problems(pdf, png)}")
            return 1
        if not problems(broken, png):
            print("logo_image selftest: FAIL: a placeholder left in the PDF is not caught")
            return 1
        print("logo_image selftest: ok (the good file passes, the placeholder is caught)")
        return 0
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    wrong = problems(argv[1], argv[2])
    for w in wrong:
        print(f"{argv[1]}: {w}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
