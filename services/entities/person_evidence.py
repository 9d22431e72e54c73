"""Strong evidence that a gazetteer name in the text is a person's, not a place.

NER labels alone are not enough: small models tag "Alexandria", "Gao" or "Mansfield" as persons. A
place name is a person's only when the text says so: a known first name before it inside a person
span ("Hannah Armstrong"), a title ("Mr. Lincoln", "President Bazoum"), a speech verb next to an NER
person ("Parly said"), a possessive with a kin word ("Trump's wife"), or the surname of a full name
mentioned earlier in the article ("Florence Parly ... Parly told").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.nlp.folding import fold_case_and_accents
from services.nlp.languages import read_part

DATA_DIR = Path(__file__).parent / "data"
Span = tuple[int, int]
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
MAX_NAME_WORDS = 4
_WINDOW = 40


@dataclass(frozen=True)
class PersonCues:
    first_names: frozenset[str]
    titles: frozenset[str]
    speech: frozenset[str]
    kin: frozenset[str]


def load_person_cues(data_dir: Path = DATA_DIR) -> PersonCues:
    names = (data_dir / "first_names.txt").read_text(encoding="utf-8").splitlines()
    first = frozenset(fold_case_and_accents(w) for line in names if not line.startswith("#") for w in line.split())
    raw = read_part("person_cues")

    def every_language(key: str) -> frozenset[str]:
        return frozenset(fold_case_and_accents(w) for words in raw[key].values() for w in words)

    return PersonCues(first, every_language("titles"), every_language("speech"), frozenset(raw["kin"]))


class PersonEvidence:
    """Answers `is_person(span)` for one article, given its NER person spans."""

    def __init__(self, text: str, entities: list[dict[str, Any]], cues: PersonCues) -> None:
        self._text = text
        self._folded = fold_case_and_accents(text)
        self._cues = cues
        self._persons = [(e["start"], e["end"]) for e in entities if e["label"] == "PER"]
        # Surname -> offset of the first full-name mention it belongs to.
        self._surnames: dict[str, int] = {}
        for start, end in self._persons:
            words = text[start:end].split()
            if not 1 < len(words) <= MAX_NAME_WORDS or not all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words):
                continue  # not a plain full name ("Trump - Wisconsin" is a tagging slip)
            if fold_case_and_accents(words[0]) in cues.first_names or self._title_before(start):
                self._surnames.setdefault(fold_case_and_accents(words[-1]), start)

    def is_person(self, start: int, end: int) -> bool:
        """True when text[start:end] names a person by strong evidence, not by an NER label alone."""
        return (self._inside_full_name(start, end) or self._title_before(start)
                or self._speech_next_to_person(start, end) or self._possessive_kin(end)
                or self._known_surname(start, end) or self._is_title(start, end))

    def is_lone_first_name(self, start: int, end: int) -> bool:
        """An NER person span that is exactly a known first name ("Sandra said"). Weaker than
        `is_person`: a context cue ("in Virginia") outweighs it."""
        return (start, end) in self._persons and fold_case_and_accents(self._text[start:end]) in self._cues.first_names

    def _is_title(self, start: int, end: int) -> bool:
        """'Mrs', 'President': a title is not a place even where the gazetteer has one of that name."""
        return self._folded[start:end] in self._cues.titles or self._folded[start:end + 1] in self._cues.titles

    def _inside_full_name(self, start: int, end: int) -> bool:
        for p_start, p_end in self._persons:
            if not (p_start <= start and end <= p_end) or (p_start, p_end) == (start, end):
                continue
            before = self._folded[p_start:start].split()
            if any(word in self._cues.first_names or word in self._cues.titles for word in before):
                return True
            # The span is the first name itself: "Florence" in "Florence Parly".
            if not before and fold_case_and_accents(self._text[start:end]) in self._cues.first_names and end < p_end:
                return True
        return False

    def _title_before(self, start: int) -> bool:
        window = self._folded[max(0, start - _WINDOW):start]
        words = window.split()
        if words and words[-1] in self._cues.first_names and self._text[start - 1:start].isspace():
            words = words[:-1]  # "President Mohamed Bazoum": skip one first name
        for size in (2, 1):
            if len(words) >= size and " ".join(words[-size:]).rstrip(",") in self._cues.titles:
                return True
        return False

    def _speech_next_to_person(self, start: int, end: int) -> bool:
        if not any(p_start <= start and end <= p_end for p_start, p_end in self._persons):
            return False
        after = [word.strip(",.") for word in self._folded[end:end + _WINDOW].split()[:2]]
        before = self._folded[max(0, start - _WINDOW):start].split()
        speech = self._cues.speech
        return bool(after) and (after[0] in speech or " ".join(after) in speech) or (
            bool(before) and before[-1].strip(",") in speech)

    def _possessive_kin(self, end: int) -> bool:
        after = self._folded[end:end + _WINDOW]
        if not after.startswith(("'s ", "' ")):
            return False
        words = after.split()
        return len(words) > 1 and words[1].strip(",.") in self._cues.kin

    def _known_surname(self, start: int, end: int) -> bool:
        first_mention = self._surnames.get(fold_case_and_accents(self._text[start:end]))
        return first_mention is not None and first_mention < start
