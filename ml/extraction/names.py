"""Coreference by rule: mentions (names, pronouns, descriptions) to the fullest name.

Names are runs of capitalised words with leading titles stripped ("US Secretary of State
Anthony Blinken" -> "Anthony Blinken", "Indiana Gov. Mike Pence" -> "Mike Pence").  A name
is expanded to the longest name in the article holding its words in order ("Lavrov" ->
"Sergei Lavrov", never "Jeh Johnson" -> "Gary Johnson"); a pronoun goes to the previous
speaker or the nearest name before it that agrees with it ("she" passes over a man:
``ml.extraction.gender``); a description ("the political scientist") to the name it was
last attached to ("political scientist Malek Dudakov"), else to the
previous speaker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import regex

from ml.extraction.gender import (
    PRONOUN_GENDER,
    honorific_before,
    honorific_genders,
    name_gender,
)
from ml.extraction.lexicon import (
    COMMENTATOR_HEADS,
    DESCRIPTION_HEADS,
    MEDIA_HEADS,
    NON_PERSON_WORDS,
    OFFICE_WORDS,
    OUTLET_WORDS,
    PRONOUNS,
    TITLE_WORDS,
    has_non_person_word,
)
from ml.extraction.text import LINE, NAME_PREFIX, POSSESSIVE, word_bounds
from ml.speakers import SpeakerRegistry

# A capitalised word in any alphabet's cases ("Gonzàlez", "Erdoğan", "Łukasz"), hyphenated
# parts included ("Holtz-Eakin", "Jean-Yves"), or with a capitalised prefix ("MacDougall",
# "DuVernay", "LeBron", "VanderSloot"): the ``regex`` module knows the Unicode letter
# categories that ``re`` lacks.
_WORD = (
    r"(?:(?:Gov|Sen|Rep|Lt|Gen|Col|Rev|Sgt|Capt|Adm|Maj|Dr|Mr|Mrs|Ms|Prof|Atty)\.|"
    r"\p{Lu}\p{Ll}+(?:[’'\-]\p{Lu}?\p{Ll}+)*|\p{Lu}\.|(?:"
    + NAME_PREFIX
    + r")\p{Lu}\p{Ll}+|\p{Lu}['’]\p{Lu}\p{Ll}+)"
)
_RUN = regex.compile(
    rf"\b{_WORD}(?:[ \u00a0]+(?:{_WORD}|de|van|von|bin|al-\p{{Lu}}\p{{Ll}}+)){{0,5}}\b\.?"
)
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "his",
        "she",
        "her",
        "they",
        "their",
        "in",
        "on",
        "at",
        "for",
        "and",
        "but",
        "or",
        "if",
        "as",
        "when",
        "while",
        "after",
        "before",
        "since",
        "with",
        "by",
        "of",
        "to",
        "from",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "according",
        "earlier",
        "later",
        "also",
        "see",
        "therefore",
        "thus",
        "however",
        "meanwhile",
        "then",
        "there",
        "here",
        "we",
        "i",
        "he",
        "she",
        "they",
        # indefinite pronouns, quantifiers, sentence adverbs and compass adjectives: "No one
        # …", "Many Democrats", "Although North Korea …", "its Western partners"
        "no",
        "not",
        "although",
        "though",
        "despite",
        "unlike",
        "even",
        "only",
        "nearly",
        "today",
        "let",
        "another",
        "other",
        "others",
        "both",
        "few",
        "some",
        "several",
        "many",
        "most",
        "all",
        "each",
        "every",
        "nobody",
        "none",
        "everyone",
        "someone",
        "anyone",
        "western",
        "eastern",
        "northern",
        "southern",
    ]
)
# An organisation named by its initials or in camel case: "the IMF", "NAACP", "C2I",
# "S.E.C.", "PolitiFact"; an article or a possessive may stand around it.
_ACRONYM = regex.compile(
    r"(?:(?i:the)[ \u00a0]+)?(\p{Lu}(?:\.?[\p{Lu}\d&])+\.?|\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)+)"
    r"(?:[’']s)?"
)
# Capitalised words and the small words between them: what an acronym may spell out
# ("Federal Bureau of Investigation").
_SPELLED = regex.compile(
    r"\p{Lu}[\p{L}’'-]*(?:[ \u00a0]+(?:(?:of|for|and|the|on|in)[ \u00a0]+)*\p{Lu}[\p{L}’'-]*)+"
)
_PRONOUN_REACH = 2000
_DESCRIPTION_REACH = 20000
_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])
_LETTERS = regex.compile(r"\p{L}[\p{L}'’-]*")
_INITIAL = regex.compile(r"(?:\p{Lu}\.?)+")
_HEAD = re.compile(r"(?:[’']s)?[ \u00a0]+([a-z]+)\b")
_ARTICLE = re.compile(r"(?i:a|an|the)\s+")
_QUANTIFIER = re.compile(r"(?i:many|most|some|several|few|other|all)\s+")
# Offices a place qualifies ("the Florida senator"), unlike a company's "spokesman".
_OFFICES = frozenset(
    ["judge", "governor", "senator", "congressman", "congresswoman", "mayor", "businessman"]
)
_NOT_HEADS = frozenset(  # words after a name that leave it the head of its mention
    [
        "campaign",
        "administration",
        "camp",
        "team",
        "and",
        "or",
        "of",
        "for",
        "from",
        "at",
        "in",
        "on",
        "to",
        "with",
        "who",
        "which",
        "that",
        "said",
        "says",
        "told",
        "added",
        "wrote",
    ]
)
_OFFICE = re.compile(rf"\b(?:{'|'.join(sorted(OFFICE_WORDS))})\b", re.IGNORECASE)


@dataclass
class Name:
    """A name found in the text, titles stripped."""

    text: str
    start: int
    end: int

    @property
    def person(self) -> bool:
        """Whether it can be a person (no organisation or place word in it)."""
        words = self.text.split()
        return len(words) > 1 and not has_non_person_word(words)

    @property
    def surname(self) -> str:
        """The last word that is no suffix ("Jr."), possessive stripped."""
        return surname(self.text)


def _within(words: list[str], longer: list[str]) -> bool:
    """Whether ``words`` appear in ``longer`` in order, case aside ("Paul Ryan" in "Paul D.
    Ryan", "Bin Laden" in "Osama bin Laden")."""
    rest = iter(w.lower() for w in longer)
    return all(w.lower() in rest for w in words)


def surname(name: str) -> str:
    """The last word of ``name`` that is no suffix ("Jr."), possessive stripped."""
    words = name.split()
    return POSSESSIVE.sub(
        "", next((w for w in reversed(words) if w.lower() not in _SUFFIXES), words[-1])
    )


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading title words and articles: "Foreign Minister Sergei Lavrov" -> 2 words."""
    if words and words[-1].lower() in NON_PERSON_WORDS:  # "The State Department"
        return words[1:] if words[0].lower() == "the" and len(words) > 1 else words
    i = 0
    while i < len(words) - 1 and (
        words[i].lower() in TITLE_WORDS or words[i].lower() in _NOT_NAMES
    ):
        i += 1
    # "House Speaker Paul Ryan", "Indiana Gov. Mike Pence": the name follows the last title
    titled = [j + 1 for j in range(i, len(words) - 1) if words[j].lower() in TITLE_WORDS]
    return words[max(titled, default=i) :]


def find_names(text: str, start: int = 0, end: int | None = None) -> list[Name]:
    """Capitalised runs in ``text[start:end]`` that look like names (titles stripped)."""
    out = []
    for m in _RUN.finditer(text, start, len(text) if end is None else end):
        words = m.group().rstrip(".").split() if not m.group().endswith(" .") else []
        words = strip_titles(words)
        if not words or all(w.lower() in TITLE_WORDS | _NOT_NAMES for w in words):
            continue
        if all(_INITIAL.fullmatch(w) for w in words):  # "U.S.", "N. C.": no name
            continue
        name = " ".join(words)
        s = m.start() + m.group().index(words[0])
        out.append(Name(name, s, s + len(name)))
    return out


def _spelled_out(text: str, letters: str) -> str | None:
    """The name in ``text`` whose capitalised words have the initials ``letters``
    ("FBI" → "Federal Bureau of Investigation"): one given before the acronym in
    parentheses ("… the International Monetary Fund (IMF) …"), else, for three letters or
    more, the end of a run of capitalised words, from its start or a small word in it
    ("Officials of the Federal Bureau of Investigation")."""
    spelled = None
    for m in _SPELLED.finditer(text):
        words = m.group().split()
        words = words[1:] if words[0] == "The" else words
        caps = [i for i, w in enumerate(words) if w[0].isupper()]
        for k in range(len(caps) - len(letters) + 1):
            run = caps[k : k + len(letters)]
            if "".join(words[i][0] for i in run) != letters:
                continue
            name = POSSESSIVE.sub("", " ".join(words[run[0] : run[-1] + 1]))
            if run[-1] == len(words) - 1 and regex.match(
                rf"[ \u00a0]*\({re.escape(letters)}\)", text[m.end() : m.end() + 20]
            ):
                return name
            whole = run[-1] == len(words) - 1 and (run[0] == 0 or words[run[0] - 1].islower())
            if spelled is None and len(letters) > 2 and whole:  # "officials of the …"
                spelled = name
    return spelled


def _headline_mask(text: str) -> np.ndarray:
    """Boolean mask over ``text``: True on the lines that are headlines, nearly every longer
    word capitalised (each line is read once)."""
    mask = np.zeros(len(text), dtype=bool)
    for m in LINE.finditer(text):
        words = [w for w in _LETTERS.findall(m.group()) if len(w) > 3]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            mask[m.start() : m.end()] = True
    return mask


class Resolver:
    """Resolves speaker mentions of one article, in document order."""

    def __init__(
        self,
        text: str,
        residue: np.ndarray,
        registry: SpeakerRegistry | None = None,
        quotes: Sequence[tuple[int, int]] = (),
    ) -> None:
        """``quotes``: the quoted passages of ``text``, whose names complete others last."""
        self.text = text
        self.registry = registry
        self.names = [n for n in find_names(text) if not residue[n.start : n.end].any()]
        self.honorifics = honorific_genders(text)
        self.fullest: dict[str, str] = {}
        self.fullest_of_gender: dict[tuple[str, str], str] = {}  # "Mr. Obama" → Barack
        self._index_fullest(quotes)
        self.history: list[tuple[int, str, bool]] = []  # (position, speaker, officeholder)
        self._spelled: dict[str, str] = {}  # initials → the name they abbreviate
        self.by_start = {n.start: n for n in self.names}
        self.starts = [n.start for n in self.names]

    def _index_fullest(self, quotes: Sequence[tuple[int, int]]) -> None:
        """The longest form of each surname, overall and for each gender. Headlines give
        none ("Chris Christie Calls Hillary Clinton …"); a quoted name only completes a bare
        surname ("Jordan" → "Jim Jordan"), never a full one ("Hillary Clinton" ↛ a tweet's
        "Crooked Hillary Clinton"), so narrative names go first."""
        headline = _headline_mask(self.text)
        quoted = np.zeros(len(self.text), dtype=bool)
        for a, b in quotes:
            quoted[a:b] = True
        for n in sorted(self.names, key=lambda n: bool(quoted[n.start])):
            key, full = n.surname.lower(), POSSESSIVE.sub("", n.text)
            if headline[n.start] or (quoted[n.start] and " " in self.fullest.get(key, "")):
                continue
            if len(full.split()) > len(self.fullest.get(key, "").split()):
                self.fullest[key] = full
            gender = name_gender(full.split(), {})
            if gender and len(full) > len(self.fullest_of_gender.get((key, gender), "")):
                self.fullest_of_gender[key, gender] = full

    def expand(self, name: str, gender: str | None = None) -> str:
        """The fullest name in the article holding ``name``'s words in order ("Ryan" →
        "Paul D. Ryan"); another person of that surname is no expansion ("Jeh Johnson"
        beside "Gary Johnson"), nor one of the other ``gender`` ("Mr. Obama" beside
        "Michelle Obama")."""
        name = POSSESSIVE.sub("", name)
        key = surname(name).lower()
        full = self.fullest.get(key, name)
        if gender and name_gender(full.split(), {}) not in (None, gender):
            full = self.fullest_of_gender.get((key, gender), name)
        return full if _within(name.split(), full.split()) else name

    def resolve(self, start: int, end: int) -> str | None:
        """The speaker named by the mention ``text[start:end]``, remembered for later pronouns."""
        start, end = word_bounds(self.text, start, end)
        mention = self.text[start:end].strip()
        found = [n for n in find_names(self.text, start, end) if n.text.lower() not in MEDIA_HEADS]
        names = [n for n in found if not self._modifier(n, start, end)]
        if names:  # the head of "Vladimir Dzhabarov, First Deputy Head of …", "Mr. Barrett, …"
            first = names[0]  # "Mr. Barrett": the honorific is the only word before it
            titled = (
                honorific_before(self.text, first.start)
                and len(self.text[start : first.start].split()) == 1
            )
            name = first if titled else next((n for n in names if n.person), first)
            speaker = self.expand(name.text, honorific_before(self.text, name.start))
        elif self._label(mention):  # a transcript's "PENCE:" (not an acronym such as "NATO")
            speaker = self.expand(mention.title())
        elif mention.lower() in (*PRONOUNS, "their") or mention.lower().split()[:1] == ["his"]:
            pronoun = mention.lower().split()[0]
            speaker = self._previous(
                start,
                plural=pronoun in ("they", "them", "their"),
                gender=PRONOUN_GENDER.get(pronoun),
            )
        else:  # no guess for "the Indiana governor": the last speaker is seldom the one meant
            speaker = self._description(mention, start, guess=not found) or self._acronym(
                mention, end
            )
        if speaker:
            office = bool(_OFFICE.search(mention)) or has_non_person_word(mention.split())
            self.history.append((start, speaker, office))
        return speaker

    def _modifier(self, n: Name, start: int, end: int) -> bool:
        """Whether name ``n`` only modifies the common noun after it in the mention
        ``text[start:end]``: one word opening it ("Polling averages", "Video of the
        incident", "Clinton supporters"; but "Trump campaign" speaks for Trump), any name
        between an article and an office ("A New York judge", "the Indiana governor") or
        between a quantifier and a plural noun ("Some Clinton backers")."""
        head = _HEAD.match(self.text, n.end, end)
        if head is None:
            return False
        if _ARTICLE.fullmatch(self.text, start, n.start):  # "a Twitter spokesman" speaks for it
            return head.group(1) in _OFFICES and not has_non_person_word(n.text.split())
        if _QUANTIFIER.fullmatch(self.text, start, n.start):  # "Some Clinton backers"
            return head.group(1).endswith("s") and head.group(1) not in _NOT_HEADS
        return n.start == start and " " not in n.text and head.group(1) not in _NOT_HEADS

    def _acronym(self, mention: str, end: int) -> str | None:
        """An organisation named by its initials ("the IMF") or in camel case
        ("PolitiFact"): the name it abbreviates where the article spells it out
        ("International Monetary Fund"), else itself.  A transcript's "WALLACE:" is none."""
        m = _ACRONYM.fullmatch(mention)
        if m is None or re.match(r"\s*:", self.text[end : end + 5]):
            return None
        short = m.group(1)
        letters = short.replace(".", "")
        if not letters.isupper():
            return short
        if letters not in self._spelled:
            self._spelled[letters] = _spelled_out(self.text, letters) or short
        return self._spelled[letters]

    def _label(self, mention: str) -> bool:
        """Whether ``mention`` is a speaker label in capitals: two words ("JAKE TAPPER") or
        the surname of a name in the article ("PENCE" beside "Mike Pence")."""
        if not re.fullmatch(r"[A-Z][A-Z.’' -]+", mention):
            return False
        words = mention.split()
        return len(words) > 1 or words[0].lower() in self.fullest

    def _previous(
        self, pos: int, plural: bool = False, commentator: bool = False, gender: str | None = None
    ) -> str | None:
        """The last speaker before ``pos``, else the nearest preceding name.

        A commentator description ("the expert") skips speakers named with an office or
        as an institution ("President Biden", "the Biden administration"). A gendered
        pronoun skips speakers of the other gender, and a name known to agree with it that
        comes after a speaker of unknown gender is nearer ("she" after "… the British
        Medical Journal found …. Sen. Claire McCaskill scolded him").
        """
        spoken = next(  # the last one that may be meant, if within reach
            (
                (p, s)
                for p, s, office in reversed(self.history)
                if p < pos and not (commentator and office) and self._agrees(s, gender)
            ),
            None,
        )
        if spoken and spoken[0] < pos - _PRONOUN_REACH:
            spoken = None
        if spoken and self._agrees(spoken[1], gender, known=True):
            return spoken[1]
        i = bisect.bisect_left(self.starts, pos)
        lo = bisect.bisect_left(self.starts, spoken[0] if spoken else pos - _DESCRIPTION_REACH)
        for n in reversed(self.names[lo:i]):
            if n.end <= pos and (plural or n.person):
                name = self.expand(n.text)
                if self._agrees(name, gender, known=True):  # "she" is not "Thank God"
                    return name
        return spoken[1] if spoken else None

    def _agrees(self, speaker: str, gender: str | None, known: bool = False) -> bool:
        """Whether ``speaker`` can be what a pronoun of ``gender`` ("he": male) refers to:
        not known to be of the other gender (``known``: known to be of that gender)."""
        if gender is None:
            return True
        found = name_gender(speaker.split(), self.honorifics)
        return found == gender or (found is None and not known)

    def _outlet(self, pos: int) -> str | None:
        """The last speaker before ``pos`` named as an outlet ("The New York Times")."""
        for p, speaker, _ in reversed(self.history):
            if p < pos and any(w.lower() in OUTLET_WORDS for w in speaker.split()):
                return speaker
        return None

    def _description(self, mention: str, pos: int, guess: bool = True) -> str | None:
        """A description ("the expert", "Russia's top diplomat") to its name or None; with
        ``guess``, also the name after the last "<head>" in reach ("senator X"), else the
        last speaker."""
        entry = self.registry.resolve(mention) if self.registry else None
        if entry is not None:  # an alias of the registry: "the US Secretary of State"
            return entry.name
        words = re.findall(r"[a-z]+", mention.lower())
        if (words and words[-1] in MEDIA_HEADS) or words[:2] == ["the", "authors"]:
            return self._outlet(pos)  # "the authors of the article", "journalists"
        heads = [w for w in words if w in DESCRIPTION_HEADS]
        if not heads:
            return None
        head = heads[-1]
        lo = max(0, pos - _DESCRIPTION_REACH)
        phrase = re.sub(r"^(?:the|a|an|this|that)\s+", "", mention, flags=re.IGNORECASE)
        best, best_pos = None, -1
        # "the US Secretary of State" -> "US Secretary of State Antony Blinken", else
        # "the political scientist" -> "political scientist Malek Dudakov"
        keys = [re.escape(phrase), rf"\b{head}\b,?"] if guess else [re.escape(phrase)]
        for key in keys:
            for m in re.finditer(rf"{key}\s+", self.text[lo:pos], re.IGNORECASE):
                n = self.by_start.get(lo + m.end())
                if n is not None:
                    best, best_pos = n.text, lo + m.start()
            if best:
                break
        appositive = re.compile(rf",\s+(?:an?|the)\s+[\w\s-]{{0,40}}\b{head}\b")
        first = bisect.bisect_left(self.starts, lo)
        for n in self.names[first : bisect.bisect_left(self.starts, pos)]:
            if (
                n.end < pos
                and n.start > best_pos
                and appositive.match(self.text, n.end, min(n.end + 60, pos))
            ):
                best, best_pos = n.text, n.start  # "Dudakov, a political scientist"
        if best:
            return self.expand(best)
        if not guess:
            return None
        return self._previous(pos, plural=head.endswith("s"), commentator=head in COMMENTATOR_HEADS)
