"""The learned layer of the sub-event classifier: multinomial logistic regression over word n-grams, the
lexicon cues that fired and the class scores after the ACLED rules.

Trained only on our own authored snippets (services/evaluation/data/acled_style_train.tsv) by
`python -m services.incidents.train_classifier`, which writes data/sub_event_model.json; nothing is
downloaded or trained at run time. One model per language (English in sub_event_model.json, fr/es/pt/de in
sub_event_model.<lang>.json, each trained on that language's snippets): it leaves the English model, and so its CASE
figure, untouched (one joint model with the language as a feature was not measured).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from services.incidents.lexicons import DATA_DIR

MODEL_FILE = DATA_DIR / "sub_event_model.json"
MODEL_LANGUAGES = ("en", "fr", "es", "pt", "de")
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+")
_PREFIX = 5
_MAX_SCORE = 9.0

Hits = Iterable[tuple[str, int, float]]


def snippet_features(text: str, hits: Hits, scores: dict[str, float]) -> dict[str, float]:
    """Feature name -> value: words, 5-letter prefixes, word pairs, fired cues, rule scores, the rules' top class."""
    tokens = ["0" if token.isdigit() else token for token in _TOKEN.findall(text.lower())]
    features: dict[str, float] = {"bias": 1.0}
    for token in tokens:
        features[f"w:{token}"] = 1.0
        if len(token) > _PREFIX:
            features[f"p:{token[:_PREFIX]}"] = 1.0
    for first, second in pairwise(tokens):
        features[f"b:{first} {second}"] = 1.0
    for code, index, _ in hits:
        features[f"c:{code}:{index}"] = 1.0
    for code, score in scores.items():
        features[f"s:{code}"] = min(score, _MAX_SCORE) / 3
    features[f"t:{max(scores, key=lambda c: scores[c]) if scores else 'none'}"] = 1.0
    return features


@dataclass(frozen=True)
class SubEventModel:
    classes: tuple[str, ...]
    feature_index: dict[str, int]
    weights: np.ndarray  # (features, classes)

    def logits(self, features: dict[str, float]) -> np.ndarray:
        rows = [(self.feature_index[name], value) for name, value in features.items() if name in self.feature_index]
        if not rows:
            return np.zeros(len(self.classes))
        index = np.fromiter((r for r, _ in rows), dtype=np.intp, count=len(rows))
        values = np.fromiter((v for _, v in rows), dtype=float, count=len(rows))
        result: np.ndarray = values @ self.weights[index]
        return result

    def predict(self, text: str, hits: Hits, scores: dict[str, float], allowed: Collection[str] | None = None) -> str:
        """The allowed class with the highest logit."""
        logits = self.logits(snippet_features(text, hits, scores))
        ranked = sorted(range(len(self.classes)), key=lambda i: -logits[i])
        return next((self.classes[i] for i in ranked if allowed is None or self.classes[i] in allowed), "OTHER")

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.feature_index, key=self.feature_index.__getitem__)
        return {
            "_doc": "Sub-event model written by `python -m services.incidents.train_classifier` from our authored "
                    "training snippets only; weights[feature] is one row of per-class weights, classes in `classes` order.",
            "classes": list(self.classes),
            "weights": {name: [round(float(w), 4) for w in self.weights[i]] for i, name in enumerate(names)},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubEventModel:
        classes: tuple[str, ...] = tuple(data["classes"])
        table: dict[str, list[float]] = data["weights"]
        names = list(table)
        weights = np.array([table[name] for name in names], dtype=float).reshape(len(names), len(classes))
        return cls(classes, {name: i for i, name in enumerate(names)}, weights)


def write_model(model: SubEventModel, path: Path = MODEL_FILE) -> None:
    path.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def model_file(language: str) -> Path:
    """Where the model of a lexicon language is stored."""
    return MODEL_FILE if language == "en" else MODEL_FILE.with_name(f"sub_event_model.{language}.json")


@cache
def load_model(language: str = "en") -> SubEventModel | None:
    """The trained model of a language, or None when there is none (the rules then decide alone)."""
    path = model_file(language)
    if language not in MODEL_LANGUAGES or not path.exists():
        return None
    return SubEventModel.from_json(json.loads(path.read_text(encoding="utf-8")))
