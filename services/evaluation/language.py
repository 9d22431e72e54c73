"""Language accuracy on lingua's test data (sentences and word pairs) for the configured languages,
next to lingua's published high-accuracy figures for the same files (75-language mode)."""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from lingua import Language

from services.core.settings import Settings
from services.evaluation.paths import eval_root
from services.language.detect import build_detector, detect_language, detector_codes

KINDS = {"sentences": "sentences-accuracy-values.csv", "word-pairs": "word-pairs-accuracy-values.csv"}
PUBLISHED_COLUMNS = {"high": "lingua-high-accuracy", "low": "lingua-low-accuracy"}


def language_names() -> dict[str, str]:
    """ISO 639-1 code -> the language name lingua's accuracy reports use ("en" -> "English")."""
    return {language.iso_code_639_1.name.lower(): language.name.title() for language in Language.all()}


def published_accuracy(root: Path, kind: str, column: str) -> dict[str, float]:
    with (root / "accuracy-reports" / KINDS[kind]).open(encoding="utf-8") as handle:
        rows = [{key.lower(): value for key, value in row.items()} for row in csv.DictReader(handle)]
    return {row["language"]: float(row[column]) for row in rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="incident-stream eval language", description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=eval_root() / "lingua-langid")
    parser.add_argument("--limit", type=int, default=1000, help="samples per language and kind")
    args = parser.parse_args(argv)

    settings = Settings()
    codes = detector_codes(settings.language_codes())
    detector = build_detector(codes, settings.language_low_accuracy)
    mode = "low" if settings.language_low_accuracy else "high"
    names = language_names()
    print(f"languages configured: {len(codes)} ({','.join(codes)}), lingua {mode}-accuracy mode; "
          f"lingua %: lingua's published {mode}-accuracy figure for the same file (75 languages)")
    print(f"{'kind':11} {'lang':5} {'n':>5} {'top-1 %':>8} {'stage %':>8} {'und %':>6} {'lingua %':>9}")
    for kind in KINDS:
        published = published_accuracy(args.eval_dir, kind, PUBLISHED_COLUMNS[mode])
        totals: dict[str, float] = {"n": 0, "top1": 0, "stage": 0, "und": 0, "published": 0.0}
        started = time.perf_counter()
        for code in codes:
            path = args.eval_dir / "language-testdata" / kind / f"{code}.txt"
            if not path.exists():
                continue
            samples = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][: args.limit]
            top1 = stage = und = 0
            for sample in samples:
                values = detector.compute_language_confidence_values(sample)
                top1 += bool(values) and values[0].language.iso_code_639_1.name.lower() == code
                guess = detect_language(detector, sample, settings.language_min_chars, settings.language_min_confidence)
                stage += guess.code == code
                und += guess.code == "und"
            reference = published.get(names.get(code, code), float("nan"))
            n = len(samples)
            print(f"{kind:11} {code:5} {n:5d} {100 * top1 / n:8.1f} {100 * stage / n:8.1f} {100 * und / n:6.1f} {reference:9.1f}")
            totals["n"] += n
            totals["top1"] += top1
            totals["stage"] += stage
            totals["und"] += und
            totals["published"] += reference * n
        elapsed = time.perf_counter() - started
        total_n = totals["n"] or 1
        print(f"{kind:11} {'ALL':5} {int(totals['n']):5d} {100 * totals['top1'] / total_n:8.1f} {100 * totals['stage'] / total_n:8.1f} "
              f"{100 * totals['und'] / total_n:6.1f} {totals['published'] / total_n:9.1f}   ({totals['n'] / elapsed:.0f} samples/s)")
    print("top-1: lingua's best guess among the configured languages; stage: what the language stage emits "
          "('und' below the confidence/length thresholds counts as wrong).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
