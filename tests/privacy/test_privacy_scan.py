"""The personal-data scan (issue 6, item 1): the seeded corpus figures, and what a person
sees for each kind of personal data and for professional language that is not."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from corpus import KINDS, clean_statements, measure, planted_statements
from etl.privacy.scan import nhs_checksum_ok, scan_text

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "statements.csv"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(h.kind, h.text) for h in scan_text(text)]


def test_corpus_is_big_enough_and_covers_every_kind():
    assert len(clean_statements()) >= 1000
    assert {p.kind for p in planted_statements()} == set(KINDS)


def test_every_planted_item_found_and_at_most_5_false_alarms_per_1000():
    m = measure()
    missed = [(p.kind, p.item) for p in m["missed"]]
    assert missed == []
    alarms = [(s, [(h.kind, h.text) for h in hits]) for s, hits in m["alarms"]]
    assert m["false_alarms_per_1000"] <= 5, alarms


@pytest.mark.skipif(not EVAL.exists(), reason="shared eval set not present")
def test_real_review_language_raises_few_alarms():
    """Statements from published reviews (read in place, never copied) are professional prose."""
    with EVAL.open(encoding="utf-8") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    alarms = [t for t in texts if scan_text(t)]
    assert len(alarms) * 1000 / len(texts) <= 5 * 4, alarms  # small set: allow ≤2%


@pytest.mark.parametrize("text, expected", [
    ("Jane Smith attended the Child Protection Conference.", ("name", "Jane Smith")),
    ("The Social Worker visited Mrs Kowalski at home.", ("name", "Mrs Kowalski")),
    ("The baby, known as Tiggy, was seen.", ("name", "Tiggy")),
    ("Marlowe's mother told the Health Visitor.", ("name", "Marlowe")),
    ("The sibling, Grace (aged 4), was not seen.", ("name", "Grace")),
    ("DOB 12/03/2015 was recorded.", ("date_of_birth", "DOB 12/03/2015")),
    ("She was born on 4 May 2016 in hospital.", ("date_of_birth", "born on 4 May 2016")),
    ("The child was aged 3 on 4 May 2019.", ("dated_age", "aged 3 on 4 May 2019")),
    ("They lived at 14 Acacia Avenue.", ("address", "14 Acacia Avenue")),
    ("They moved to Flat 4 in town.", ("address", "Flat 4")),
    ("The NE1 4ST area.", ("postcode", "NE1 4ST")),
    ("Call 07700 900123 today.", ("phone", "07700 900123")),
    ("Call +44 161 496 0000 today.", ("phone", "+44 161 496 0000")),
    ("Email mum@example.com now.", ("email", "mum@example.com")),
    ("Record 943 476 5919 found.", ("nhs_number", "943 476 5919")),
    ("NI number QQ 12 34 56 C held.", ("ni_number", "QQ 12 34 56 C")),
    ("NI JT123456B held.", ("ni_number", "JT123456B")),
])
def test_each_kind_is_found(text, expected):
    assert expected in kinds(text)


@pytest.mark.parametrize("text", [
    "The Designated Nurse and the Named Doctor attended the Child Protection Conference.",
    "A Section 47 enquiry followed the strategy discussion with Children's Social Care.",
    "The mother and the father were not invited to the Core Group.",
    "Child K was seen at St Mary's Hospital and at Queen Elizabeth Hospital.",
    "Mr A and Ms B were interviewed by the Police Public Protection Unit.",
    "Actions were rated Amber in May 2019 and Green by June 2020.",
    "The review was completed on 4 May 2019 and published in June 2019.",
    "There were 12 referrals in 2021 and 943 contacts in the year.",
    "The baby was aged 3 months at the time of the incident.",
    "Brook Street Surgery did not share records with the Health Visitor.",
    "Working Together to Safeguard Children 2023 sets out the Section 11 duties.",
])
def test_professional_language_is_not_personal_data(text):
    assert kinds(text) == []


def test_nhs_number_needs_a_valid_check_digit():
    assert nhs_checksum_ok("9434765919")
    assert not nhs_checksum_ok("9434765918")
    assert kinds("Reference 943 476 5918 noted.") == []
