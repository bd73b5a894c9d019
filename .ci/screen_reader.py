"""What a screen reader (Orca) is told of the document view, read over AT-SPI as Orca
reads it: the document by its title with the article's text, the caret in it after a
click, and at each Tab the annotation keyboard focus moves to, named "tag: quote (layer)"
(the demo shows two coders' layers). Run by .ci/screen-reader inside a D-Bus session with the
accessibility bus up and the window open; drives the window with xdotool."""

import re
import subprocess
import sys
import time

import pyatspi

title, window = sys.argv[1], sys.argv[2]


def fail(message):
    print(f"screen reader check failed: {message}")
    sys.exit(1)


def application():
    for _ in range(60):
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == "annotary":
                return app
        time.sleep(1)
    fail("the window is not on the accessibility bus")


def nodes(node):
    yield node
    for child in node:
        if child is not None:
            yield from nodes(child)


def document(app):
    for _ in range(30):
        for node in nodes(app):
            if node.getRoleName() == "document frame" and node.name == title:
                return node
        time.sleep(1)
    fail(f"no document named {title!r}")


def focused(app):
    for node in nodes(app):
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            return node
    return None


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)


app = application()
doc = document(app)
text = doc.queryText()
whole = text.getText(0, -1)
print(f"document {doc.name!r}: {len(doc)} paragraphs on screen, {text.characterCount} characters")
print(f"  begins: {whole[:80]!r}")
if "Russia" not in whole or len(doc) < 2:
    fail("the document's text is not there")
if any(child.getRoleName() != "paragraph" for child in doc):
    fail("the document holds something other than paragraphs")

# A click in the text: focus on the document, and a caret in it.
extent = doc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
xdotool("mousemove", "--window", window, str(extent.x + 40), str(extent.y + 30), "click", "1")
time.sleep(1.5)
doc = document(app)
now = focused(app)
caret = doc.queryText().caretOffset
print(f"after a click: focus on {now.getRoleName() if now else None!r}, caret at {caret}")
if now is None or now.getRoleName() != "document frame" or caret < 0:
    fail("a click in the text leaves no caret for the screen reader")

seen = []
for _ in range(3):
    xdotool("key", "--window", window, "Tab")
    time.sleep(1.5)
    now = focused(app)
    if now is None:
        fail("Tab left nothing focused")
    name, description = now.name, now.description
    print(f"Tab: {now.getRoleName()} {name!r} ({description})")
    if not re.match(r"^(claim|actor|date): \S", name):
        fail(f"the focused annotation is read as {name!r}")
    if not re.search(r"\((AK|BM)\)$", name):
        fail("the annotation's layer is not read (the demo shows two)")
    seen.append((name, description))
if len(set(seen)) < 3:
    fail("Tab did not move from one annotation to the next")
print("screen reader check passed")
