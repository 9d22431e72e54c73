"""Trains the learned layer of the sub-event classifier on our authored training snippets only.

Multinomial logistic regression with L2, full-batch gradient descent (Adam) in numpy from zero weights:
the same data and options always give the same model. Features seen in fewer than `--min-count` snippets
are dropped (cue and score features are always kept). Writes services/incidents/data/sub_event_model.json.
Run: python -m services.incidents.train_classifier [--train TSV] [--dev TSV] [--l2 X] [--epochs N] [--out PATH].
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

import numpy as np

from services.incidents.classify import cue_hits, mask_demands, rule_scores
from services.incidents.lexicons import load_data
from services.incidents.sub_event_model import MODEL_FILE, SubEventModel, snippet_features, write_model

CORPUS_DIR = Path(__file__).resolve().parents[1] / "evaluation" / "data"
TRAIN_FILE = CORPUS_DIR / "acled_style_train.tsv"
DEV_FILE = CORPUS_DIR / "acled_style_dev.tsv"
_ALWAYS_KEPT = ("bias", "c:", "s:", "t:")


def read_corpus(path: Path) -> list[tuple[str, str]]:
    """(snippet, label) rows of a TSV with the header id, EventSnippet, SubType."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["EventSnippet"], row["SubType"].strip())
                for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


def featurise(text: str) -> dict[str, float]:
    """The model's features of an English snippet, as classify_text computes them."""
    text = mask_demands(text)
    hits = cue_hits(text, "en")
    return snippet_features(text, hits, rule_scores(text, "en", hits))


def fit(features: list[dict[str, float]], labels: list[str], classes: list[str], *,
        l2: float = 1e-3, epochs: int = 400, min_count: int = 2, learning_rate: float = 0.05) -> SubEventModel:
    """Softmax regression over the kept features; deterministic."""
    counts = Counter(name for row in features for name in row)
    names = sorted(n for n, c in counts.items() if c >= min_count or n.startswith(_ALWAYS_KEPT))
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(features), len(names)))
    for r, row in enumerate(features):
        for name, value in row.items():
            if name in index:
                x[r, index[name]] = value
    y = np.zeros((len(labels), len(classes)))
    y[np.arange(len(labels)), [classes.index(label) for label in labels]] = 1.0
    weights = np.zeros((len(names), len(classes)))
    moment, velocity = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, epochs + 1):
        logits = x @ weights
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        gradient = x.T @ (probabilities - y) / len(labels) + l2 * weights
        moment = 0.9 * moment + 0.1 * gradient
        velocity = 0.999 * velocity + 0.001 * gradient**2
        weights -= learning_rate * (moment / (1 - 0.9**step)) / (np.sqrt(velocity / (1 - 0.999**step)) + 1e-8)
    return SubEventModel(tuple(classes), index, weights)


def accuracy(model: SubEventModel, features: list[dict[str, float]], labels: list[str]) -> float:
    predicted = [model.classes[int(np.argmax(model.logits(row)))] for row in features]
    return sum(p == g for p, g in zip(predicted, labels)) / len(labels) if labels else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--train", type=Path, default=TRAIN_FILE)
    parser.add_argument("--dev", type=Path, default=DEV_FILE, help="Held-out snippets, only reported.")
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=400)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    classes = list(load_data("sub_event_types.json")["classes"])
    train = read_corpus(args.train)
    train_features = [featurise(text) for text, _ in train]
    model = fit(train_features, [label for _, label in train], classes, l2=args.l2, epochs=args.epochs,
                min_count=args.min_count)
    write_model(model, args.out)
    print(f"{len(train)} training snippets, {len(model.feature_index)} features -> {args.out}")
    print(f"  train accuracy {accuracy(model, train_features, [label for _, label in train]):.3f}")
    if args.dev.exists():
        dev = read_corpus(args.dev)
        print(f"  dev accuracy   {accuracy(model, [featurise(text) for text, _ in dev], [label for _, label in dev]):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
