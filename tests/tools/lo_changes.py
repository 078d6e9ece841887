#!/usr/bin/python3
"""Open a Word file with tracked changes in LibreOffice and act on its changes.

usage: lo_changes.py FILE.docx OUT_DIR

Starts a headless LibreOffice (soffice) of its own, with a profile in
OUT_DIR, and talks to it through UNO (Debian's python3-uno, hence
/usr/bin/python3).  Writes into OUT_DIR:

  changes.tsv    one line per tracked change LibreOffice lists:
                 type <TAB> author <TAB> date (YYYY-MM-DDTHH:MM:SS)
  accepted.txt   the text after Edit > Track Changes > Accept All
                 (.uno:AcceptAllTrackedChanges), saved with LibreOffice's own
                 "Text (encoded)" filter: one paragraph a line, with numbering
                 labels as LibreOffice shows them
  rejected.txt   the same after Reject All (.uno:RejectAllTrackedChanges),
                 from a fresh load of the file

Exit 0 when all were written, 1 when LibreOffice could not open the file or
act on it, 2 on usage errors, 3 when soffice or the uno module is missing
(so a test can skip by name).
"""
import os
import subprocess
import sys
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError:  # not Debian's python3, or python3-uno is not installed
    uno = None

START_TIMEOUT = 60  # seconds for soffice to accept connections (slow, shared machines)


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def start_office(workdir):
    soffice = "/usr/bin/soffice"
    if not os.path.exists(soffice):
        return None, None
    pipe = "papers_lo_%d" % os.getpid()
    profile = uno.systemPathToFileUrl(os.path.join(os.path.abspath(workdir), "profile"))
    proc = subprocess.Popen(
        [soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible",
         "--norestore", "--nolockcheck", "--nodefault",
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + START_TIMEOUT
    while True:
        try:
            ctx = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return proc, ctx
        except NoConnectException:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                return proc, None
            time.sleep(0.3)


def load(ctx, path):
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    return desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))


def dispatch(ctx, doc, command):
    helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    frame = doc.getCurrentController().getFrame()
    helper.executeDispatch(frame, command, "", 0, ())


def save_text(doc, path):
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    doc.storeToURL(url, (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")))


def list_changes(doc):
    lines = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        r = enum.nextElement()
        d = r.getPropertyValue("RedlineDateTime")
        when = "%04d-%02d-%02dT%02d:%02d:%02d" % (d.Year, d.Month, d.Day, d.Hours, d.Minutes,
                                                  d.Seconds)
        lines.append("%s\t%s\t%s" % (r.getPropertyValue("RedlineType"),
                                     r.getPropertyValue("RedlineAuthor"), when))
    return lines


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    if uno is None:
        print("lo_changes.py: no uno module (install python3-uno; run /usr/bin/python3)",
              file=sys.stderr)
        return 3
    src, out = argv[1], argv[2]
    os.makedirs(out, exist_ok=True)
    proc, ctx = start_office(out)
    if proc is None:
        print("lo_changes.py: no /usr/bin/soffice", file=sys.stderr)
        return 3
    if ctx is None:
        print("lo_changes.py: soffice did not start within %d s" % START_TIMEOUT,
              file=sys.stderr)
        return 1
    status = 0
    try:
        for command, name in ((".uno:AcceptAllTrackedChanges", "accepted.txt"),
                              (".uno:RejectAllTrackedChanges", "rejected.txt")):
            doc = load(ctx, src)
            if doc is None:
                print("lo_changes.py: LibreOffice cannot open %s" % src, file=sys.stderr)
                return 1
            if name == "accepted.txt":
                with open(os.path.join(out, "changes.tsv"), "w", encoding="utf-8") as f:
                    f.writelines(line + "\n" for line in list_changes(doc))
            dispatch(ctx, doc, command)
            save_text(doc, os.path.join(out, name))
            doc.close(True)
    except Exception as e:  # a UNO failure: one line, not a traceback
        print("lo_changes.py: %s: %s" % (src, e), file=sys.stderr)
        status = 1
    finally:
        try:
            ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx).terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
