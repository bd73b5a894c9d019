"""Reference values for Annotary's agreement figures, from the implementations papers cite:
sklearn.metrics.cohen_kappa_score, krippendorff.alpha (nominal), statsmodels fleiss_kappa.

    python reference.py            # rewrites reference.json beside this script
    python reference.py --check    # exits 1 if reference.json differs from a fresh run
    python reference.py --units UNITS.tsv REPORT.json
                                   # recomputes `annotary agreement`'s token figures from
                                   # its --units-out table and compares them with its --json

Each case lists every coder's label per unit. A value the reference cannot give (NaN, or
krippendorff refusing data with one value) is written as null: Annotary reports null there.
"""

import csv
import json
import math
import pathlib
import random
import sys
import warnings

import krippendorff
import numpy
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

HERE = pathlib.Path(__file__).parent


def hand_cases():
    textbook_a, textbook_b = [], []
    for x, y, times in [("yes", "yes", 20), ("no", "no", 15), ("yes", "no", 5), ("no", "yes", 10)]:
        textbook_a += [x] * times
        textbook_b += [y] * times
    return [
        {"name": "textbook two coders", "coders": [textbook_a, textbook_b]},
        {"name": "overall labels with a joined label",
         "coders": [["O", "claim", "claim", "actor", "claim+date", "O", "O", "date", "actor", "O"],
                    ["O", "claim", "O", "actor", "claim", "O", "actor", "date", "actor", "claim"]]},
        {"name": "one label only", "coders": [["O"] * 12, ["O"] * 12]},
        {"name": "total agreement", "coders": [["O", "claim", "actor", "O", "date"]] * 2},
        {"name": "empty layer against a tagged one",
         "coders": [["O", "claim", "claim", "O", "actor", "O"], ["O"] * 6]},
        {"name": "each coder one different label", "coders": [["x"] * 7, ["y"] * 7]},
        {"name": "complete disagreement",
         "coders": [["a", "b", "a", "b"], ["b", "a", "b", "a"]]},
        {"name": "per tag ones and zeros", "coders": [[1, 0, 0, 1, 1, 0, 0, 0], [1, 0, 1, 1, 0, 0, 0, 0]]},
        {"name": "three coders",
         "coders": [["O", "claim", "actor", "O", "date", "claim", "O", "O"],
                    ["O", "claim", "O", "O", "date", "actor", "O", "claim"],
                    ["O", "claim", "actor", "actor", "date", "claim", "O", "O"]]},
        {"name": "three coders total agreement", "coders": [["a", "b", "a"]] * 3},
        {"name": "three coders one label", "coders": [["O"] * 4] * 3},
        {"name": "attribute values with none",
         "coders": [["support", "oppose", "(none)", "support", "neutral", "(none)", "oppose"],
                    ["support", "support", "oppose", "(none)", "neutral", "(none)", "oppose"]]},
        {"name": "one span, one value against none", "coders": [["yes"], ["(none)"]]},
        {"name": "document labels of three coders",
         "coders": [["news", "opinion", "(none)", "news", "analysis"],
                    ["news", "news", "(none)", "news", "analysis"],
                    ["opinion", "opinion", "news", "news", "(none)"]]},
    ]


def interval_cases():
    """Numbers per coder and unit, None where a coder gave none (as `(none)` is there)."""
    rng = random.Random(20261202)
    seeded = []
    for coders, units in [(2, 200), (3, 150)]:
        truth = [rng.uniform(0, 10) for _ in range(units)]
        seeded.append({"name": f"seeded interval {coders} coders {units} units",
                       "coders": [[None if rng.random() < 0.1 else round(t + rng.gauss(0, 1.5), 3) for t in truth]
                                  for _ in range(coders)]})
    return [
        {"name": "interval two coders", "coders": [[1, 2, 3, 4, 5, 2.5], [1, 2.5, 3, 3, 5, 2]]},
        {"name": "interval with missing values",
         "coders": [[0.9, None, 0.5, 0.7, 0.2, None], [0.8, 0.4, 0.5, None, 0.3, 0.6]]},
        {"name": "interval three coders",
         "coders": [[10, 20, 30, 40], [12, 18, 33, None], [None, 21, 29, 41]]},
        {"name": "interval every number the same", "coders": [[2, 2, 2], [2, 2, 2]]},
    ] + seeded


def interval_alpha(coders):
    data = numpy.array([[numpy.nan if x is None else float(x) for x in c] for c in coders], dtype=float)
    try:
        return clean(krippendorff.alpha(reliability_data=data, level_of_measurement="interval"))
    except (ValueError, ZeroDivisionError):
        return None


def random_cases():
    rng = random.Random(20261124)
    cases = []
    for coders, units, labels in [(2, 300, 4), (2, 1000, 7), (3, 250, 5), (4, 400, 3), (5, 120, 6)]:
        truth = [rng.randrange(labels) for _ in range(units)]
        coded = []
        for _ in range(coders):
            coded.append([f"L{t}" if rng.random() < 0.7 else f"L{rng.randrange(labels)}" for t in truth])
        cases.append({"name": f"seeded {coders} coders {units} units {labels} labels", "coders": coded})
    return cases


def clean(value):
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def alpha(coders):
    codes = {label: i for i, label in enumerate(sorted({str(x) for c in coders for x in c}))}
    data = numpy.array([[codes[str(x)] for x in c] for c in coders], dtype=float)
    try:
        return clean(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:
        return None


def fleiss(coders):
    if len(coders) < 2 or not coders[0]:
        return None
    codes = {label: i for i, label in enumerate(sorted({str(x) for c in coders for x in c}))}
    subjects = numpy.array([[codes[str(c[u])] for c in coders] for u in range(len(coders[0]))])
    table, _ = aggregate_raters(subjects)
    with warnings.catch_warnings(), numpy.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return clean(fleiss_kappa(table, method="fleiss"))


def figures(coders):
    out = {"krippendorff_alpha": alpha(coders), "fleiss_kappa": fleiss(coders)}
    units = list(zip(*coders))
    out["percent_agreement"] = (sum(len(set(map(str, u))) == 1 for u in units) / len(units)) if units else None
    if len(coders) == 2:
        with warnings.catch_warnings(), numpy.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out["cohen_kappa"] = clean(cohen_kappa_score([str(x) for x in coders[0]], [str(x) for x in coders[1]]))
    return out


def build():
    cases = hand_cases() + random_cases()
    for case in cases:
        case["expected"] = figures(case["coders"])
    intervals = interval_cases()
    for case in intervals:
        with warnings.catch_warnings(), numpy.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            case["expected"] = {"krippendorff_alpha_interval": interval_alpha(case["coders"])}
    return {
        "generated_by": "tests/agreement/reference.py",
        "versions": {
            "scikit-learn": __import__("sklearn").__version__,
            "krippendorff": getattr(krippendorff, "__version__", "0.9.0"),
            "statsmodels": __import__("statsmodels").__version__,
            "numpy": numpy.__version__,
        },
        "cases": cases,
        "interval_cases": intervals,
    }


def compare_units(units_path, report_path):
    """Recomputes the overall token figures of an `annotary agreement` run from its units."""
    with open(units_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, rows = rows[0], rows[1:]
    layers = header[4:]
    coders = [[row[4 + i] for row in rows] for i in range(len(layers))]
    report = json.loads(pathlib.Path(report_path).read_text(encoding="utf-8"))
    want = figures(coders)
    failed = 0
    keys = ["krippendorff_alpha", "percent_agreement"] + (["cohen_kappa"] if len(layers) == 2 else ["fleiss_kappa"])
    for key in keys:
        got = report["overall"][key]
        ok = (got is None and want[key] is None) or (
            got is not None and want[key] is not None and abs(got - want[key]) <= 1e-9)
        print(f"{'ok' if ok else 'FAILED'}: overall {key}: annotary {got}, reference {want[key]}")
        failed += not ok
    ok = report["unit_counts"]["tokens"] == len(rows)
    print(f"{'ok' if ok else 'FAILED'}: {len(rows)} token rows")
    return failed + (not ok)


def same(got, want):
    return (got is None and want is None) or (
        got is not None and want is not None and abs(got - want) <= 1e-9)


def compare_value_units(values_path, report_path):
    """Recomputes `annotary agreement`'s attribute and label figures from UNITS.values.tsv."""
    with open(values_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, rows = rows[0], rows[1:]
    layers = len(header) - 5
    report = json.loads(pathlib.Path(report_path).read_text(encoding="utf-8"))
    groups = {}
    for row in rows:
        groups.setdefault((row[0], row[1]), []).append(row[5:])
    failed = 0
    for (scope, name), units in sorted(groups.items()):
        got = report["attributes" if scope == "attribute" else "labels"][name]
        coders = [[u[i] for u in units] for i in range(layers)]
        want = figures(coders)
        if "krippendorff_alpha_interval" in got:
            numbers = [[None if v == "(none)" else float(v) for v in c] for c in coders]
            with warnings.catch_warnings(), numpy.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                want["krippendorff_alpha_interval"] = interval_alpha(numbers)
        for key in [k for k in want if k in got]:
            ok = same(got[key], want[key])
            print(f"{'ok' if ok else 'FAILED'}: {scope} {name} {key}: annotary {got[key]}, reference {want[key]}")
            failed += not ok
        ok = got["units"] == len(units)
        print(f"{'ok' if ok else 'FAILED'}: {scope} {name}: {len(units)} units")
        failed += not ok
    return failed


def compare_link_units(links_path, report_path):
    """Recomputes the link precision, recall and F1 of `annotary agreement` from UNITS.links.tsv."""
    with open(links_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    report = json.loads(pathlib.Path(report_path).read_text(encoding="utf-8"))
    first, second = report["layers"][:2]
    failed = 0
    scopes = [("all", report["links"])] + sorted(report["links"]["per_type"].items())
    for name, block in scopes:
        chosen = [r for r in rows if name == "all" or r["type"] == name]
        a = [r for r in chosen if r["layer"] == first]
        b = [r for r in chosen if r["layer"] == second]
        for variant in ["exact", "overlap"]:
            matched = sum(r[variant] == "1" for r in b)
            want = {
                f"precision_{variant}": matched / len(b) if b else None,
                f"recall_{variant}": matched / len(a) if a else None,
                f"f1_{variant}": 2 * matched / (len(a) + len(b)) if a or b else None,
            }
            for key, value in want.items():
                ok = same(block[key], value)
                print(f"{'ok' if ok else 'FAILED'}: links {name} {key}: annotary {block[key]}, recomputed {value}")
                failed += not ok
            ok = matched == sum(r[variant] == "1" for r in a)
            print(f"{'ok' if ok else 'FAILED'}: links {name}: {variant} matches the same on both sides")
            failed += not ok
    return failed


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--units":
        failed = compare_units(sys.argv[2], sys.argv[3])
        values = pathlib.Path(sys.argv[2]).with_suffix(".values.tsv")
        failed += compare_value_units(values, sys.argv[3])
        links = pathlib.Path(sys.argv[2]).with_suffix(".links.tsv")
        if links.exists():
            failed += compare_link_units(links, sys.argv[3])
        return 1 if failed else 0
    built = build()
    # One case per line, so a changed reference value shows as a one-line diff.
    lines = lambda key: ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in built.pop(key))
    cases, intervals = lines("cases"), lines("interval_cases")
    head = json.dumps(built, ensure_ascii=False)[:-1]
    fresh = (head + ',\n "cases": [\n' + cases + '\n ],\n "interval_cases": [\n' + intervals
             + "\n ]\n}\n")
    target = HERE / "reference.json"
    if "--check" in sys.argv:
        if target.read_text(encoding="utf-8") != fresh:
            print("reference.json differs from what the reference implementations give now")
            return 1
        print("reference.json matches the reference implementations")
        return 0
    target.write_text(fresh, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
