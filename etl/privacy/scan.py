"""Personal-data scan of free text (issue 6, item 1).

No model is downloaded at run time, so this is lists, patterns and context rules:

- **names**: a title before a capitalised word (`Mrs Kowalski`, `Dr Adeyemi`); a listed
  first name (`first_names.txt`), with or without a surname; an unlisted capitalised word
  in a naming context (`named X`, `called X`, `known as X`, `X's mother`, `the mother, X`,
  `X (aged 4)`); a run of two or more capitalised words none of which is professional
  vocabulary, an agency word or a place (`place_names.txt`): `visited Precious Oyelaran`.
  Role words ("the mother"), agency, place and organisation words
  ("Designated Nurse", "Child Protection Conference", "Section 47", "St Mary's Hospital")
  are excluded through a professional vocabulary, the agencies file and organisation
  suffixes. First names that are also ordinary words (May, Grace, Amber …) count only
  with extra evidence. Pseudonyms of one letter (`Child K`, `Mr A`) are not names.
- **dates of birth** (`DOB`, `born on …`) and **dated ages** (`aged 3 on 4 May 2019`);
- **addresses** (house number + street, `Flat 4`, "lived at … Road") and **postcodes**;
- **UK phone numbers**, **emails**, **NHS numbers** (modulus-11 check, or any number
  after "NHS number"), **National Insurance numbers**.

It finds what these rules describe and nothing cleverer: a lone first name that is not on
the list and appears with no title or naming context is missed, and so are names typed
in lower case. The seeded corpus test
(tests/privacy) measures how well.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
PROJECT_ROOT = HERE.parent.parent

KIND_LABELS = {
    "name": "personal name",
    "date_of_birth": "date of birth",
    "dated_age": "age with a date",
    "address": "address",
    "postcode": "postcode",
    "phone": "phone number",
    "email": "email address",
    "nhs_number": "NHS number",
    "ni_number": "National Insurance number",
}


@dataclass(frozen=True)
class Hit:
    """One match inside one text."""

    kind: str
    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- dates
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = (rf"(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}"
        r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2})")
DATE_LOOSE = rf"(?:{DATE}|{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+\d{{4}})"
AGE = (r"(?:\baged?\s+\d{1,2}(?:\s*(?:years?|yrs?|months?|weeks?|days?))?(?:\s+old)?"
       r"|\b\d{1,2}[\s\-](?:years?|months?|weeks?|days?)[\s\-]old)")

RE_DOB = re.compile(
    rf"\b(?:D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on|\s+in)?)\s*[:\-]?\s*"
    rf"(?:{DATE_LOOSE}|\d{{4}})", re.I)
RE_AGE_THEN_DATE = re.compile(rf"{AGE}[^.;\n]{{0,40}}?{DATE_LOOSE}", re.I)
RE_DATE_THEN_AGE = re.compile(
    rf"{DATE_LOOSE}[^.;\n]{{0,40}}?(?:{AGE}|\bwas\s+\d{{1,2}}\s+(?:years?|months?|weeks?)(?:\s+old)?)",
    re.I)

# --------------------------------------------------------------------------- contact details
RE_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
RE_PHONE = re.compile(r"(?<![\w/.\-])(?:\+44\s?\(?0?\)?\s?|\(?0)\d[\d\s\-()]{7,14}\d(?![\w/])")
RE_NHS_CONTEXT = re.compile(r"\bNHS\s*(?:no\.?|number|num\.?|#)?\s*[:\-]?\s*(\d[\d\s\-]{8,12}\d)", re.I)
RE_TEN_DIGITS = re.compile(r"(?<![\d\w])(\d{3})[\s\-]?(\d{3})[\s\-]?(\d{4})(?![\d\w])")
RE_NI = re.compile(
    r"\b(?:QQ|(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.I)
RE_NI_CONTEXT = re.compile(r"\b(?:National\s+Insurance|NINO|NI)\s*(?:no\.?|number)?\s*[:\-]?\s*([A-Z]{2}[\s\d]{6,9}[A-D]?)", re.I)
RE_POSTCODE = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\s?\d[ABD-HJLNP-UW-Z]{2}\b")

# --------------------------------------------------------------------------- addresses
_STREET = (r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Gardens|"
           r"Place|Terrace|Grove|Hill|Park|Walk|Rise|Square|Mews|View|Row|Green|Vale|Parade|"
           r"Estate|Boulevard|Wharf|Cottages?|Flats|House|Towers?)")
_CAPWORD = r"[A-Z][a-z'’\-]+"
RE_NUMBERED_ADDRESS = re.compile(
    rf"\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:{_CAPWORD}\s+){{1,3}}{_STREET}\b")
RE_FLAT = re.compile(r"\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?\b")
RE_NAMED_STREET = re.compile(
    rf"\b((?:{_CAPWORD}\s+){{1,2}})(?:Road|Street|Avenue|Lane|Crescent|Terrace|Mews|Drive|Close|Gardens|Grove)\b")
RE_LIVED_AT = re.compile(
    rf"\b(?:lived|living|lives|resided|residing|resides|staying|stayed|moved)\s+(?:at|to|on)\s+"
    rf"((?:\d{{1,4}}[A-Za-z]?\s+)?(?:{_CAPWORD}\s+){{0,2}}(?:{_STREET}|Cottage|Farm|Lodge|Flats))\b")

# --------------------------------------------------------------------------- names
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Rev|Reverend)"
_NAMEWORD = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
RE_TITLE_NAME = re.compile(rf"\b{TITLES}\.?\s+((?:[A-Z]\.\s*)?{_NAMEWORD}(?:\s+{_NAMEWORD})?)")
RE_CAPWORD = re.compile(rf"\b{_NAMEWORD}\b")
KIN = (r"(?:mother|father|mum|dad|step-?father|step-?mother|stepdad|stepmum|brother|sister|"
       r"half-?brother|half-?sister|sibling|grandmother|grandfather|grandma|grandad|nan|nanna|"
       r"aunt|auntie|uncle|cousin|partner|ex-partner|boyfriend|girlfriend|husband|wife|son|"
       r"daughter|baby|infant|toddler|child|boy|girl|carer|foster\s+carer|neighbour|friend)")
RE_NAMING_CONTEXT = re.compile(
    rf"\b(?:named|called|known\s+as|name\s+(?:is|was)|a\.?k\.?a\.?|nicknamed)\s+({_NAMEWORD}(?:\s+{_NAMEWORD})?)")
RE_KIN_APPOSITION = re.compile(rf"\b{KIN},?\s+({_NAMEWORD}(?:\s+{_NAMEWORD})?)")
RE_KIN_POSSESSIVE = re.compile(rf"\b({_NAMEWORD})(?:'s|’s)\s+(?:{KIN}|home|house|flat|family)\b")
# A run of two or more capitalised words, none of them professional vocabulary once
# leading function words are dropped: "visited Precious Oyelaran", "When Precious Oyelaran".
# A run holding any vocabulary word ("Public Law Outline") is a professional term.
RE_CAP_RUN = re.compile(rf"\b{_NAMEWORD}(?:\s+{_NAMEWORD})+\b")
FUNCTION_WORDS = {"The", "A", "An", "When", "While", "Whilst", "However", "Although", "After",
                  "Before", "If", "As", "Because", "Since", "Until", "Once", "Both", "Then",
                  "So", "But", "And", "Or", "Following", "During", "In", "On", "At", "For",
                  "From", "To", "With", "By", "Of", "Her", "His", "Their", "Our", "That",
                  "This", "These", "Those", "Where", "Why", "How", "What", "Who", "Later",
                  "Initially", "Subsequently", "Notably", "Overall", "Also", "Only", "Yet"}
RE_NAME_AGE = re.compile(
    rf"\b({_NAMEWORD})\s*(?:,\s*|\(\s*)(?:aged?\s*)?\d{{1,2}}(?:\s*(?:years?|yrs?|months?|weeks?))?"
    r"(?:\s+old)?\s*[,)]")

# First names that are also ordinary words, months, colours, places: need evidence.
AMBIGUOUS = {
    "Amber", "Aston", "Bill", "Blessing", "Chelsea", "Dale", "Daisy", "Dawn", "Dean", "Destiny",
    "Faith", "Florence", "Frank", "Georgia", "Glen", "Grace", "Grant", "Hazel", "Heather",
    "Holly", "Hope", "Ivy", "Jack", "Jade", "Jan", "Jordan", "Joy", "June", "Lily", "Mark",
    "Mason", "Max", "May", "Norman", "Poppy", "Robin", "Rose", "Ruby", "Summer", "Victoria",
    "Violet", "Willow", "Will", "Harley", "Kerry", "Lewis", "Russell", "Stanley", "Ebony",
}
# A capitalised word after these is a place or organisation, not a person.
PLACE_BEFORE = {"St", "St.", "Saint", "Queen", "King", "Prince", "Princess", "Port", "Lake",
                "Mount", "Fort", "Royal", "Lord", "Lady"}
# A name followed (within three capitalised words) by one of these names an organisation.
ORG_AFTER = {
    "Hospital", "Hospitals", "House", "Centre", "Center", "School", "Academy", "Trust", "Ward",
    "Unit", "Road", "Street", "Avenue", "Lane", "Surgery", "Practice", "Nursery", "College",
    "University", "Foundation", "Clinic", "Infirmary", "Hall", "Project", "Team", "Service",
    "Services", "Court", "Park", "Estate", "Primary", "Secondary", "Junior", "Infant", "Infants",
    "Medical", "Health", "Children's", "Childrens", "Family", "Community", "Church", "Mosque",
    "Library", "Station", "Line", "Group", "Partnership", "Report", "Review", "Inquiry",
    "Principles", "Model", "Framework", "Programme", "Approach", "Method", "Scale", "Tool",
}


@functools.lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    lines = (HERE / "first_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(l.strip() for l in lines if l.strip() and not l.startswith("#"))


# Professional vocabulary: capitalised words in review language that are never names.
_PROFESSIONAL = """
A About Above Access According Across Action Actions Acute Additionally Adolescent Adolescents
Adoption Adult Adults Advice Advocacy After Again Against Agencies Agency Aid Alcohol All Allocated
Also Although Ambulance Amongst An And Annual Another Antenatal Any Appointment Appointments
Appropriate Approximately April Are Area As Assessment Assessments Assistant At Attendance Audit
Audits August Authority Autumn Baby Babies Back Based Because Before Behaviour Being Between Birth
Board Boards Both Boy Boys Brief British Bruising But By CAF Can Care Carer Carers Case Cases Centre
Chair Change Changes Checks Child Childhood Children Children's Childrens Chronology Clinical
Clinician Clinicians Commissioner Commissioning Committee Communication Community Concern Concerns
Conference Conferences Consideration Consultant Contact Contacts Continued Core Coroner Council
Counselling County Court Courts Criminal Crisis Cross Curiosity Current Currently Custody Daily
Data Day Days December Dental Department Deputy Designated Despite Development Did Director
Disability Discharge Discussion Discussions District Do Doctor Doctors Does Domestic Drug Drugs
During Each Early Education Effective Emergency Emotional England English Engagement Equality
Escalation Evaluation Even Every Evidence Exploitation Family Families Father Fathers February
Feedback Findings Finding First Five Following For Forensic Forum Foster Four Framework Friday
From Front Further General Girl Girls Good Governance Group Guidance GP GPs Had Harm Has Have He
Head Health Healthcare Help Her Here High His Home Hospital Hospitals Housing How However ICPC
Immediately Improvement In Inadequate Including Independent Individual Infant Infants Information
Initial Inquiry Inspection Instead Integrated Intervention Into Is It Its January Joint July June
Just Key Knowledge Lack Later Lead Leaders Leadership Learning Legal Level Liaison Line Local
Looked Lower Main Management Manager Managers March Maternity May Medical Meeting Meetings Mental
Midwife Midwives Midwifery Ministry Missed Missing Monday Month Months More Most Mother Mothers
Multi Multiagency Mum Named National Neglect Neighbourhood New Next No None Not Note Notes November
Nurse Nurses Nursery October Of Officer Officers Ofsted On Once One Only Or Other Our Out Over
Paediatric Paediatrician Paediatricians Panel Parent Parental Parents Part Partner Partners
Partnership Partnerships Pathway Patient Per Performance Person Personal Physical Plan Planning
Plans Police Policies Policy Positive Practice Practitioner Practitioners Pre Pregnancy Primary
Prior Probation Procedure Procedures Process Professional Professionals Programme Progress
Protection Protocol Public Quality Quarter Quarterly Rapid Rather Recommendation Recommendations
Record Records Referral Referrals Regional Reporting Report Reports Requires Research Response
Review Reviews Risk Risks Safeguarding Safe Safer Saturday School Schools Second Section Senior
Serious Service Services Several Sexual She Should Since Sleep So Social Some Specialist Staff
Statutory Still Strategic Strategy Substance Such Summer Sunday Supervision Support Team Teams That
The Their Them Then There Therefore These They Third This Those Three Through Throughout
Thursday Time Timeline To Training Trust Tuesday Two Under Unit Universal Until Urgent Use Very
Visit Visitor Visitors Visits Voice Was We Wednesday Week Weeks Well Were What When Where Whether
Which While Whilst Who Why Will Winter With Within Without Work Worker Workers Working Year Years
Young Youth Yet Your Zero
Threshold Document East West North South Midlands Detective Sergeant Constable Inspector
Violence Advisor Adviser Author Overview Operation Encompass Prevent Channel Troubled Supporting
Hubs Hub Healthy Sure Start Life Programme Signs Graded Profile Lullaby Barnardo's Barnardos
Action Aid Women's Refuge Samaritans Childline Cafcass Barnardo Family Court Crown High
"""


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Capitalised words that are never a person: vocabulary, agency and typology words."""
    words = set(_PROFESSIONAL.split())
    words.update(l.strip() for l in (HERE / "place_names.txt").read_text(encoding="utf-8").splitlines()
                 if l.strip() and not l.startswith("#"))
    for name in ("agencies.csv", "typology.csv"):
        path = PROJECT_ROOT / "data" / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                for row in csv.reader(fh):
                    for cell in row:
                        words.update(re.findall(r"[A-Z][A-Za-z'’]+", cell))
    return frozenset(words)


def _is_person_word(word: str) -> bool:
    """A capitalised word that may be a person's name: not vocabulary, not one letter."""
    bare = re.sub(r"(?:'s|’s)$", "", word)
    return len(bare) > 1 and bare not in stop_words() and not bare.isupper()


# --------------------------------------------------------------------------- checks
def nhs_checksum_ok(digits: str) -> bool:
    """NHS number modulus-11: weights 10..2 on the first nine digits give the tenth."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _uk_phone(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    if digits.startswith("44"):
        digits = "0" + digits[2:].lstrip("0")
    return digits.startswith("0") and len(digits) in (10, 11) and digits[1] in "123578"


# --------------------------------------------------------------------------- detectors
def _spans(regex: re.Pattern, text: str, kind: str, group: int = 0) -> list[Hit]:
    return [Hit(kind, m.start(group), m.end(group), m.group(group)) for m in regex.finditer(text)]


def _contact_hits(text: str) -> list[Hit]:
    hits = _spans(RE_EMAIL, text, "email")
    hits += _spans(RE_NHS_CONTEXT, text, "nhs_number", 1)
    for m in RE_TEN_DIGITS.finditer(text):
        if nhs_checksum_ok("".join(m.groups())):
            hits.append(Hit("nhs_number", m.start(), m.end(), m.group()))
    hits += [Hit("phone", m.start(), m.end(), m.group().rstrip(") "))
             for m in RE_PHONE.finditer(text) if _uk_phone(m.group())]
    hits += _spans(RE_NI, text, "ni_number") + _spans(RE_NI_CONTEXT, text, "ni_number", 1)
    return hits


def _date_hits(text: str) -> list[Hit]:
    return (_spans(RE_DOB, text, "date_of_birth") + _spans(RE_AGE_THEN_DATE, text, "dated_age")
            + _spans(RE_DATE_THEN_AGE, text, "dated_age"))


def _address_hits(text: str) -> list[Hit]:
    hits = _spans(RE_POSTCODE, text, "postcode") + _spans(RE_NUMBERED_ADDRESS, text, "address")
    hits += _spans(RE_FLAT, text, "address") + _spans(RE_LIVED_AT, text, "address", 1)
    for m in RE_NAMED_STREET.finditer(text):
        if _names_an_org(text, m.end(), m.end()):
            continue  # "Brook Street Surgery" names a practice, not a home
        if all(_is_person_word(w) or w in first_names() for w in m.group(1).split()):
            hits.append(Hit("address", m.start(), m.end(), m.group()))
    return hits


def _words_after(text: str, end: int, n: int = 3) -> list[str]:
    return re.findall(r"[A-Za-z'’]+", text[end:end + 60])[:n]


def _word_before(text: str, start: int) -> str:
    before = re.findall(r"[A-Za-z'’.]+", text[max(0, start - 20):start])
    return before[-1] if before else ""


def _names_an_org(text: str, start: int, end: int) -> bool:
    """`St Mary's Hospital`, `Queen Elizabeth`, `Lewis Street`: a place, not a person."""
    if _word_before(text, start) in PLACE_BEFORE:
        return True
    after = _words_after(text, end)
    for word in after:
        if word in ORG_AFTER:
            return True
        if not word[:1].isupper():
            break
    return False


def _first_name_hits(text: str) -> list[Hit]:
    hits = []
    names = first_names()
    for m in RE_CAPWORD.finditer(text):
        word = re.sub(r"(?:'s|’s)$", "", m.group())
        if word not in names or _names_an_org(text, m.start(), m.end()):
            continue
        surname = re.match(rf"\s+({_NAMEWORD})\b", text[m.end():])
        has_surname = bool(surname) and _is_person_word(surname.group(1)) and \
            surname.group(1) not in ORG_AFTER
        if word in AMBIGUOUS and not has_surname:
            continue  # context rules below still catch "named May", "Grace (aged 3)"
        end = m.end() + surname.end() if has_surname else m.start() + len(word)
        hits.append(Hit("name", m.start(), end, text[m.start():end]))
    return hits


def _context_name_hits(text: str) -> list[Hit]:
    hits = []
    for m in RE_TITLE_NAME.finditer(text):
        first = m.group(1).split()[0].rstrip(".")
        if len(first) > 1 and first not in ORG_AFTER:
            hits.append(Hit("name", m.start(), m.end(), m.group()))
    for regex in (RE_NAMING_CONTEXT, RE_KIN_APPOSITION, RE_KIN_POSSESSIVE, RE_NAME_AGE):
        for m in regex.finditer(text):
            words = m.group(1).split()
            if not (_is_person_word(words[0]) or words[0] in first_names()) or _names_an_org(text, m.start(1), m.end(1)):
                continue
            keep = [words[0]] + ([words[1]] if len(words) > 1 and _is_person_word(words[1]) else [])
            end = m.start(1) + len(" ".join(keep))
            hits.append(Hit("name", m.start(1), end, text[m.start(1):end]))
    return hits


def _pair_hits(text: str) -> list[Hit]:
    hits = []
    for m in RE_CAP_RUN.finditer(text):
        words = list(re.finditer(_NAMEWORD, m.group()))
        while words and words[0].group() in FUNCTION_WORDS:
            words.pop(0)
        if len(words) < 2:
            continue
        bare = [re.sub(r"(?:'s|’s)$", "", w.group()) for w in words]
        if not all(_is_person_word(w) for w in bare) or set(bare) & (ORG_AFTER | PLACE_BEFORE):
            continue
        start, end = m.start() + words[0].start(), m.start() + words[-1].end()
        if _names_an_org(text, start, end):
            continue
        hits.append(Hit("name", start, end, text[start:end]))
    return hits


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits (an NHS number is not also a phone number)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def scan_text(text: str | None) -> list[Hit]:
    """Every piece of personal data the rules find in one text, in reading order."""
    if not text or not text.strip():
        return []
    hits = (_contact_hits(text) + _date_hits(text) + _address_hits(text)
            + _first_name_hits(text) + _context_name_hits(text) + _pair_hits(text))
    return _without_overlaps(hits)
