"""Word lists shared by the rule components: reporting verbs, pronouns, titles."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CUE_WORDS = _words(
    """
say says said saying tell tells told telling add adds added adding note notes noted noting
state states stated explain explains explained explaining believe believes believed stress
stresses stressed emphasize emphasized emphasised emphasizes underline underlined suggest
suggests suggested argue argues argued arguing claim claims claimed claiming announce
announces announced declare declares declared warn warns warned warning write writes wrote
written report reports reported insist insists insisted comment commented remark remarked
reply replied replies respond responded ask asked asks answer answered admit admitted
acknowledge acknowledged assure assured recall recalled recalls specify specified conclude
concluded concludes continue continued confirm confirmed assess assessed describe
described call called calls express expressed predict predicted predicts quote quoted cite
cited citing think thinks thought clarify clarified urge urged urges promise promised vow
vowed mention mentioned observe observed reiterate reiterated complain complained deny
denied indicate indicated propose proposed tweet tweeted posted wonder wondered estimate
estimated agree agreed accuse accused hope hoped fear feared assert asserted recount
recounted summed sums concede conceded joke joked point pointed testify testified
accuses acknowledges admits agrees answers asserts assures clarifies complains concedes
confirms continues denies describes indicates jokes mentions observes proposes recounts
reiterates responds specifies testifies underlines wonders
"""
)
CUE_PHRASES = ("according to", "pointed out", "summed up", "points out", "in the words of")
CUE_RE = re.compile(
    r"\b(?:[Aa]ccording to|{}|(?:(?:has|have|had|also|later|then|further|once again|again) )?"
    r"(?:{}))\b".format("|".join(CUE_PHRASES), "|".join(sorted(CUE_WORDS, key=len, reverse=True)))
)

# Words that name no one: a source the tagger ran over one of them alone is no mention.
FUNCTION_WORDS = _words("a an the of in on at to for with by from after before and or but")
PRONOUNS = _words(
    """
he she they him her them his i we you it who this that one someone
"""
)
TITLE_WORDS = _words(
    """
acting activist affairs ambassador american analyst attorney british candidate chair
chairman chairwoman chancellor chief chinese commissioner committee congressman
congresswoman council defence defense democrat democratic deputy director dr dr. executive expert
federation first foreign former french gen gen. general german gov gov. governor head
interior judge justice leader lt lt. mayor minister minister's mr mr. mrs mrs. ms ms.
nominee official political president presidential press prime prof prof. professor rep
rep. representative republican retired rev rev. rival russian scientist secretary
secretary-general sen sen. sens sens. senator senators senior sheriff speaker spokesman spokesperson
spokeswoman state u.s. uk ukrainian us vice
"""
)
NON_PERSON_WORDS = _words(
    """
administration affairs agency analysis army bank center centre club college commission
committee congress corporation council court department europe federation forces
foundation government house institute institution kingdom kremlin ministry nato news
office organization parliament party policy post program programme relations republic
research school security senate service services states studies times union university
"""
)


def has_non_person_word(words: Iterable[str]) -> bool:
    """Whether a name or mention holds an organisation or place word ("Department")."""
    return any(w.lower() in NON_PERSON_WORDS for w in words)


DESCRIPTION_HEADS = _words(
    """
ambassador americanist analyst author authors candidate chief congressman deputy diplomat
director economist expert governor head interlocutor journalist lawmaker leader minister
nominee official politician president professor representative researcher scientist
secretary senator source sources spokesman spokeswoman
"""
)
# Heads of descriptions that name a commentator, not an officeholder ("the expert added").
COMMENTATOR_HEADS = _words(
    """
americanist analyst author economist expert interlocutor journalist professor researcher
scientist source
"""
)
# Words of an office: a speaker named with one is not the "expert" of a later description.
OFFICE_WORDS = _words(
    """
ambassador chairman chancellor congressman congresswoman governor minister president
secretary senator spokesman spokesperson spokeswoman
"""
)
# Descriptions of an outlet or its staff ("the publication", "journalists") ...
MEDIA_HEADS = _words("article edition journalists newspaper publication reporters")
# ... refer to the last speaker named with one of these words ("The New York Times").
OUTLET_WORDS = _words(
    """
agency daily gazette guardian herald journal magazine news newspaper post press telegraph
times tribune
"""
)
