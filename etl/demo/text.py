"""Compose demo statements from the phrase bank so a page reads like real review findings.

A statement is opener + subject + one theme clause (+ sometimes a second clause of another
theme) + consequence + qualifier. The themes returned are exactly the themes of the clauses
used, so demo tags are honest labels for the theme model to learn from.
"""
from __future__ import annotations

import random

from etl.contract import THEME_KEYS
from etl.demo import phrases as P

_PLURAL_ENDINGS = ("staff", "officers", "services", "professionals", "practitioners", "agencies")
_PEOPLE = ("worker", "visitor", "midwife", "clinician", "nurse", "officer", "lead", "advocate",
           "the GP", "social worker")


def _plural(subject: str) -> bool:
    return subject == "the police" or subject.endswith(_PLURAL_ENDINGS)


def _they(subject: str) -> bool:
    """Subjects referred back to as 'they/their' (people and plural bodies), not 'it/its'."""
    return _plural(subject) or subject.endswith(_PEOPLE)


def fit(clause: str, subject: str) -> str:
    """Make a clause agree with its subject (was/were, its/their)."""
    if _they(subject):
        clause = (clause.replace("what it knew", "what they knew").replace("its ", "their ")
                  .replace("although it was", "although they were"))
    if _plural(subject) and clause.startswith("was "):
        clause = "were " + clause[4:]
    return clause


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _finish(text: str) -> str:
    text = text.strip()
    return text if text.endswith(".") else text + "."


class Composer:
    """Statements for one board; `rng` makes them deterministic."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.agencies = list(P.SUBJECTS)

    # -- parts -------------------------------------------------------------------------
    def subject(self, theme: str) -> tuple[str, str]:
        """(canonical agency, subject phrase), usually an agency typical for the theme."""
        rng = self.rng
        pool = P.THEMES[theme].agencies if rng.random() < 0.75 else self.agencies
        agency = rng.choice(pool)
        return agency, rng.choice(P.SUBJECTS[agency])

    def other(self, not_agency: str) -> tuple[str, str]:
        agency = self.rng.choice([a for a in P.THEMES["information_sharing"].agencies + (P.MW, P.HOSP)
                                  if a != not_agency])
        return agency, P.SUBJECTS[agency][0]

    def clause(self, theme: str, form: str, subject_agency: str, subject: str, child: str,
               agencies: list[str]) -> str:
        text = self.rng.choice(getattr(P.THEMES[theme], form))
        if "{other}" in text:
            other_agency, other = self.other(subject_agency)
            agencies.append(other_agency)
            text = text.replace("{other}", other)
        return fit(text, subject).replace("{child}", child)

    def themes(self, n: int) -> list[str]:
        return self.rng.sample(THEME_KEYS, n)

    # -- statements --------------------------------------------------------------------
    def finding(self, themes: list[str], child: str, audit: bool = False) -> tuple[str, list[str]]:
        """A finding: (text, agencies involved)."""
        rng = self.rng
        agencies: list[str] = []
        agency, subject = self.subject(themes[0])
        agencies.append(agency)
        opener = rng.choice(P.AUDIT_FINDING_OPENERS if audit else P.FINDING_OPENERS)
        if audit:
            subject = rng.choice(("practitioners", "staff in several agencies", subject))
        first = self.clause(themes[0], "F", agency, subject, child, agencies)
        text = cap(opener + subject + " " + first)
        text += rng.choice(P.CONSEQUENCES).replace("{child}", child)
        text = _finish(text)
        if len(themes) > 1:
            agency2, subject2 = self.subject(themes[1])
            agencies.append(agency2)
            second = self.clause(themes[1], "F", agency2, subject2, child, agencies)
            text += rng.choice(P.SECOND_LINKS) + subject2 + " " + second + "."
        text += rng.choice(P.QUALIFIERS)
        return text, agencies

    def learning(self, themes: list[str], child: str) -> tuple[str, list[str]]:
        rng = self.rng
        parts = [self.clause(t, "L", "", "practitioners", child, []) for t in themes]
        body = parts[0] if len(parts) == 1 else parts[0] + ", and " + parts[1]
        text = rng.choice(P.LEARNING_OPENERS) + " " + body + rng.choice(P.LEARNING_SUFFIXES)
        return _finish(text), []

    def good_practice(self, themes: list[str], child: str) -> tuple[str, list[str]]:
        rng = self.rng
        agencies: list[str] = []
        agency, subject = self.subject(themes[0])
        agencies.append(agency)
        body = self.clause(themes[0], "G", agency, subject, child, agencies)
        if len(themes) > 1:
            body += " and " + self.clause(themes[1], "G", agency, subject, child, agencies)
        text = cap(rng.choice(P.GOOD_OPENERS) + subject + " " + body)
        text += rng.choice(P.GOOD_SUFFIXES).replace("{child}", child)
        return _finish(text), agencies

    def recommendation(self, themes: list[str], addressed_to: str) -> str:
        rng = self.rng
        lead = rng.choice(P.REC_SUBJECTS)
        if "{agency}" in lead:
            lead = lead.replace("{agency}", addressed_to if addressed_to != "Board" else "The Board")
        parts = [rng.choice(P.THEMES[t].R) for t in themes]
        body = parts[0] if len(parts) == 1 else parts[0] + ". It should also " + parts[1]
        return _finish(cap(lead) + " " + body + rng.choice(P.REC_SUFFIXES))

    def action(self, theme: str) -> str:
        template = self.rng.choice(P.ACTION_TEMPLATES)
        return template.format(topic=P.THEMES[theme].topic, n=self.rng.choice((10, 12, 15, 20, 25)))

    def evidence(self) -> str:
        a = self.rng.randint(70, 96)
        return self.rng.choice(P.EVIDENCE).format(a=a, b=a - self.rng.randint(12, 35),
                                                  n=self.rng.choice((10, 15, 20)))


assert set(P.THEMES) == set(THEME_KEYS), "the phrase bank must cover every contract theme key"
