"""Gazetteer-driven toponym spotting: every gazetteer name on word boundaries, kept when it looks
like a place (capitalised, not an ordinary word, or backed by a context cue such as "near X")."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import marisa_trie

from services.core.budget import check_deadline
from services.core.settings import Settings
from services.gazetteer.build import ensure_gazetteer
from services.gazetteer.capitalisation import capitalised_by_position, written_as_name_elsewhere
from services.gazetteer.common_words import load_common_words, load_stop_words
from services.gazetteer.cues import DEMONYM_CUE, load_cues
from services.gazetteer.demonyms import load_demonyms
from services.gazetteer.name_trie import MAX_NAME_CHARS, load_name_trie, name_trie_path
from services.gazetteer.place_words import NATURAL_FEATURE_WORDS, us_state_codes
from services.gazetteer.vocabulary import load_vocabulary
from services.nlp.folding import fold_text

_CUE_WINDOW = 24
# "Athens, GA": a US postal code right after a place name, the word ending there.
_WORD_BEFORE = re.compile(r"([A-Z][^\W\d_]+) $")
_WORD_AFTER = re.compile(r" ([A-Z][^\W\d_]+)")
_POSTAL_QUALIFIER = re.compile(r"[ \t]*,[ \t]*([A-Z]{2})(?!\w|\.\w)")

# Languages that capitalise every noun: there a capital letter says nothing about a name.
NOUN_CAPITALISING = frozenset({"de", "lb"})


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _spaceless(char: str) -> bool:
    """Scripts written without spaces between words (CJK, kana, Thai): no word boundaries to check."""
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0x0E00 <= code <= 0x0E7F or 0xF900 <= code <= 0xFAFF


def _previous_words(folded: str, start: int) -> tuple[str, str]:
    """The word before start and the two words before start, folded ("near", "town of")."""
    words = folded[max(0, start - _CUE_WINDOW) : start].replace(",", " ").split()
    one = words[-1].strip(".'\"(") if words else ""
    two = " ".join(words[-2:]) if len(words) >= 2 else one
    return one, two


def _next_word(folded: str, end: int) -> str:
    tail = folded[end : end + _CUE_WINDOW]
    if tail.startswith("-"):
        return "-" + tail[1:].split(" ", 1)[0].rstrip(".,;:")
    words = tail.split()
    return words[0].rstrip(".,;:'\")") if words else ""


class ToponymMatcher:
    """Finds candidate place mentions in a text with a trie of gazetteer names."""

    def __init__(self, names: marisa_trie.Trie) -> None:
        self._names = names

    @classmethod
    def from_settings(cls, settings: Settings) -> ToponymMatcher:
        return cls(load_name_trie(name_trie_path(ensure_gazetteer(settings))))

    def _name_spans(self, folded: str) -> list[tuple[int, int]]:
        """(start, end) of every gazetteer name starting where a word may start: after a character that is
        not a letter or digit, or anywhere in a script written without spaces."""
        spans = []
        after_word = False
        for start, char in enumerate(folded):
            if not after_word or _spaceless(char):
                spans += [(start, start + len(name)) for name in self._names.prefixes(folded[start:start + MAX_NAME_CHARS])]
            after_word = _is_word_char(char)
        return spans

    def find(self, text: str, language: str = "en") -> list[dict[str, Any]]:
        """Candidate toponyms [{text, start, end, cue, ner_label: None}], longest match first, no overlaps."""
        folded = fold_text(text)
        cues = load_cues().get(language) or load_cues()["en"]
        common = load_common_words(language)
        spans = self._name_spans(folded)
        spans.sort(key=lambda span: (span[0], span[0] - span[1]))
        mentions: list[dict[str, Any]] = []
        taken_until = 0
        for start, end in spans:
            check_deadline()
            if start < taken_until or not self._on_boundaries(folded, start, end):
                continue
            cue = self._accept(text, folded, start, end, cues, common, language)
            if cue is False:
                continue
            start, end = _with_feature_word(text, start, end, taken_until)
            mentions.append(
                {
                    "text": text[start:end],
                    "start": start,
                    "end": end,
                    "cue": cue if isinstance(cue, str) else None,
                    "ner_label": None,
                }
            )
            taken_until = end
        return _with_postal_qualifiers(text, mentions)

    @staticmethod
    def _on_boundaries(folded: str, start: int, end: int) -> bool:
        if _spaceless(folded[start]) or _spaceless(folded[end - 1]):
            return True
        before_ok = start == 0 or not _is_word_char(folded[start - 1])
        after_ok = end == len(folded) or not _is_word_char(folded[end])
        return before_ok and after_ok

    @staticmethod
    def _accept(
        text: str,
        folded: str,
        start: int,
        end: int,
        cues: dict[str, frozenset[str]],
        common: frozenset[str],
        language: str,
    ) -> str | bool:
        """False to drop the match; else the cue word that backs it, or True when none is needed."""
        first = text[start]
        cased = first.lower() != first.upper()
        if cased and not first.isupper():
            return False
        one_before, two_before = _previous_words(folded, start)
        if one_before in cues.get("not_before", frozenset()):
            return False
        cue: str | None = None
        named_after = False  # "Police Department": a capitalised cue after the word names an organisation
        if two_before in cues["before"]:
            cue = two_before
        elif one_before in cues["before"]:
            cue = one_before
        else:
            following = _next_word(folded, end)
            if following in cues["after"]:
                cue = following
                named_after = text[end + 1 : end + 2].isupper()
        key = folded[start:end]
        if key in load_demonyms():
            # "Malian soldiers": an associative mention of Mali, marked so consumers can tell.
            return DEMONYM_CUE
        surface = text[start:end]
        vouched = _vouches(cue, cues, key, language) and not named_after
        if _is_common(key, surface, common, language) and not vouched:
            return False
        if not vouched and _capital_means_nothing(text, start, end, key, language):
            return False
        return cue if cue is not None else True


def _with_feature_word(text: str, start: int, end: int, taken_until: int) -> tuple[int, int]:
    """The span grown over a natural-feature word right before or after it ("Lake Victoria",
    "Congo River"), so the resolver sees a lake or a river, not the town or state it is named after."""
    before = _WORD_BEFORE.search(text, max(taken_until, start - 24), start)
    if before and before.group(1).casefold() in NATURAL_FEATURE_WORDS:
        start = before.start(1)
    after = _WORD_AFTER.match(text, end)
    if after and after.group(1).casefold() in NATURAL_FEATURE_WORDS:
        end = after.end(1)
    return start, end


def _with_postal_qualifiers(text: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mentions plus each US postal code that qualifies one of them ("Athens, GA"): too short
    for the name trie, and ordinary words elsewhere ("IN", "OR", "ME"), but a state in that place."""
    taken = {mention["start"] for mention in mentions}
    found = list(mentions)
    for mention in mentions:
        match = _POSTAL_QUALIFIER.match(text, mention["end"])
        if match and match.group(1) in us_state_codes() and match.start(1) not in taken:
            found.append(
                {
                    "text": match.group(1),
                    "start": match.start(1),
                    "end": match.end(1),
                    "cue": None,
                    "ner_label": None,
                }
            )
    return sorted(found, key=lambda mention: mention["start"])


def _is_common(key: str, surface: str, common: frozenset[str], language: str = "en") -> bool:
    """An ordinary word of the language ("Juli", "Pueblo"), or a phrase of them that is not written
    as a name ("El gobernador": its last word is lower-case). Acronyms are never ordinary words."""
    if len(surface) > 1 and surface.isupper():
        return False
    if key in common:
        return True
    words = key.split()
    last = surface.split()[-1] if surface.split() else ""
    if len(words) < 2 or not last[:1].islower():
        return False
    # "The range", "The gap": a phrase led by a function word and ending in lower case is no name.
    return words[0] in load_stop_words(language) or all(word in common for word in words)


def _capital_means_nothing(text: str, start: int, end: int, key: str, language: str) -> bool:
    """An ordinary word ("Snow", "Farmers") capitalised only by where it stands (a sentence's first
    word, part of a longer name, a title-case headline) and nowhere in the text written as a name
    on its own. NER place spans still propose it (services/entities/toponyms.py)."""
    if key not in load_vocabulary(language) or text[start:end].isupper():
        return False  # all capitals ("HURRICANE, W.Va.") is a dateline's or a sign's, not a sentence's
    ordinary = _ordinary_neighbours(language)
    return capitalised_by_position(text, start, end, ordinary) and not written_as_name_elsewhere(
        text, start, end, ordinary
    )


@cache
def _ordinary_neighbours(language: str) -> frozenset[str]:
    """Capitalised words beside a name that do not make it part of a longer one: function words
    ("In", "The") and the words of place cues and natural features ("County", "River")."""
    cues = load_cues().get(language) or load_cues()["en"]
    cue_words = {word for kind in ("before", "after") for cue in cues.get(kind, ()) for word in cue.split()}
    return frozenset(load_stop_words(language) | NATURAL_FEATURE_WORDS | cue_words)


def _vouches(cue: str | None, cues: dict[str, frozenset[str]], key: str, language: str) -> bool:
    """Whether a cue is strong enough to make an ordinary word a place: never a weak preposition;
    where every noun is capitalised, only a place noun ("X region") or a phrase ("town of")."""
    if cue is None or cue in cues.get("weak_before", frozenset()) or len(key) <= 3:
        return False
    if language in NOUN_CAPITALISING:
        return cue in cues["after"] or " " in cue
    return True
