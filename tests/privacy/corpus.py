"""A seeded corpus for the personal-data scan: clean professional statements (full of
capitalised agency, role, process and place names) and statements with planted personal
data of every kind. Written for this project; no text is copied from elsewhere.

Run `python tests/privacy/corpus.py` to print the two figures the issue asks for.
"""
from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ROLES = ["Designated Nurse", "Named Doctor", "Designated Safeguarding Lead", "Health Visitor",
         "Social Worker", "Team Manager", "Independent Reviewing Officer", "Child Protection Chair",
         "Detective Sergeant", "Police Constable", "GP", "Community Midwife", "School Nurse",
         "Head Teacher", "Family Support Worker", "Probation Officer", "Housing Officer",
         "Consultant Paediatrician", "Early Help Practitioner", "Youth Worker",
         "Education Welfare Officer", "Named Nurse for Safeguarding",
         "Local Authority Designated Officer", "Principal Social Worker", "Service Manager",
         "Practice Supervisor", "Paramedic", "Independent Domestic Violence Advisor",
         "MARAC Coordinator", "Safeguarding Adults Lead", "Perinatal Mental Health Nurse",
         "Substance Misuse Worker", "Named GP for Safeguarding", "Designated Doctor"]
PROCESSES = ["Child Protection Conference", "Initial Child Protection Conference",
             "Review Child Protection Conference", "strategy discussion", "Section 47 enquiry",
             "Section 17 assessment", "Child in Need plan", "Child Protection Plan",
             "Early Help Assessment", "Team Around the Family meeting", "MARAC meeting",
             "MAPPA meeting", "Multi-Agency Safeguarding Hub triage", "Public Law Outline process",
             "Signs of Safety mapping", "Graded Care Profile 2 assessment", "Section 11 audit",
             "Rapid Review", "Local Child Safeguarding Practice Review", "Core Group meeting",
             "Child and Family Assessment", "pre-birth assessment", "Joint Targeted Area Inspection",
             "Family Group Conference", "Discharge Planning Meeting", "Legal Planning Meeting"]
DOCUMENTS = ["Working Together to Safeguard Children 2023", "the Children Act 1989",
             "Keeping Children Safe in Education", "the Domestic Abuse Act 2021",
             "the Mental Capacity Act 2005", "the ICON programme", "the Safe Sleep guidance",
             "the Neglect Strategy", "the Escalation Policy", "the Threshold Document",
             "the Was Not Brought policy", "the Think Family protocol", "the Lullaby Trust guidance",
             "the Bruising in Non-Mobile Infants protocol", "the National Panel's annual report",
             "the Children's Commissioner's report", "the Ofsted inspection framework"]
PLACES = ["St Mary's Hospital", "Queen Elizabeth Hospital", "the Royal Victoria Infirmary",
          "Princess Anne Hospital", "Northtown General Hospital", "Riverside Primary School",
          "Hillview Academy", "Westfield Children's Centre", "the Emergency Department",
          "the Maternity Unit", "the Paediatric Ward", "the Sexual Assault Referral Centre",
          "Alexandra Hospital", "the Custody Suite", "the Walk-in Centre", "Brook Street Surgery",
          "the Youth Offending Service", "the Family Court", "the Crown Court"]
PSEUDONYMS = ["Child K", "Child L", "Baby M", "Child A", "Sibling B", "Child T", "Baby Q",
              "Young Person R", "Child D and Child E"]
SUBJECTS = ["the mother", "the father", "the mother's partner", "the maternal grandmother",
            "the baby", "the child", "the young person", "the older sibling", "the step-father",
            "the family", "the parents", "the carers", "the paternal aunt", "the unborn baby",
            "the adult male in the household", "the foster carer"]
DATES = ["in March 2021", "on 12 January 2022", "between April and June 2020", "during 2019",
         "in Quarter 2 of 2022/23", "in the summer of 2023", "on 3 October 2021",
         "by 31 March 2024", "in May 2022", "over the Christmas period", "in June 2023",
         "on 28/02/2023", "within 15 working days", "after 6 months", "in Autumn 2020"]
OPENERS = ["", "", "", "However, ", "Although the plan was agreed, ", "Following the review, ",
           "In this case, ", "Notably, ", "During the review period, ", "As a result, ",
           "Whilst good practice was seen, ", "At the time, ", "Overall, "]

TEMPLATES = [
    "{opener}the {role} from {agency} did not share information with {agency2} before the {process}.",
    "The {process} held {date} did not include the {role}.",
    "When {subject} missed appointments at {place}, {agency} did not escalate to the {role}.",
    "{agency} should ensure that the {role} attends every {process}.",
    "Learning from {pseudo} shows that {subject} was not seen alone by the {role}.",
    "The Board should seek assurance from {agency} that {document} is understood by staff.",
    "Good practice: the {role} at {place} made a timely referral to {agency} {date}.",
    "{opener}the history of {subject} was not considered at the {process}.",
    "Practitioners in {agency} were not curious about {subject} and relied on self-report.",
    "The {role} and the {role2} held different views of risk, and {document} was not used to resolve them.",
    "{agency} and {agency2} should jointly review how the {process} records the voice of the child.",
    "{opener}{subject} disclosed concerns to the {role}, who recorded them but did not inform {agency}.",
    "The review found that {agency} closed the case {date} without a {process}.",
    "Information about {subject} held by {place} was not available to the {role} at the {process}.",
    "Recommendation: the Partnership should refresh {document} and test it through a {process}.",
    "{pseudo} was discharged from {place} {date} without a Discharge Planning Meeting.",
    "The {role} escalated concerns to the {role2} {date}, in line with {document}.",
    "{opener}the {process} did not consider the impact of domestic abuse on {subject}.",
    "Staff at {place} were not aware of {document} and did not contact the {role}.",
    "{agency} should audit compliance with {document} and report to the Performance Committee.",
    "There was no Section 47 enquiry when {subject} presented at {place} with bruising {date}.",
    "The {role} did not receive supervision from the {role2} for four months.",
    "{opener}thresholds for {agency} were applied inconsistently across the {process}.",
    "Multi-agency training on {document} should be delivered to every {role}.",
    "The Health Visitor and the {role} did not see {subject} together {date}.",
    "{subject} was described by the {role} as hard to engage, and {agency} did not challenge this.",
    "Agencies should use the professional challenge route in {document} when a {process} stalls.",
    "The Quarter 3 return from {agency} showed that the {process} was delayed by six weeks.",
    "{opener}the Independent Chair concluded that the {process} was well coordinated by {agency}.",
    "Cross-boundary transfer from {place} to {agency} {date} lost the Child Protection Plan.",
    "The National Panel asked {agency} to confirm that the {role} had completed the ICON training.",
    "Records at {place} did not show who the {role} had spoken to before the {process}.",
    "The Performance Committee noted that {agency} completed the Section 11 audit {date}.",
    "{opener}the father was not invited to the {process} and {agency} held no information about him.",
    "The {role} should check the Police National Computer before the {process}.",
    "Adult Social Care and {agency} did not apply the Think Family approach to {subject}.",
    "The Local Authority Designated Officer was consulted {date} and advised a strategy discussion.",
    "{pseudo}'s case shows the value of a named lead professional coordinating the {process}.",
    "Children's Social Care should ensure that a Core Group meets within ten working days of the {process}.",
    "The East Midlands region and the South West region use different versions of {document}.",
    "The family moved from {area} to {area2} {date}, and {agency} did not transfer the records.",
    "{opener}{area} Children's Services and {area2} Police held different information about {subject}.",
    "A strategy discussion between {area} and {area2} was not held before {subject} moved.",
]
AREAS = ["Milton Keynes", "Tower Hamlets", "Stoke-on-Trent", "Leeds", "Kingston upon Thames",
         "Bristol", "Newcastle upon Tyne", "North Yorkshire", "West Sussex", "Redcar and Cleveland",
         "Bath and North East Somerset", "Greater Manchester", "Waltham Forest", "Telford and Wrekin"]

# --------------------------------------------------------------------------- planted items
FIRST = ["Jane", "Kacper", "Aisha", "Connor", "Zofia", "Tyrone", "Priya", "Liam", "Chloe",
         "Mohammed", "Olivia", "Jayden", "Ewa", "Kwame", "Ellie", "Dylan", "Fatima", "Reece"]
SURNAMES = ["Smith", "Kowalski", "Okafor", "Brennan", "Patel", "Nowak", "Hughes", "Adeyemi",
            "Walsh", "Begum", "Thornton", "Lindqvist", "Murphy", "Achterberg", "Ferreira"]
UNLISTED = ["Tiggy", "Bobo", "Kenzie", "Marlowe", "Oyelaran", "Tadeusz", "Brogan", "Keziah"]
AMBIG = ["Grace", "Amber", "Summer", "Holly", "Jade", "Ruby", "Hope", "Faith"]
STREETS = ["Acacia Avenue", "Mill Lane", "Station Road", "Victoria Street", "Orchard Close",
           "Beech Grove", "Kingfisher Way", "Chapel Terrace", "Meadow View", "Rectory Gardens"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _date(rng: random.Random) -> str:
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2008, 2024)
    return rng.choice([f"{d} {MONTHS[m - 1]} {y}", f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}",
                       f"{d}th {MONTHS[m - 1][:3]} {y}"])


def planted_item(kind: str, rng: random.Random) -> tuple[str, str]:
    """(sentence, the planted personal data inside it)."""
    role, agency = rng.choice(ROLES), rng.choice(["Police", "Children's Social Care", "Health"])
    if kind == "name":
        form = rng.randrange(8)
        if form == 7:  # a full name on no list, with no title or naming context
            item = f"{rng.choice(UNLISTED)} {rng.choice(SURNAMES)}"
            return f"The {role} visited {item} at home twice.", item
        if form == 0:
            item = f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
            return f"{item} was not seen by the {role} before the strategy discussion.", item
        if form == 1:
            item = f"{rng.choice(['Mr', 'Mrs', 'Ms', 'Miss', 'Dr'])} {rng.choice(SURNAMES)}"
            return f"The {role} spoke to {item} about the Child Protection Plan.", item
        if form == 2:
            item = rng.choice(UNLISTED)
            return f"The baby, known as {item}, was brought to the Emergency Department.", item
        if form == 3:
            item = rng.choice(FIRST + UNLISTED)
            return f"{item}'s mother told the {role} that she felt unsafe at home.", item
        if form == 4:
            item = rng.choice(AMBIG + UNLISTED)
            return f"The older sibling, {item} (aged {rng.randint(2, 15)}), was not spoken to.", item
        if form == 5:
            item = f"{rng.choice(AMBIG)} {rng.choice(SURNAMES)}"
            return f"The {role} discussed {item} at the Core Group.", item
        item = rng.choice(FIRST)
        return f"Information about {item} was not shared with {agency}.", item
    if kind == "date_of_birth":
        item = f"{rng.choice(['DOB', 'D.O.B.', 'date of birth', 'born on'])} {_date(rng)}"
        return f"The referral recorded the child's {item} but no address.", item
    if kind == "dated_age":
        n = rng.randint(1, 16)
        item = rng.choice([f"aged {n} on {_date(rng)}", f"aged {n} years in {rng.choice(MONTHS)} {rng.randint(2010, 2024)}",
                           f"a {n}-year-old on {_date(rng)}"])
        return f"The child was {item} when {agency} first became involved.", item
    if kind == "address":
        item = rng.choice([f"{rng.randint(1, 250)} {rng.choice(STREETS)}",
                           f"Flat {rng.randint(1, 40)}, {rng.randint(1, 99)} {rng.choice(STREETS)}"])
        return f"The family lived at {item} for two years.", item
    if kind == "postcode":
        item = rng.choice(["NE1 4ST", "M14 5RT", "SW1A 1AA", "B12 9QD", "LS6 2UE", "BS3 4HG", "CF10 3NB"])
        return f"The household moved to the {item} area before the Section 47 enquiry.", item
    if kind == "phone":
        item = rng.choice(["07700 900123", "0161 496 0000", "+44 7700 900456", "(01632) 960001",
                           "020 7946 0018", "07911123456", "0113 496 0732"])
        return f"The mother's contact number {item} was not passed to the {role}.", item
    if kind == "email":
        item = rng.choice(["j.smith@example.com", "mum1985@hotmail.co.uk", "dad.k@gmail.com",
                           "family_b@outlook.com"])
        return f"The school emailed the family at {item} rather than calling.", item
    if kind == "nhs_number":
        n = _nhs(rng)
        item = rng.choice([n, f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}"])
        return f"The GP record ({item}) showed three missed immunisations.", item
    if kind == "ni_number":
        a = rng.choice("ABCEGHJKLMNOPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
        if a in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            a = "JT"
        digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
        suffix = rng.choice("ABCD")
        item = rng.choice([f"{a}{digits}{suffix}", f"{a} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"])
        return f"The father's National Insurance record {item} was checked by the Probation Officer.", item
    raise ValueError(kind)


KINDS = ["name", "date_of_birth", "dated_age", "address", "postcode", "phone", "email",
         "nhs_number", "ni_number"]


@dataclass
class Planted:
    kind: str
    text: str
    item: str


def agencies() -> list[str]:
    with (ROOT / "data" / "agencies.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    names = [r["name"] for r in rows]
    names += [a for r in rows for a in r["aliases"].split(";") if a]
    return names


def clean_statements(n: int = 1200, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    ags = agencies()
    out = []
    for _ in range(n):
        t = rng.choice(TEMPLATES)
        s = t.format(opener=rng.choice(OPENERS), role=rng.choice(ROLES), role2=rng.choice(ROLES),
                     agency=rng.choice(ags), agency2=rng.choice(ags), process=rng.choice(PROCESSES),
                     date=rng.choice(DATES), subject=rng.choice(SUBJECTS), place=rng.choice(PLACES),
                     pseudo=rng.choice(PSEUDONYMS), document=rng.choice(DOCUMENTS),
                     area=rng.choice(AREAS), area2=rng.choice(AREAS))
        out.append(s[0].upper() + s[1:])
    return out


def planted_statements(per_kind: int = 40, seed: int = 5) -> list[Planted]:
    rng = random.Random(seed)
    clean = clean_statements(per_kind * len(KINDS), seed + 1)
    out = []
    for i in range(per_kind):
        for j, kind in enumerate(KINDS):
            sentence, item = planted_item(kind, rng)
            host = clean[i * len(KINDS) + j]
            text = f"{host} {sentence}" if rng.random() < 0.5 else f"{sentence} {host}"
            out.append(Planted(kind, text, item))
    return out


def measure() -> dict:
    """The two figures: planted items found, false alarms per 1,000 clean statements."""
    from etl.privacy.scan import scan_text

    planted = planted_statements()
    missed = []
    for p in planted:
        start = p.text.index(p.item)
        end = start + len(p.item)
        if not any(h.start < end and h.end > start for h in scan_text(p.text)):
            missed.append(p)
    clean = clean_statements()
    alarms = [(s, scan_text(s)) for s in clean]
    alarms = [(s, h) for s, h in alarms if h]
    return {"planted": len(planted), "found": len(planted) - len(missed), "missed": missed,
            "clean": len(clean), "false_alarm_statements": len(alarms),
            "false_alarms_per_1000": round(1000 * len(alarms) / len(clean), 2), "alarms": alarms}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    m = measure()
    print(f"planted items found: {m['found']}/{m['planted']}")
    for p in m["missed"]:
        print("  MISSED", p.kind, repr(p.item), "in", repr(p.text))
    print(f"false alarms: {m['false_alarm_statements']} of {m['clean']} clean statements "
          f"= {m['false_alarms_per_1000']} per 1,000")
    for s, hits in m["alarms"]:
        print("  ALARM", [(h.kind, h.text) for h in hits], "in", repr(s))
