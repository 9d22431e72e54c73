"""Trains the learned layer of the sub-event classifier on our authored training snippets only.

Multinomial logistic regression with L2, full-batch gradient descent (Adam) in numpy from zero weights:
the same data and options always give the same model. Features seen in fewer than `--min-count` snippets
are dropped (cue and score features are always kept). One model per language, from that language's snippets
(acled_style_train.tsv for English, acled_style_train.<lang>.tsv for fr/es/pt/de); writes
services/incidents/data/sub_event_model[.<lang>].json.
Run: python -m services.incidents.train_classifier [--language L] [--l2 X] [--epochs N].
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

import numpy as np

from services.incidents.classify import cue_hits, mask_demands, rule_scores
from services.incidents.lexicons import load_data
from services.incidents.sub_event_model import (
    MODEL_LANGUAGES,
    SubEventModel,
    model_file,
    snippet_features,
    write_model,
)

CORPUS_DIR = Path(__file__).resolve().parents[1] / "evaluation" / "data"
TRAIN_FILE = CORPUS_DIR / "acled_style_train.tsv"
DEV_FILE = CORPUS_DIR / "acled_style_dev.tsv"
_ALWAYS_KEPT = ("bias", "c:", "s:", "t:")


def corpus_files(language: str) -> tuple[Path, Path]:
    """(training, held-out) snippet files of a language."""
    if language == "en":
        return TRAIN_FILE, DEV_FILE
    return CORPUS_DIR / f"acled_style_train.{language}.tsv", CORPUS_DIR / f"acled_style_dev.{language}.tsv"


def read_corpus(path: Path) -> list[tuple[str, str]]:
    """(snippet, label) rows of a TSV with the header id, EventSnippet, SubType; lines starting '#' are notes."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return [(row["EventSnippet"], row["SubType"].strip())
                for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def featurise(text: str, language: str = "en") -> dict[str, float]:
    """The model's features of a snippet in a lexicon language, as classify_text computes them."""
    text = mask_demands(text, language)
    hits = cue_hits(text, language)
    return snippet_features(text, hits, rule_scores(text, language, hits))


def train_language(language: str, *, l2: float = 1e-3, epochs: int = 400, min_count: int = 2) -> SubEventModel:
    """The model of one language, from its training snippets."""
    classes = list(load_data("sub_event_types.json")["classes"])
    train = read_corpus(corpus_files(language)[0])
    return fit([featurise(text, language) for text, _ in train], [label for _, label in train], classes,
               l2=l2, epochs=epochs, min_count=min_count)


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
    parser.add_argument("--language", choices=MODEL_LANGUAGES, default=None, help="Only this language's model.")
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=400)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args(argv)
    for language in [args.language] if args.language else MODEL_LANGUAGES:
        model = train_language(language, l2=args.l2, epochs=args.epochs, min_count=args.min_count)
        write_model(model, model_file(language))
        train_path, dev_path = corpus_files(language)
        train, dev = read_corpus(train_path), read_corpus(dev_path)
        print(f"{language}: {len(train)} training snippets, {len(model.feature_index)} features -> {model_file(language)}")
        print(f"  train accuracy {accuracy(model, [featurise(t, language) for t, _ in train], [label for _, label in train]):.3f}")
        print(f"  dev accuracy   {accuracy(model, [featurise(t, language) for t, _ in dev], [label for _, label in dev]):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
