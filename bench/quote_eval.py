"""Quote check accuracy on the labelled quotation variants (bench/quote_variants.json, written by hand).

Each variant is pasted into the quote check as a reporter would; the verdict must equal the label and, where
the words were said, the best turn must be the source turn. The thresholds in hearings/alignment.py were
chosen on the tune split; the held-out split is reported beside it. ``threshold_grid`` re-judges the
best candidate's alignment with other thresholds, to show how the choice was made.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import cache
from itertools import product
from pathlib import Path

from elasticsearch import Elasticsearch

from hearings.alignment import MINOR, NOT_FOUND, VERBATIM, judge
from hearings.analysis import KiwiAnalyzer
from ingest.readers import read_meeting
from search_api.verify import verify_quote

VARIANTS = Path(__file__).parent / "quote_variants.json"
SOURCES = (Path(__file__).parent.parent / "tests" / "corpus", Path(__file__).parent.parent / "tests" / "heldout")
LABELS = ("verbatim", "minor", "paraphrase", "not_found")


@cache
def _meeting_id(file_name: str) -> str:
    # By the sitting, not the file: two copies of one sitting (HWP and TXT) are indexed once, under either name.
    path = next(folder / file_name for folder in SOURCES if (folder / file_name).exists())
    return read_meeting(path).meeting_id


def quote_rows(client: Elasticsearch, index: str, analyzer: KiwiAnalyzer) -> list[dict]:
    rows = []
    for variant in json.loads(VARIANTS.read_text("utf-8"))["variants"]:
        result = verify_quote(client, index, analyzer, variant["pasted"])
        expected_turn = (f"{_meeting_id(variant['file'])}-{variant['seq']:04d}" if variant["label"] != NOT_FOUND
                         else None)
        best = result.best
        rows.append({
            "id": variant["id"], "split": variant["split"], "label": variant["label"], "predicted": result.verdict,
            "right_turn": expected_turn is None or (best is not None and best.turn_id == expected_turn),
            "features": None if best is None else {
                "recall": best.recall, "coverage": best.coverage, "matched": best.matched_words,
                "extra": best.missing_words, "dropped": best.dropped_words, "negation": best.negation_differs,
                "tense": best.tense_differs, "number": best.number_differs, "modality": best.modality_differs,
                "verbatim": best.verdict == VERBATIM},
            "elided": "…" in variant["pasted"] or "..." in variant["pasted"],
            "dangerous": _dangerous(variant, result),
        })
    return rows


def _dangerous(variant: dict, result) -> bool:
    """What a reporter must never be told: words nobody said (a flipped negation, a changed number or modality,
    an invention) confirmed as 그대로/사소한 차이, or a wrong name left unremarked."""
    if variant["label"] == NOT_FOUND and result.verdict in (VERBATIM, MINOR):
        return True
    wrong_name = variant.get("attributed_to")
    if wrong_name and variant["label"] != NOT_FOUND and result.best is not None:
        return not result.hint_name or result.best.named
    return False


def quote_table(rows: list[dict]) -> str:
    lines = ["| split | variants | verdict right | right turn (said ones) | " + " | ".join(
        f"{label} (right/all)" for label in LABELS) + " |", "|---" * (4 + len(LABELS)) + "|"]
    for split in ("tune", "heldout", "all"):
        part = [r for r in rows if split in ("all", r["split"])]
        if not part:
            continue
        said = [r for r in part if r["label"] != NOT_FOUND]
        per_label = []
        for label in LABELS:
            of_label = [r for r in part if r["label"] == label]
            per_label.append(f"{sum(r['predicted'] == label for r in of_label)}/{len(of_label)}")
        verdicts = _share(sum(r["predicted"] == r["label"] for r in part), len(part))
        turns = _share(sum(r["right_turn"] for r in said), len(said))
        lines.append(f"| {split} | {len(part)} | {verdicts} | {turns} | " + " | ".join(per_label) + " |")
    confusion = Counter((r["label"], r["predicted"]) for r in rows)
    lines += ["", "Confusion (label → verdict, all variants): " + ", ".join(
        f"{label}→{predicted} {count}" for (label, predicted), count in sorted(confusion.items()) if label != predicted)
        or "none"]
    return "\n".join(lines) + "\n"


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({right / total:.0%})" if total else "—"


def threshold_grid(rows: list[dict]) -> list[dict]:
    """Accuracy of each threshold choice on each split, re-judging the best candidate only."""
    results = []
    for minor_recall, minor_extra, minor_dropped, paraphrase_recall, density in product(
            (0.75, 0.8, 0.85, 0.9, 1.0), (0, 1, 2), (1, 2, 3, 4), (0.3, 0.4, 0.5, 0.6, 0.7), (1.0, 2.0, 3.0, 100.0)):
        thresholds = {"minor_recall": minor_recall, "minor_extra": minor_extra, "minor_dropped": minor_dropped,
                      "paraphrase_recall": paraphrase_recall, "paraphrase_density": density}
        right: dict[str, int] = defaultdict(int)
        for row in rows:
            right[row["split"]] += _rejudged(row, thresholds) == row["label"]
        results.append(thresholds | {split: right[split] for split in ("tune", "heldout")})
    return sorted(results, key=lambda r: (r["tune"], r["heldout"]), reverse=True)


def _rejudged(row: dict, thresholds: dict) -> str:
    f = row["features"]
    if f is None:
        return NOT_FOUND
    if f["verbatim"]:
        return VERBATIM
    return judge(f["recall"], f["coverage"], f["matched"], f["extra"], f["dropped"], f["negation"], f["tense"],
                 row["elided"], thresholds, number_differs=f["number"], modality_differs=f["modality"])


def chosen_thresholds(grid: list[dict]) -> dict:
    """The grid row of the thresholds hearings/alignment.py uses."""
    from hearings import alignment

    chosen = {"minor_recall": alignment.MINOR_RECALL, "minor_extra": alignment.MINOR_EXTRA,
              "minor_dropped": alignment.MINOR_DROPPED, "paraphrase_recall": alignment.PARAPHRASE_RECALL,
              "paraphrase_density": alignment.PARAPHRASE_DENSITY}
    return next((row for row in grid if all(row[k] == v for k, v in chosen.items())), chosen)


def source_files() -> list[Path]:
    """Every minutes file a variant names, wherever it lives: the eval indexes exactly these, so a variant
    written on a new sitting cannot be judged against an index that lacks it."""
    names = {variant["file"] for variant in json.loads(VARIANTS.read_text("utf-8"))["variants"]}
    found = {name: next((folder / name for folder in SOURCES if (folder / name).exists()), None) for name in names}
    if missing := sorted(name for name, path in found.items() if path is None):
        raise FileNotFoundError(f"variants name minutes that are in no source folder: {missing}")
    return sorted(path for path in found.values() if path is not None)


def build_quote_index(client: Elasticsearch, settings, analyzer: KiwiAnalyzer) -> str:
    """A fresh index of the variants' source minutes under the settings' alias; its name."""
    import io

    from hearings.index import ensure_indices, turns_spec
    from ingest.pipeline import ingest_paths

    ensure_indices(client, settings, recreate=True)
    log = io.StringIO()
    if ingest_paths(client, settings, analyzer, source_files(), out=log).failed:
        raise RuntimeError(f"quote eval corpus did not ingest whole:\n{log.getvalue()}")
    return turns_spec(settings).alias


def kind_table(rows: list[dict], kinds: dict[str, str]) -> str:
    """Right verdict at the right turn, per kind of variant (the note's first word where no kind is set)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[kinds[row["id"]]].append(row)
    lines = ["| kind | n | right | dangerous |", "|---|---|---|---|"]
    for kind, group in sorted(groups.items()):
        right = sum(r["predicted"] == r["label"] and r["right_turn"] for r in group)
        lines.append(f"| {kind} | {len(group)} | {right} | {sum(r['dangerous'] for r in group)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """`python -m bench.quote_eval ALIAS`: index the variants' minutes under ALIAS and print the tables."""
    import sys

    from hearings.analysis import get_analyzer
    from hearings.config import Settings
    from hearings.engine import make_client

    # The alias must hold "turns": the meetings alias is derived from it.
    alias = sys.argv[1] if len(sys.argv) > 1 else "eval-quote-turns"
    settings = Settings().model_copy(update={"index_alias": alias})
    client, analyzer = make_client(settings), get_analyzer()
    rows = quote_rows(client, build_quote_index(client, settings, analyzer), analyzer)
    variants = json.loads(VARIANTS.read_text("utf-8"))["variants"]
    kinds = {v["id"]: v.get("kind", v["label"]) for v in variants}
    print(quote_table(rows))
    for split in ("tune", "heldout", "all"):
        print(f"\n### {split}\n")
        print(kind_table([r for r in rows if split in ("all", r["split"])], kinds))
    for row in rows:
        if row["dangerous"] or not (row["predicted"] == row["label"] and row["right_turn"]):
            print(row["id"], row["split"], kinds[row["id"]], row["label"], "→", row["predicted"],
                  "turn ok" if row["right_turn"] else "WRONG TURN", "DANGEROUS" if row["dangerous"] else "")


if __name__ == "__main__":
    main()
