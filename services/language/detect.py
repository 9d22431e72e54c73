"""Language identification with lingua, restricted to the configured languages."""

from __future__ import annotations

from dataclasses import dataclass

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

UNDETERMINED = "und"
EVERY_LANGUAGE = "all"
# lingua is accurate on a few hundred characters; more only costs time.
MAX_SAMPLE_CHARS = 600


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    confidence: float


def supported_codes() -> list[str]:
    """The ISO 639-1 code of every language lingua has a model for (75), sorted."""
    return sorted(language.iso_code_639_1.name.lower() for language in Language.all())


def detector_codes(configured: list[str]) -> list[str]:
    """The configured codes, with 'all' standing for every language lingua knows."""
    return supported_codes() if configured == [EVERY_LANGUAGE] else configured


def iso_codes(codes: list[str]) -> list[IsoCode639_1]:
    """ISO 639-1 codes to lingua's enum; an unknown code is a configuration error, said plainly."""
    known = {
        name.lower(): getattr(IsoCode639_1, name)
        for name in dir(IsoCode639_1) if len(name) == 2 and name.isupper()
    }
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValueError(f"lingua has no model for {unknown}; known codes: {sorted(known)}")
    return [known[code] for code in codes]


def build_detector(codes: list[str], low_accuracy: bool = False) -> LanguageDetector:
    """Models load lazily, per language, on first use. In high-accuracy mode a text under 120 characters
    loads every n-gram model of its candidate languages; low-accuracy mode uses trigrams only."""
    codes = detector_codes(codes)
    if len(codes) < 2:
        raise ValueError("configure at least two languages (INCIDENT_STREAM_LANGUAGES)")
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*iso_codes(codes))
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def detect_language(detector: LanguageDetector, text: str, min_chars: int, min_confidence: float) -> LanguageGuess:
    """The most likely language, or 'und' when the text is too short or no language clearly wins."""
    sample = " ".join(text.split())[:MAX_SAMPLE_CHARS]
    if sum(character.isalpha() for character in sample) < min_chars:
        return LanguageGuess(UNDETERMINED, 0.0)
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return LanguageGuess(UNDETERMINED, 0.0)
    best = values[0]
    confidence = round(float(best.value), 4)
    if confidence < min_confidence:
        return LanguageGuess(UNDETERMINED, confidence)
    return LanguageGuess(best.language.iso_code_639_1.name.lower(), confidence)
