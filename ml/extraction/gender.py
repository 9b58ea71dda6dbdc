"""The gender of a speaker, so that "he" and "she" agree with the speaker they refer to.

Evidence, strongest first: an honorific before the surname in the article ("Mrs. Clinton",
"Mr. Obama"; when the article gives one surname both, it tells nothing), then the usual
gender of the first name, from a table derived from the name–gender data of nomquamgender
(MIT; first names of several national name registers) by ``ml.extraction.first_names``.
"""

from __future__ import annotations

import functools

import regex
from unidecode import unidecode

from ml.extraction.lexicon import OUTLET_WORDS, has_non_person_word
from ml.extraction.text import POSSESSIVE
from ml.paths import ARTIFACTS_DIR

FIRST_NAMES = ARTIFACTS_DIR / "first_names.tsv"
FEMALE, MALE = "female", "male"
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE}
_TITLE = r"\b(Mrs|Ms|Mr)\.?[ \u00a0]+(?:\p{Lu}\.[ \u00a0]*)*"
_HONORIFIC = regex.compile(_TITLE + r"(\p{Lu}[\p{L}’'-]+)")
_HONORIFIC_BEFORE = regex.compile(_TITLE + r"$")
_HONORIFIC_GENDER = {"Mr": MALE, "Mrs": FEMALE, "Ms": FEMALE}


@functools.cache
def first_names() -> dict[str, str]:
    """The committed table: folded first name → "female" or "male"."""
    lines = FIRST_NAMES.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if not line.startswith("#"))


def fold(word: str) -> str:
    """A first name as the table keys it: lower case, accents folded."""
    return unidecode(word).lower()


def honorific_genders(text: str) -> dict[str, str]:
    """Surname (folded) → gender, from the honorifics before it in ``text``; a surname that
    carries both a male and a female honorific ("Mr. Clinton", "Mrs. Clinton") is left out."""
    seen: dict[str, set[str]] = {}
    for m in _HONORIFIC.finditer(text):
        seen.setdefault(fold(m.group(2)), set()).add(_HONORIFIC_GENDER[m.group(1)])
    return {name: genders.pop() for name, genders in seen.items() if len(genders) == 1}


def honorific_before(text: str, start: int) -> str | None:
    """The gender of the honorific right before ``text[start]`` ("Mr. |Obama"), if any."""
    m = _HONORIFIC_BEFORE.search(text, max(0, start - 12), start)
    return _HONORIFIC_GENDER[m.group(1)] if m else None


def name_gender(words: list[str], by_surname: dict[str, str]) -> str | None:
    """The gender of the name ``words`` (titles already stripped): its surname's honorific
    in the article, else the usual gender of its first word that is a first name (past a
    label such as "Democrat Hillary Clinton"); None when neither tells and for an
    organisation ("New York Times")."""
    if has_non_person_word(words) or any(w.lower() in OUTLET_WORDS for w in words):
        return None
    gender = by_surname.get(fold(POSSESSIVE.sub("", words[-1])))
    table = first_names()
    return gender or next((table[w] for w in map(fold, words[:-1]) if w in table), None)
