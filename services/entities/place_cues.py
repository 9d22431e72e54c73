"""Context cues for place names ("near X", "X region", "à X") from the gazetteer's place-cue file."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.gazetteer.cues import read_place_cues
from services.nlp.folding import fold_case_and_accents
from services.nlp.languages import words_of_every_language

CONTEXT_CHARS = 40
MAX_NAME_WORDS = 3
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_DETERMINERS = frozenset(words_of_every_language("span_words", "determiners"))


@dataclass(frozen=True)
class PlaceCues:
    before: dict[str, tuple[str, ...]]
    after: dict[str, tuple[str, ...]]
    before_strong: dict[str, tuple[str, ...]]
    after_strong: dict[str, tuple[str, ...]]

    def context_cue(self, text: str, start: int, end: int, language: str) -> str | None:
        """The cue right before or after text[start:end] ("near", "region"), if any."""
        return _cue_before(text, start, self._for(self.before, language)) or _cue_after(
            text, end, self._for(self.after, language))

    def propose(self, text: str, language: str) -> list[dict[str, object]]:
        """Capitalised names after a strong cue ('near X') or before one ('the X military base')."""
        found = []
        folded = fold_case_and_accents(text)
        for cue in self._for(self.before_strong, language):
            for match in re.finditer(rf"(?<!\w){re.escape(cue)}\s+", folded):
                span = _capitalised_run(text, match.end())
                if span:
                    surface = text[match.start():match.start() + len(cue)]
                    found.append({"text": text[span[0]:span[1]], "start": span[0], "end": span[1], "cue": surface})
        for cue in self._for(self.after_strong, language):
            for match in re.finditer(rf"\s+{re.escape(cue)}(?!\w)", folded):
                span = _capitalised_run_before(text, match.start())
                if span:
                    surface = text[match.end() - len(cue):match.end()]
                    found.append({"text": text[span[0]:span[1]], "start": span[0], "end": span[1], "cue": surface})
        return found

    @staticmethod
    def _for(table: dict[str, tuple[str, ...]], language: str) -> tuple[str, ...]:
        return table.get(language, ())


def load_place_cues() -> PlaceCues:
    """The entity stage's cues: relabel_* vouch for an NER span the gazetteer knows, propose_* find new names."""
    data = read_place_cues()

    def table(kind: str) -> dict[str, tuple[str, ...]]:
        # Longest cue first so "region of" wins over "of".
        return {lang: tuple(sorted((fold_case_and_accents(c) for c in entry[kind]), key=len, reverse=True))
                for lang, entry in data.items() if kind in entry}

    return PlaceCues(table("relabel_before"), table("relabel_after"), table("propose_before"), table("propose_after"))


def _cue_before(text: str, start: int, cues: tuple[str, ...]) -> str | None:
    window = fold_case_and_accents(text[max(0, start - CONTEXT_CHARS):start]).rstrip()
    for determiner in ("the", "la", "le", "l'"):
        if window.endswith(f" {determiner}"):
            window = window[: -len(determiner)].rstrip()
    for cue in cues:
        if window.endswith(cue) and (len(window) == len(cue) or not window[-len(cue) - 1].isalnum()):
            return cue
    return None


def _cue_after(text: str, end: int, cues: tuple[str, ...]) -> str | None:
    window = fold_case_and_accents(text[end:end + CONTEXT_CHARS]).lstrip()
    for cue in cues:
        if window.startswith(cue) and (len(window) == len(cue) or not window[len(cue)].isalnum()):
            return cue
    return None


def _capitalised_run(text: str, position: int) -> tuple[int, int] | None:
    """Up to MAX_NAME_WORDS capitalised words starting at position."""
    start = end = -1
    for count, match in enumerate(_WORD.finditer(text, position)):
        gap = text[end:match.start()] if end >= 0 else text[position:match.start()]
        if count >= MAX_NAME_WORDS or gap.strip() or not match.group()[0].isupper():
            break
        if start < 0 and match.group().lower() in _DETERMINERS:
            return None
        start = match.start() if start < 0 else start
        end = match.end()
        if match.group().endswith("."):  # a full stop ends the name (and usually the sentence)
            break
    return (start, _strip_trailing_dot(text, start, end)) if start >= 0 else None


def _capitalised_run_before(text: str, position: int) -> tuple[int, int] | None:
    """Up to MAX_NAME_WORDS capitalised words ending at position (after an optional determiner)."""
    words = [m for m in _WORD.finditer(text, max(0, position - 80), position)]
    run: list[re.Match[str]] = []
    for match in reversed(words):
        following = run[0].start() if run else position
        if text[match.end():following].strip() or not match.group()[0].isupper() or len(run) >= MAX_NAME_WORDS:
            break
        if match.group().lower() in _DETERMINERS:
            break
        run.insert(0, match)
    if not run:
        return None
    return run[0].start(), run[-1].end()


def _strip_trailing_dot(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".-'’":
        end -= 1
    return end
