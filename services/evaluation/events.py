"""ACLED sub-event type accuracy on the CASE 2021 Task 2 test set (../shared/eval/case2021-event-types).

Each snippet is classified by the incident stage's sub-event classifier (services.incidents.classify):
over the 25 ACLED classes (snippets whose gold is one of them, predictions restricted to them) and over
all 30 (five non-ACLED classes added). Weighted F1, as in the shared task. The lexicons and the learned
layer were written and trained from our own snippets (data/acled_style_train.tsv, written from the ACLED
codebook); the CASE set is a test set and is never read to tune them, only scored. `--dev` scores the
held-out part of our snippets (data/acled_style_dev.tsv, and per language the fr/es/pt/de ones, before and after
the learned layer), the set to check changes against; `--train`
the part the learned layer is trained on; `--lexicon-only` switches the learned layer off.
On the CASE set it also reports the end-to-end figures (services.evaluation.events_end_to_end): each snippet
run as an article through the whole pipeline, scored on `incidents.events` and on `incidents`, a snippet with
no event a miss; `--limit N` runs every k-th of N snippets for a quick look, `--classification-only` skips it.
Run: python -m services.evaluation.events [--eval-dir DIR] [--errors N] [--dev | --train] [--lexicon-only]
[--limit N | --classification-only].
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from services.evaluation.events_end_to_end import NO_EVENT, run_end_to_end, sample
from services.evaluation.paths import eval_root
from services.incidents.classify import classify_text
from services.incidents.lexicons import load_data
from services.incidents.sub_event_model import MODEL_LANGUAGES
from services.incidents.train_classifier import corpus_files, read_corpus

DATASET = "case2021-event-types"
TEST_FILE = "task2_test_set_final_release_with_labels.tsv"
PUBLISHED = "best shared-task systems (RoBERTa fine-tuned on ACLED): 83.9 (25 classes) / 77.1 (30); zero-shot entailment: 0.74"
TARGET_25 = 0.84
DATA_DIR = Path(__file__).parent / "data"
DEV_FILE = DATA_DIR / "acled_style_dev.tsv"
TRAIN_FILE = DATA_DIR / "acled_style_train.tsv"


read_snippets = read_corpus


def weighted_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Support-weighted mean of per-class F1 over the gold classes."""
    support = Counter(gold)
    total = 0.0
    for label, count in support.items():
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        predicted_count = sum(1 for p in predicted if p == label)
        precision = tp / predicted_count if predicted_count else 0.0
        recall = tp / count
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total += f1 * count
    return total / len(gold) if gold else 0.0


def per_class_f1(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, tuple[int, float, float, float]]:
    """Per gold class: (support, precision, recall, F1)."""
    table = {}
    for label, count in sorted(Counter(gold).items()):
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        predicted_count = sum(1 for p in predicted if p == label)
        precision = tp / predicted_count if predicted_count else 0.0
        recall = tp / count
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = (count, precision, recall, f1)
    return table


def acled_codes() -> list[str]:
    classes = load_data("sub_event_types.json")["classes"]
    return [code for code, spec in classes.items() if spec["acled"]]


def evaluate(snippets: list[tuple[str, str]], allowed: list[str], learned: bool = True,
             language: str = "en") -> tuple[float, float, list[str]]:
    """(weighted F1, accuracy, predictions) over the snippets whose gold label is in `allowed`."""
    kept = [(text, label) for text, label in snippets if label in allowed]
    predicted = [classify_text(text, language, allowed, learned=learned)[0] for text, _ in kept]
    gold = [label for _, label in kept]
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return weighted_f1(gold, predicted), accuracy, predicted


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--eval-dir", type=Path, default=None, help="Directory holding case2021-event-types/.")
    parser.add_argument("--errors", type=int, default=0, help="Print this many confusion pairs (25 classes).")
    split = parser.add_mutually_exclusive_group()
    split.add_argument("--dev", action="store_true", help="Score our held-out development snippets, not the test set.")
    split.add_argument("--train", action="store_true", help="Score our training snippets (what the learned layer saw).")
    parser.add_argument("--lexicon-only", action="store_true", help="Lexicon and rules only, without the learned layer.")
    parser.add_argument("--per-class", action="store_true", help="Print precision, recall and F1 per class (25 classes).")
    end_to_end = parser.add_mutually_exclusive_group()
    end_to_end.add_argument("--limit", type=int, default=None, help="End to end: every k-th snippet, N in all (quick runs).")
    end_to_end.add_argument("--classification-only", action="store_true", help="Skip the end-to-end pipeline run.")
    return parser


def report_end_to_end(snippets: list[tuple[str, str]], limit: int | None, per_class: bool) -> None:
    """End-to-end weighted F1 (25 ACLED classes) on incidents.events and incidents, and the share with no event."""
    allowed = acled_codes()
    chosen = sample([(text, label) for text, label in snippets if label in allowed], limit)
    classes = load_data("sub_event_types.json")["classes"]
    code_of = {spec["sub_event_type"]: code for code, spec in classes.items() if spec["acled"]}
    started = time.perf_counter()
    run = run_end_to_end([text for text, _ in chosen], code_of)
    elapsed = time.perf_counter() - started
    gold = [label for _, label in chosen]
    print(f"  end to end ({len(chosen)} snippets as articles through every stage, {len(chosen) / elapsed:.1f}/s,"
          f" {run.failed} failed):")
    print(f"    incidents.events: weighted F1 {weighted_f1(gold, run.from_events):.3f}"
          f"  no event {run.no_event_share:.1%} ({sum(p == NO_EVENT for p in run.from_events)})")
    print(f"    incidents:        weighted F1 {weighted_f1(gold, run.from_incidents):.3f}")
    if per_class:
        missed = Counter(g for g, p in zip(gold, run.from_events) if p == NO_EVENT)
        for label, (count, precision, recall, f1) in per_class_f1(gold, run.from_events).items():
            print(f"    {label:30s} n={count:3d}  P {precision:.2f}  R {recall:.2f}  F1 {f1:.2f}  no event {missed[label]}")


def report_languages(split: int) -> None:
    """Per language, weighted F1 over the 25 ACLED classes on our own snippets of a split (0 train, 1 held-out):
    cues and rules alone, then with the language's learned layer."""
    for language in MODEL_LANGUAGES:
        snippets = read_corpus(corpus_files(language)[split])
        before, _, _ = evaluate(snippets, acled_codes(), learned=False, language=language)
        after, _, _ = evaluate(snippets, acled_codes(), learned=True, language=language)
        print(f"  {language}: {len(snippets):4d} snippets, 25 ACLED classes weighted F1 {before:.3f} rules and cues alone,"
              f" {after:.3f} with the learned layer")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    path = DEV_FILE if args.dev else TRAIN_FILE if args.train else (args.eval_dir or eval_root()) / DATASET / TEST_FILE
    if not path.exists():
        print(f"missing {path}", file=sys.stderr)
        return 2
    snippets = read_snippets(path)
    all_codes = list(load_data("sub_event_types.json")["classes"])
    learned = not args.lexicon_only
    started = time.perf_counter()
    f1_25, acc_25, predicted_25 = evaluate(snippets, acled_codes(), learned)
    f1_30, acc_30, _ = evaluate(snippets, all_codes, learned)
    elapsed = time.perf_counter() - started
    n_25 = sum(1 for _, label in snippets if label in acled_codes())
    name = "development split (ours)" if args.dev else "training split (ours)" if args.train else "CASE 2021 Task 2 test set"
    print(f"{name}: {len(snippets)} snippets ({n_25} with one of the 25 ACLED classes)")
    print(f"  25 ACLED classes: weighted F1 {f1_25:.3f}  accuracy {acc_25:.3f}  (target {TARGET_25})")
    print(f"  all 30 classes:   weighted F1 {f1_30:.3f}  accuracy {acc_30:.3f}")
    print(f"  published: {PUBLISHED}")
    kind = "lexicon classifier" if args.lexicon_only else "lexicon + learned layer"
    print(f"  {(n_25 + len(snippets)) / elapsed:.0f} snippets/s ({kind}, one core)")
    gold_25 = [label for _, label in snippets if label in acled_codes()]
    if args.per_class:
        for label, (count, precision, recall, f1) in per_class_f1(gold_25, predicted_25).items():
            print(f"  {label:30s} n={count:3d}  P {precision:.2f}  R {recall:.2f}  F1 {f1:.2f}")
    if args.errors:
        confusions = Counter((g, p) for g, p in zip(gold_25, predicted_25) if g != p)
        for (g, p), count in confusions.most_common(args.errors):
            print(f"  {count:3d}  gold {g:30s} predicted {p}")
    if args.dev or args.train:
        report_languages(1 if args.dev else 0)
    if not (args.dev or args.train or args.classification_only):
        report_end_to_end(snippets, args.limit, args.per_class)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
