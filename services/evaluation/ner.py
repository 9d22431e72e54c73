"""English NER entity-level precision, recall and F1 on CoNLL++ (../shared/eval/conllpp), for
en_core_web_sm as shipped and for our entity stage, next to spaCy's published OntoNotes figure.

CoNLL has four labels (PER, ORG, LOC, MISC); OntoNotes labels are mapped onto them (GPE/LOC/FAC ->
LOC; NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE -> MISC; numeric labels dropped). The mismatch
costs spaCy points that are not errors under OntoNotes (e.g. nationalities are NORP there and MISC
here, sports teams named after cities are ORG in CoNLL and GPE in OntoNotes), so compare our stage
with the shipped model on this table, not with the published OntoNotes figure.

Usage: python -m services.evaluation.ner [--limit DOCS] [--data PATH]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy

from services.core.settings import Settings
from services.entities.spacy_models import installed_model_name, parse_model_setting
from services.entities.stage import build_annotator
from services.evaluation.paths import eval_root

DEFAULT_DATA = eval_root() / "conllpp" / "conllpp_test.txt"
LABELS = ("PER", "ORG", "LOC", "MISC")
# spaCy's own evaluation of en_core_web_sm 3.8.0 (meta.json, OntoNotes 5, 18 labels).
PUBLISHED = {"source": "en_core_web_sm 3.8.0 meta.json, OntoNotes 5 (18 labels)", "p": 0.843, "r": 0.844, "f": 0.843}
TO_CONLL = {
    "PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "MISC": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC",
}

Span = tuple[int, int, str]  # start char, end char, CoNLL label


@dataclass
class Document:
    text: str
    gold: set[Span]


@dataclass
class Score:
    true_positives: Counter[str]
    predicted: Counter[str]
    gold: Counter[str]

    def prf(self, label: str | None = None) -> tuple[float, float, float]:
        tp = self.true_positives[label] if label else sum(self.true_positives.values())
        pred = self.predicted[label] if label else sum(self.predicted.values())
        gold = self.gold[label] if label else sum(self.gold.values())
        precision = tp / pred if pred else 0.0
        recall = tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def read_conll(path: Path) -> Iterator[Document]:
    """Documents of `TOKEN POS CHUNK NER` lines (IOB2); sentences joined by newlines."""
    words: list[str] = []
    tags: list[str] = []
    breaks: set[int] = set()
    for line in path.read_text(encoding="utf-8").splitlines() + ["-DOCSTART- -X- -X- O"]:
        if line.startswith("-DOCSTART-"):
            if words:
                yield _document(words, tags, breaks)
            words, tags, breaks = [], [], set()
        elif not line.strip():
            if words:
                breaks.add(len(words) - 1)
        else:
            columns = line.split()
            words.append(columns[0])
            tags.append(columns[-1])


def _document(words: list[str], tags: list[str], breaks: set[int]) -> Document:
    offsets = _word_offsets(words)
    text = "".join(word + ("\n" if i in breaks else " ") for i, word in enumerate(words)).rstrip()
    gold: set[Span] = set()
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not tag.startswith("I-"):
            gold.add((offsets[start], offsets[i - 1] + len(words[i - 1]), label))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return Document(text, gold)


def _word_offsets(words: list[str]) -> list[int]:
    """Start of each word in the document text, where one space or newline follows every word."""
    offsets, position = [], 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    return offsets


def score(documents: list[Document], predict: Callable[[Document], set[Span]]) -> tuple[Score, float]:
    result = Score(Counter(), Counter(), Counter())
    began = time.perf_counter()
    for document in documents:
        predicted = predict(document)
        result.gold.update(label for *_, label in document.gold)
        result.predicted.update(label for *_, label in predicted)
        result.true_positives.update(label for *_, label in predicted & document.gold)
    return result, len(documents) / (time.perf_counter() - began)


def shipped_model_predictor(model: str) -> Callable[[Document], set[Span]]:
    """The full pipeline as shipped (all components), over the same text the stage gets."""
    nlp = spacy.load(installed_model_name(model))

    def predict(document: Document) -> set[Span]:
        doc = nlp(document.text)
        return {(e.start_char, e.end_char, TO_CONLL[e.label_]) for e in doc.ents if e.label_ in TO_CONLL}

    return predict


def entity_stage_predictor(settings: Settings) -> Callable[[Document], set[Span]]:
    """Our stage on the raw text (its own tokenisation), entities of every source."""
    annotator = build_annotator(settings)

    def predict(document: Document) -> set[Span]:
        entities = annotator.annotate(document.text, "en")["entities"]
        return {(e["start"], e["end"], TO_CONLL[e["label"]]) for e in entities if e["label"] in TO_CONLL}

    return predict


def format_table(rows: list[tuple[str, Score, float]]) -> str:
    header = f"{'system':<38} {'P':>6} {'R':>6} {'F1':>6}  " + "  ".join(f"{lab:>5}" for lab in LABELS) + "  docs/s"
    lines = [header, "-" * len(header)]
    for name, result, speed in rows:
        p, r, f = result.prf()
        per_label = "  ".join(f"{result.prf(lab)[2]:5.3f}" for lab in LABELS)
        lines.append(f"{name:<38} {p:6.3f} {r:6.3f} {f:6.3f}  {per_label}  {speed:6.1f}")
    lines.append(f"{'published (OntoNotes, not CoNLL)':<38} {PUBLISHED['p']:6.3f} {PUBLISHED['r']:6.3f} "
                 f"{PUBLISHED['f']:6.3f}  ({PUBLISHED['source']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CoNLL++ test file")
    parser.add_argument("--limit", type=int, default=None, help="evaluate the first N documents only")
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"{args.data} not found")
    documents = list(read_conll(args.data))[: args.limit]
    settings = Settings()
    model = parse_model_setting(settings.spacy_models)["en"]
    rows = [
        (f"{model} as shipped", *score(documents, shipped_model_predictor(model))),
        ("entity stage (ner+gazetteer+lexicon)", *score(documents, entity_stage_predictor(settings))),
    ]
    gold = sum(len(d.gold) for d in documents)
    print(f"CoNLL++ test: {len(documents)} documents, {gold} gold entities; entity-level exact match, micro average")
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
