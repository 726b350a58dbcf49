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
    def pick(self, theme: str, form: str) -> tuple[str, str]:
        """(agency, clause): the clause's own agency if it names one, else a typical one."""
        raw = self.rng.choice(getattr(P.THEMES[theme], form))
        if raw.startswith("["):
            agency, raw = raw[1:].split("] ", 1)
            return agency, raw
        return self.rng.choice(P.THEMES[theme].agencies), raw

    def other(self, not_agency: str) -> tuple[str, str]:
        agency = self.rng.choice([a for a in P.THEMES["information_sharing"].agencies + (P.MW, P.HOSP)
                                  if a != not_agency])
        return agency, P.SUBJECTS[agency][0]

    def fill(self, raw: str, subject_agency: str, subject: str, child: str, agencies: list[str]) -> str:
        if "{other}" in raw:
            other_agency, other = self.other(subject_agency)
            agencies.append(other_agency)
            raw = raw.replace("{other}", other)
        return fit(raw, subject).replace("{child}", child)

    def part(self, theme: str, form: str, child: str, agencies: list[str],
             subject: str | None = None) -> tuple[str, str]:
        """(subject, clause) for one theme; records the agencies it involves."""
        agency, raw = self.pick(theme, form)
        if subject is None:
            subject = self.rng.choice(P.SUBJECTS[agency])
            agencies.append(agency)
        return subject, self.fill(raw, agency, subject, child, agencies)

    def themes(self, n: int) -> list[str]:
        return self.rng.sample(THEME_KEYS, n)

    # -- statements --------------------------------------------------------------------
    def finding(self, themes: list[str], child: str, audit: bool = False) -> tuple[str, list[str]]:
        """A finding: (text, agencies involved)."""
        rng = self.rng
        agencies: list[str] = []
        opener = rng.choice(P.AUDIT_FINDING_OPENERS if audit else P.FINDING_OPENERS)
        generic = rng.choice(("practitioners", "staff in several agencies")) if audit and rng.random() < 0.5 else None
        subject, first = self.part(themes[0], "F", child, agencies, generic)
        text = cap(opener + subject + " " + first)
        consequence = rng.choice(P.CONSEQUENCES).replace("{child}", child)
        text = _finish(text + ("" if "," in first else consequence))  # one subordinate clause is enough
        if len(themes) > 1:
            subject2, second = self.part(themes[1], "F", child, agencies)
            text += rng.choice(P.SECOND_LINKS) + subject2 + " " + second + "."
        text += rng.choice(P.QUALIFIERS)
        return text, agencies

    def learning(self, themes: list[str], child: str) -> tuple[str, list[str]]:
        rng = self.rng
        parts = [self.part(t, "L", child, [], "practitioners")[1] for t in themes]
        body = parts[0] if len(parts) == 1 else parts[0] + ", and " + parts[1]
        suffix = rng.choice(P.LEARNING_SUFFIXES) if len(parts) == 1 else ""
        text = rng.choice(P.LEARNING_OPENERS) + " " + body + suffix
        return _finish(text), []

    def good_practice(self, themes: list[str], child: str) -> tuple[str, list[str]]:
        rng = self.rng
        agencies: list[str] = []
        subject, body = self.part(themes[0], "G", child, agencies)
        text = cap(rng.choice(P.GOOD_OPENERS) + subject + " " + body)
        if len(themes) > 1:
            subject2, second = self.part(themes[1], "G", child, agencies)
            text = _finish(text) + " " + cap(subject2) + " also " + second
        else:
            text += rng.choice(P.GOOD_SUFFIXES).replace("{child}", child)
        return _finish(text), agencies

    def recommendation(self, themes: list[str], addressed_to: str) -> str:
        """Addressed to the board (partnership-wide wording) or to one agency by name."""
        rng = self.rng
        lead = (rng.choice(P.REC_SUBJECTS) if addressed_to == "Board"
                else P.REC_AGENCY.get(addressed_to, addressed_to) + " should")
        parts = [rng.choice(P.THEMES[t].R) for t in themes]
        subject = lead.removesuffix(" should")
        plural = subject == "The police" or subject.endswith(("practices", "colleges", "services", "partners",
                                                              "agencies"))
        also = ". They should also " if plural else ". It should also "
        body = parts[0] if len(parts) == 1 else parts[0] + also + parts[1]
        suffix = rng.choice(P.REC_SUFFIXES)
        if "quarter" in body or "Committee" in body:
            suffix = ""  # the clause already says when and to whom
        return _finish(cap(lead) + " " + body + suffix)

    def action(self, theme: str) -> str:
        template = self.rng.choice(P.ACTION_TEMPLATES)
        return template.format(topic=P.THEMES[theme].topic, n=self.rng.choice((10, 12, 15, 20, 25)))

    def evidence(self) -> str:
        a = self.rng.randint(70, 96)
        return self.rng.choice(P.EVIDENCE).format(a=a, b=a - self.rng.randint(12, 35),
                                                  n=self.rng.choice((10, 15, 20)))


assert set(P.THEMES) == set(THEME_KEYS), "the phrase bank must cover every contract theme key"
