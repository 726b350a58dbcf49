"""Text normalisation shared by the theme model, cue matching, topics and search.

A light stemmer (suffix stripping) is enough here: statements are short, and it lets a
typology cue such as "escalation" match "escalate" or "escalated" without a heavy
language package.
"""
from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_TRANSLATE = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

STOP_WORDS = frozenset("""
a an the and or but if of to in on at by for with from into onto as is are was were be been
being it its this that these those there their they them he she his her him we our us you
your i me my not no nor so than then too very can could should would may might must will
shall do does did done has have had having which who whom whose what when where why how all
any both each few more most other some such only own same just also about after again against
before between during through under until up down out off over while because once here further
""".split())

# Longest suffixes first; a stem keeps at least three letters.
_SUFFIXES = ("ational", "isation", "ization", "fulness", "iveness", "ations", "ation", "ments",
             "ment", "ities", "ity", "ness", "ings", "ing", "ies", "ied", "ers", "er", "ed",
             "ly", "es", "s", "e", "al", "ive", "ful")


def normalise(text: object) -> str:
    """Lower-case text with typographic quotes and dashes made plain."""
    return str(text or "").translate(_TRANSLATE).lower()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Crude but stable stem: strips one common English suffix (twice for -ations etc.)."""
    if word.endswith("'s"):
        word = word[:-2]
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def stems(text: object) -> list[str]:
    """Content-word stems of a text, stop words removed, in order."""
    return [stem(t) for t in _TOKEN.findall(normalise(text)) if t not in STOP_WORDS]


def word_ngrams(text: object, max_n: int = 2) -> list[str]:
    """Stemmed word n-grams (1..max_n) used as TF-IDF features and for cue matching."""
    toks = stems(text)
    grams = list(toks)
    for n in range(2, max_n + 1):
        grams += [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    return grams


def ngrams(toks: list[str], max_n: int = 2, starts: frozenset[str] | None = None) -> list[str]:
    """n-grams (1..max_n) of a stem list; with `starts`, longer n-grams only when their
    first stem is in `starts` (cue matching needs only n-grams that can be a cue)."""
    grams = list(toks)
    for i, first in enumerate(toks):
        if starts is not None and first not in starts:
            continue
        for n in range(2, min(max_n, len(toks) - i) + 1):
            grams.append(" ".join(toks[i:i + n]))
    return grams


def phrase_key(phrase: str) -> str:
    """The stemmed form of a cue phrase, as it appears among a statement's n-grams."""
    return " ".join(stems(phrase))
