"""Fatality counts: exact match of `best` on our annotated sentences (services/evaluation/data/fatality_sentences.jsonl).

138 sentences and short reports in en/fr/es/pt/de, written for this project in the style of wire reports and
ACLED notes, each annotated with the figure ACLED would code (vague quantities by services/nlp/VAGUE_QUANTITIES.md;
every side's dead summed, attackers included; wounded apart; a revision wins; "no casualties" is 0). `explicit`
marks sentences whose count is stated as a number (digits or words, possibly "at least"/"more than"); the target,
0.85, is on those. The "dev" ones were used while writing the rules; the "heldout" ones were written afterwards
and are reported separately, as the honest figure (a held-out item that a later rule was written from moves to dev).
Published extractors reach at most 0.26 with regular expressions and 0.44-0.81 with a
trained QA model (Zhong et al., EACL 2023), on their own data.
Run: python -m services.evaluation.fatalities [--errors].
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from services.incidents.fatalities import sentence_fatalities

DATA_FILE = Path(__file__).parent / "data" / "fatality_sentences.jsonl"
TARGET = 0.85


def load_sentences(path: Path = DATA_FILE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def exact_match(items: list[dict[str, Any]]) -> tuple[float, list[tuple[dict[str, Any], int]]]:
    """(share of items whose predicted best equals the gold count, the misses with their prediction)."""
    misses = []
    for item in items:
        predicted = sentence_fatalities(item["text"], item["language"])["best"]
        if predicted != item["fatalities"]:
            misses.append((item, predicted))
    return (1 - len(misses) / len(items)) if items else 0.0, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA_FILE)
    parser.add_argument("--errors", action="store_true", help="List the sentences we get wrong.")
    args = parser.parse_args(argv)
    items = load_sentences(args.data)
    explicit = [i for i in items if i["explicit"]]
    vague = [i for i in items if not i["explicit"]]
    score_all, misses = exact_match(items)
    score_explicit, _ = exact_match(explicit)
    score_vague, _ = exact_match(vague)
    dev = [i for i in explicit if i.get("split", "dev") == "dev"]
    heldout = [i for i in explicit if i.get("split") == "heldout"]
    print(f"Fatalities exact match (best) on {len(items)} annotated sentences, 5 languages")
    print(f"  explicitly stated counts: {score_explicit:.3f} ({len(explicit)} sentences; target {TARGET})")
    print(f"    dev (used while writing rules): {exact_match(dev)[0]:.3f} ({len(dev)})   "
          f"held out: {exact_match(heldout)[0]:.3f} ({len(heldout)})")
    print(f"  vague quantities (ACLED policy): {score_vague:.3f} ({len(vague)} sentences)")
    print(f"  all: {score_all:.3f}")
    for language in sorted({i["language"] for i in items}):
        subset = [i for i in items if i["language"] == language]
        print(f"  {language}: {exact_match(subset)[0]:.3f} ({len(subset)})")
    print("  published: regex extractors <= 0.26, trained QA 0.44-0.81 exact match (Zhong et al., EACL 2023, their data)")
    if args.errors:
        for item, predicted in misses:
            print(f"  MISS {item['id']}: gold {item['fatalities']} predicted {predicted}: {item['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
