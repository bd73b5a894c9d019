"""The document view's clusters against HarfBuzz's, for the same fonts and text.

Each paragraph of paragraphs.tsv is laid out by `annotary layout` with the committed fonts
(as visual_order.py does), which names the font each cluster is drawn in. The paragraph is
cut where the font changes, each piece is shaped by uharfbuzz (HarfBuzz's own bindings,
pinned in tests/interop/requirements.txt) with that font file, and the piece's cluster
boundaries are compared with the view's. The view cuts a ligature into one cluster per
character it draws (so a click or a highlight can fall inside "الله"), and says which
clusters continue a ligature: those are not boundaries HarfBuzz knows, and are left out.
HarfBuzz also gives a zero-width non-joiner a cluster of its own, where Unicode's grapheme
rules (UAX #29, rule GB9: it is Extend) keep it with the letter before, as the view does:
a HarfBuzz boundary before one is left out too.

Expected: every paragraph agrees. The fonts are the committed subsets and egui's own
(Ubuntu Light and Noto Emoji, found in the cargo registry egui was built from).

Usage: clusters.py ANNOTARY_BINARY WORK_FOLDER
"""

import json
import sys
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from visual_order import HERE, paragraphs, dump_paragraphs


def font_files():
    """Family name (name ID 1) to font file, for the committed fonts and egui's own."""
    files = [p for p in (HERE.parent / "fonts").iterdir() if p.suffix in (".ttf", ".otf")]
    registry = Path.home() / ".cargo" / "registry" / "src"
    files += sorted(registry.glob("*/epaint_default_fonts-0.37.0/fonts/*.ttf"))
    names = {}
    for path in files:
        family = TTFont(path)["name"].getDebugName(1)
        names.setdefault(family, path)
    return names


def harfbuzz_boundaries(path, text):
    """The code-point offsets where HarfBuzz's clusters of `text` begin, and its end."""
    blob = hb.Blob.from_file_path(str(path))
    font = hb.Font(hb.Face(blob))
    buffer = hb.Buffer()
    buffer.add_codepoints([ord(c) for c in text])
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return {info.cluster for info in buffer.glyph_infos} | {len(text)}


def check(text, clusters, files):
    """The pieces of `text` (one font each) whose boundaries differ from HarfBuzz's."""
    logical = sorted(clusters, key=lambda c: c["start"])
    pieces = []
    for cluster in logical:
        if pieces and pieces[-1]["font"] == cluster["font"] and pieces[-1]["end"] == cluster["start"]:
            pieces[-1]["end"] = cluster["end"]
            pieces[-1]["clusters"].append(cluster)
        else:
            pieces.append(dict(font=cluster["font"], start=cluster["start"], end=cluster["end"], clusters=[cluster]))
    wrong = []
    for piece in pieces:
        start, end = piece["start"], piece["end"]
        ours = {c["start"] - start for c in piece["clusters"] if not c["ligature"]} | {end - start}
        theirs = harfbuzz_boundaries(files[piece["font"]], text[start:end])
        theirs = {at for at in theirs if text[start + at : start + at + 1] != "\u200c"}
        if ours != theirs:
            wrong.append((piece["font"], text[start:end], sorted(ours), sorted(theirs)))
    return wrong


def main():
    annotary, work = sys.argv[1], Path(sys.argv[2])
    rows = paragraphs()
    files = font_files()
    dumps = dump_paragraphs(annotary, work, rows)
    failed = 0
    for name, _, text in rows:
        clusters = next(line for line in dumps[name]["lines"] if line["clusters"])["clusters"]
        missing = {c["font"] for c in clusters} - set(files)
        assert not missing, f"{name}: no file for {missing}"
        wrong = check(text, clusters, files)
        print(f"{name:26} {'agrees' if not wrong else 'differs'}")
        for font, piece, ours, theirs in wrong:
            print(f"    {font}: {piece!r}\n      ours   {ours}\n      theirs {theirs}")
        failed += bool(wrong)
    if failed:
        print(f"{failed} paragraphs cut into clusters otherwise than HarfBuzz")
        return 1
    print(f"clusters as HarfBuzz {hb.version_string()} cuts them in all {len(rows)} paragraphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
