"""The document view's drawing order against an independent UAX #9 implementation.

Each paragraph of paragraphs.tsv is imported into a project, laid out by
`annotary layout` with the committed fonts (tests/fonts) wide enough that no line wraps,
and its clusters, left to right as drawn, are compared with the paragraph's characters in
the visual order python-bidi's pure-Python `bidi.algorithm` gives (its default
`get_display` wraps the Rust crate a fix may use, so it would not be independent). That
module implements UAX #9 as it was before Unicode 6.3 (no bracket pairs, no isolates):
the paragraphs here use neither. The two agree when each cluster's characters stand
together in the reference's order, the clusters come in that order, and together they
hold every character the reference places (a cluster is drawn as one, so the order of
the letter and marks inside it is the font's business, not the algorithm's).

expected_order.tsv records, per paragraph, whether the two agree today. The check fails
when any paragraph's result differs from it, in either direction: a regression, or a fix
to be recorded there (the Scripts issue's "before" is the file as first committed).

Usage: visual_order.py ANNOTARY_BINARY WORK_FOLDER [--write]
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import bidi.algorithm as uax9

HERE = Path(__file__).parent


def visual_order(text):
    """Indices of `text`'s characters in display order, left to right (rules up to L2;
    no mirroring, which changes characters, not their order)."""
    storage = uax9.get_empty_storage()
    base = uax9.get_base_level(text, False)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    uax9.get_embedding_levels(text, storage, False, False)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uax9.explicit_embed_and_overrides(storage, False)
    uax9.resolve_weak_types(storage, False)
    uax9.resolve_neutral_types(storage, False)
    uax9.resolve_implicit_levels(storage, False)
    uax9.reorder_resolved_levels(storage, False)
    return [char["index"] for char in storage["chars"]]


def paragraphs():
    rows = []
    for line in (HERE / "paragraphs.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, direction, text = line.split("\t")
            rows.append((name, direction, text))
    return rows


def expected():
    path = HERE / "expected_order.tsv"
    result = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, verdict = line.split("\t")
            result[name] = verdict
    return result


def dump_paragraphs(annotary, work, rows):
    """Per paragraph name, `annotary layout`'s dump of it alone, on one line."""
    texts = work / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    for name, _, text in rows:
        (texts / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    project = work / "scripts.ron"
    project.unlink(missing_ok=True)
    subprocess.run(
        [annotary, "import", "--format", "txt", "--into", str(project)]
        + [str(texts / f"{name}.txt") for name, _, _ in rows],
        check=True,
        capture_output=True,
    )
    source = project.read_text(encoding="utf-8")
    ids = dict(
        (m.group(2), m.group(1))
        for m in re.finditer(r'\(id: "([^"]+)", title: "[^"]*", source: "([^"]+)\.txt"', source)
    )
    fonts = []
    for font in sorted((HERE.parent / "fonts").iterdir()):
        if font.suffix in (".ttf", ".otf"):
            fonts += ["--font", str(font)]
    texts = {}
    for name, _, _ in rows:
        out = subprocess.run(
            [annotary, "layout", str(project), "--document", ids[name], "--width", "100000"]
            + fonts,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        dump = json.loads(out)
        assert dump["missing_glyphs"].strip("👩👧🇦🇫") == "", f"{name}: {dump['missing_glyphs']}"
        lines = [line for line in dump["lines"] if line["clusters"]]
        assert len(lines) == 1, f"{name}: laid out on {len(lines)} lines, not one"
        texts[name] = dump
    return texts


def drawn_clusters(annotary, work, rows):
    """Per paragraph name, its clusters' character ranges, left to right as drawn."""
    dumps = dump_paragraphs(annotary, work, rows)
    return {
        name: [(c["start"], c["end"]) for c in dump["lines"][0]["clusters"]]
        for name, dump in dumps.items()
    }


def agrees(text, clusters):
    """Whether `clusters` (ranges, left to right) are drawn in `text`'s UAX #9 order."""
    order = visual_order(text)
    # Rule X9 takes out what has no place of its own (ZWJ, ZWNJ, embedding codes): a
    # cluster is placed by the characters it holds that have one.
    place = {at: seen for seen, at in enumerate(order)}
    placed = []
    for start, end in clusters:
        places = sorted(place[at] for at in range(start, end) if at in place)
        if not places:
            continue
        if places != list(range(places[0], places[0] + len(places))):
            return False
        placed.append(places)
    flat = [p for places in placed for p in places]
    return flat == list(range(len(order)))


def main():
    annotary, work = sys.argv[1], Path(sys.argv[2])
    write = "--write" in sys.argv[3:]
    rows = paragraphs()
    drawn = drawn_clusters(annotary, work, rows)
    verdicts = {}
    for name, direction, text in rows:
        verdict = "agrees" if agrees(text, drawn[name]) else "differs"
        verdicts[name] = verdict
        print(f"{name:26} {direction:6} {verdict}")
    reference = [
        "# paragraph\tits characters' indices left to right by python-bidi's bidi.algorithm "
        "(written by tests/scripts/visual_order.py --write; read by cargo test)"
    ]
    reference += [f"{name}\t{' '.join(map(str, visual_order(text)))}" for name, _, text in rows]
    reference_path = HERE / "reference_order.tsv"
    if write:
        reference_path.write_text("\n".join(reference) + "\n", encoding="utf-8")
        lines = ["# paragraph\tdrawn order against UAX #9 (tests/scripts/visual_order.py)"]
        lines += [f"{name}\t{verdicts[name]}" for name, _, _ in rows]
        (HERE / "expected_order.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return 0
    if reference_path.read_text(encoding="utf-8") != "\n".join(reference) + "\n":
        print("reference_order.tsv is not what python-bidi gives: write it again with --write")
        return 1
    recorded = expected()
    changed = [n for n in verdicts if recorded.get(n) != verdicts[n]]
    if changed:
        for name in changed:
            print(f"{name}: recorded {recorded.get(name)}, now {verdicts[name]}")
        print("visual order changed: fix the regression, or record the fix with --write")
        return 1
    agree = sum(v == "agrees" for v in verdicts.values())
    print(f"visual order as recorded: {agree} of {len(verdicts)} paragraphs agree with UAX #9")
    return 0


if __name__ == "__main__":
    sys.exit(main())
