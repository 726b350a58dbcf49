"""One fictional partnership's inputs: reviews, learning, recommendations, action plans with
quarterly returns, audits with grades, and impact measures with quarterly values.

The shape follows how boards actually work: serious case reviews until mid-2018, then
rapid reviews that sometimes lead to a local child safeguarding practice review; a review's
learning and recommendations stay on that review's themes; action plans slip, get revised,
get cancelled; re-audits of a topic usually improve. Milestone dates are drawn on time or
late against the deadlines of RULES.md and left blank when they would fall after today, so
"outstanding and late" cases appear naturally near the as-of date.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from etl.contract import METHODOLOGIES, THEME_KEYS
from etl.demo import phrases as P
from etl.demo.dates import add_months, add_working_days, last_complete_quarter_end, quarter_ends
from etl.demo.text import Composer

# IMR-and-overview reports belong to the SCR era; later reviews use the other methods.
LOCAL_METHODS = tuple(m for m in METHODOLOGIES if m != "IMR and overview")
REFORM = date(2018, 6, 29)  # Working Together 2018: SCRs give way to rapid reviews + LCSPRs
TYPE_CODES = {"SCR": "SCR", "LCSPR": "LCSPR", "Rapid review": "RR", "CIR": "CIR",
              "Individual agency review": "IAR", "Practitioner forum": "PF", "Other": "OTH"}
AGE_THEMES = {
    "Under 1": ("safe_sleep", "infant_injury", "missed_appointments_health", "parental_mental_health",
                "substance_misuse", "hidden_men", "domestic_abuse"),
    "1-4": ("neglect", "domestic_abuse", "missed_appointments_health", "hidden_men", "housing_poverty",
            "parental_learning_disability", "infant_injury"),
    "5-10": ("neglect", "education", "domestic_abuse", "voice_of_child", "housing_poverty",
             "parental_learning_disability", "parental_mental_health"),
    "11-15": ("adolescent_self_harm", "sexual_abuse_exploitation", "education", "voice_of_child",
              "cross_boundary_transfer", "neglect"),
    "16-17": ("adolescent_self_harm", "sexual_abuse_exploitation", "education", "voice_of_child",
              "think_family_adult_services"),
}
GENERAL_THEMES = ("information_sharing", "risk_assessment", "professional_curiosity", "escalation_challenge",
                  "thresholds_access", "planning_review", "supervision_oversight", "recording_chronology",
                  "training_workforce", "policy_procedure", "family_engagement", "think_family_adult_services",
                  "culture_diversity", "cross_boundary_transfer", "housing_poverty", "voice_of_child")
AGE_WEIGHTS = (35, 20, 15, 20, 10)
LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ"
# Aliases a return might use for an agency (all listed in data/agencies.csv) …
ALIASES = {"Children's Social Care": ("CSC", "Children's Services"), "Police": ("Constabulary", "PPU"),
           "Health Visiting": ("0-19 Service", "Health Visitors"), "Integrated Care Board": ("ICB",),
           "Education": ("Schools",), "Emergency Department": ("A&E",), "Youth Justice Service": ("YOT",)}
# … and one that is not, to exercise the unknown-agency warning.
UNKNOWN_AGENCY = "Regional Adoption Agency"
AGENCY_TYPES = {
    "Children's Social Care": "Local authority", "Early Help": "Local authority", "Education": "Education",
    "Police": "Police", "Housing": "Local authority", "Adult Social Care": "Local authority",
    "Probation": "Criminal justice", "Youth Justice Service": "Criminal justice",
    "Domestic Abuse Service": "Voluntary sector", "Voluntary Sector": "Voluntary sector",
    "Safeguarding Partnership": "Partnership",
}
AUDIT_DOMAINS = ("Assessment", "Planning", "Voice of the child", "Information sharing", "Management oversight")
DOMAIN_EFFECT = {"Assessment": 0.0, "Planning": -0.05, "Voice of the child": -0.12,
                 "Information sharing": -0.05, "Management oversight": -0.1}


@dataclass
class Board:
    name: str
    code: str
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in (
        "reviews", "audits", "learning", "recommendations", "measures", "actions", "action_updates",
        "audit_grades", "measure_values")})


class RegionBuilder:
    """Builds one board. All randomness comes from `rng`, so a seed fixes the output."""

    def __init__(self, board: Board, seed: str, today: date, years: int, index: int):
        self.b, self.today, self.index = board, today, index
        self.rng = random.Random(seed)
        self.text = Composer(self.rng)
        self.start = add_months(today, -12 * years)
        self.quality = self.rng.uniform(-0.15, 0.15)  # how well this board's agencies perform
        self.seq: dict[str, int] = {}
        self.letters = list(LETTERS)
        self.rng.shuffle(self.letters)
        self.completed_reviews: list[dict] = []

    # -- helpers -----------------------------------------------------------------------
    def past(self, d: date | None) -> date | None:
        """A date the contract forbids in the future is left blank until it has happened."""
        return d if d is not None and d <= self.today else None

    def next_id(self, kind: str, year: int) -> str:
        key = f"{self.b.code}-{kind}-{year}"
        self.seq[key] = self.seq.get(key, 0) + 1
        return f"{key}-{self.seq[key]:02d}"

    def poisson_dates(self, per_year: float, first: date, last: date) -> list[date]:
        out, d = [], first
        while True:
            d += timedelta(days=max(1, int(self.rng.expovariate(per_year / 365.0))))
            if d > last:
                return out
            out.append(d)

    def child_title(self, band: str) -> tuple[str, str]:
        """(title, how the text refers to the child) — a letter, never a name."""
        letter = self.letters[self.seq.setdefault("_letter", 0) % len(self.letters)]
        self.seq["_letter"] += 1
        if band == "Under 1":
            return f"Baby {letter}", f"Baby {letter}"
        if band in ("11-15", "16-17"):
            return (f"Young person {letter}", "the young person") if self.rng.random() < 0.5 \
                else (f"Child {letter}", f"Child {letter}")
        if self.rng.random() < 0.12:
            other = self.letters[(self.seq["_letter"]) % len(self.letters)]
            self.seq["_letter"] += 1
            return f"Siblings {letter} and {other}", "the children"
        return f"Child {letter}", f"Child {letter}"

    def review_themes(self, band: str) -> list[str]:
        rng = self.rng
        picked = rng.sample(AGE_THEMES[band], 2) + rng.sample(GENERAL_THEMES, rng.randint(2, 3))
        return list(dict.fromkeys(picked))

    # -- reviews -----------------------------------------------------------------------
    def build(self) -> Board:
        self.reviews()
        self.audits()
        self.ensure_all_themes()
        self.measures()
        return self.b

    def reviews(self) -> None:
        rng, end = self.rng, self.today
        for nd in self.poisson_dates(5.0, self.start, end):
            if nd < REFORM:
                self.scr(nd)
            else:
                self.rapid_review(nd)
        for rtype, rate in (("CIR", 0.5), ("Individual agency review", 0.6), ("Practitioner forum", 1.0),
                            ("Other", 0.4)):
            for d in self.poisson_dates(rate, self.start, end):
                self.local_review(rtype, d)
        self.ensure_review_types()
        self.b.rows["reviews"].sort(key=lambda r: (r["notified_date"] or r["initiated_date"], r["review_id"]))

    def ensure_review_types(self) -> None:
        """Every board shows every review type, even in a short demo window."""
        have = {r["review_type"] for r in self.b.rows["reviews"]}
        rng = self.rng
        if "SCR" not in have:  # a legacy SCR whose action plan is still monitored
            self.scr(min(self.start, REFORM) - timedelta(days=rng.randint(60, 200)), force=True)
        if ("LCSPR" not in have or "Rapid review" not in have) and self.today > REFORM + timedelta(days=180):
            self.rapid_review(max(self.start, REFORM) + timedelta(days=rng.randint(10, 120)), force=True)
        for rtype in ("CIR", "Individual agency review", "Practitioner forum", "Other"):
            if rtype not in have:
                self.local_review(rtype, self.start + timedelta(days=rng.randint(30, 300)))
        if not any(r["status"] == "Not initiated" for r in self.b.rows["reviews"]):
            self.local_review("Individual agency review", self.start + timedelta(days=rng.randint(30, 300)),
                              declined=True)
        if not any(r["status"] == "In progress" for r in self.b.rows["reviews"]):
            self.local_review("Practitioner forum", self.today - timedelta(days=rng.randint(5, 40)))
        if not any(r["status"] == "Referred" for r in self.b.rows["reviews"]):
            self.local_review("CIR", self.today - timedelta(days=rng.randint(3, 25)), referred=True)
        self.ensure_late_publication()

    def ensure_late_publication(self) -> None:
        """The committee reads exceptions: at the last quarter end, at least one LCSPR is
        past its six-month publication deadline and still unpublished (RULES.md, review
        timeliness), so the demo's late-milestone lists are never empty."""
        q_end = last_complete_quarter_end(self.today)
        if q_end <= REFORM + timedelta(days=400):
            return
        for r in self.b.rows["reviews"]:
            if (r["review_type"] == "LCSPR" and r["decision_date"]
                    and add_months(r["decision_date"], 6) < q_end
                    and (r["published_date"] is None or r["published_date"] > q_end)):
                return
        self.rapid_review(q_end - timedelta(days=self.rng.randint(240, 330)), force=True, late=True)

    def new_review(self, rtype: str, when: date, band: str | None = None) -> dict:
        rng = self.rng
        band = band or rng.choices(list(AGE_THEMES), AGE_WEIGHTS)[0]
        title, child = self.child_title(band)
        themes = self.review_themes(band)
        row = {"review_id": self.next_id(TYPE_CODES[rtype], when.year), "board": self.b.name,
               "title": title, "review_type": rtype, "methodology": None, "incident_type": None,
               "child_age_band": band, "notified_date": None, "decision_date": None,
               "panel_notified_date": None, "initiated_date": None, "completed_date": None,
               "published_date": None, "status": None, "summary": None,
               "_child": child, "_themes": themes}
        return row

    def finish_review(self, row: dict, learning: tuple[int, int], recs: tuple[int, int] | None) -> None:
        for col in ("notified_date", "decision_date", "panel_notified_date", "initiated_date",
                    "completed_date", "published_date"):
            row[col] = self.past(row[col])
        if row["status"] == "Not initiated" and row["decision_date"] is None:
            row["status"] = None  # the decision has not been made yet
        if row["status"] is None:
            row["status"] = ("Published" if row["published_date"] else "Completed" if row["completed_date"]
                             else "In progress" if row["initiated_date"] else "Referred")
            if row["status"] == "Published" and (self.today - row["published_date"]).days > 900 \
                    and self.rng.random() < 0.5:
                row["status"] = "Closed"
        row["summary"] = self.summary(row)
        self.b.rows["reviews"].append(row)
        if row["completed_date"] or (row["review_type"] == "Rapid review" and row["status"] != "In progress"):
            self.statements(row["review_id"], row["_themes"], row["_child"], self.rng.randint(*learning))
            if recs:
                self.recommendations(row["review_id"], row["_themes"], self.rng.randint(*recs),
                                     row["completed_date"] or row["decision_date"])
            self.completed_reviews.append(row)

    def summary(self, row: dict) -> str:
        rng = self.rng
        labels = [P.THEMES[t].topic for t in row["_themes"][:3]]
        what = {"Death": "the death of", "Serious harm": "serious harm to"}.get(row["incident_type"] or "", "concerns about")
        band = row["child_age_band"]
        age = "a baby under one" if band == "Under 1" else f"a child aged {band.replace('-', ' to ')}"
        lead = {"Rapid review": "Rapid review following", "LCSPR": "Local child safeguarding practice review following",
                "SCR": "Serious case review following", "CIR": "Case review following",
                "Individual agency review": "Single agency review following",
                "Practitioner forum": "Practitioner learning event about", "Other": "Learning review about"}[row["review_type"]]
        period = rng.choice(("the eighteen months before the incident", "the two years before the incident",
                             "the period from the child's birth", "agency involvement over three years"))
        return (f"{lead} {what} {age}. The review looked at {period}. Main areas of learning: "
                f"{'; '.join(labels)}. Fictional demo data.")

    def scr(self, nd: date, force: bool = False) -> None:
        rng = self.rng
        row = self.new_review("SCR", nd)
        row["incident_type"] = rng.choices(("Death", "Serious harm"), (45, 55))[0]
        row["notified_date"] = nd
        deadline = add_months(nd, 1)
        row["decision_date"] = (nd + timedelta(days=rng.randint(7, (deadline - nd).days)) if rng.random() < 0.7
                                else deadline + timedelta(days=rng.randint(3, 60)))
        if not force and rng.random() < 0.5:
            row["status"] = "Not initiated"
            self.finish_review(row, (0, 1), None)
            return
        dec = row["decision_date"]
        row["methodology"] = rng.choice(("SCIE Learning Together", "SILP", "IMR and overview", "Systems"))
        row["panel_notified_date"] = dec + timedelta(days=rng.randint(1, 14) if rng.random() < 0.8
                                                     else rng.randint(15, 45))
        row["initiated_date"] = dec + timedelta(days=rng.randint(7, 35))
        due = add_months(row["initiated_date"], 6)
        row["completed_date"] = (row["initiated_date"] + timedelta(days=rng.randint(120, (due - row["initiated_date"]).days))
                                 if rng.random() < 0.35 else due + timedelta(days=rng.randint(20, 300)))
        if rng.random() < 0.85:
            row["published_date"] = row["completed_date"] + timedelta(days=rng.randint(30, 150))
        self.finish_review(row, (5, 9), (4, 12))

    def rapid_review(self, nd: date, force: bool = False, late: bool = False) -> None:
        rng = self.rng
        row = self.new_review("Rapid review", nd)
        row["incident_type"] = rng.choices(("Death", "Serious harm", "Other"), (35, 55, 10))[0]
        row["methodology"] = "Other" if rng.random() < 0.2 else None
        row["notified_date"] = nd
        row["panel_notified_date"] = add_working_days(nd, rng.randint(1, 5) if rng.random() < 0.9 else rng.randint(6, 12))
        row["initiated_date"] = nd + timedelta(days=rng.randint(0, 3))
        deadline = add_working_days(nd, 15)
        done = (add_working_days(nd, rng.randint(9, 15)) if rng.random() < 0.75
                else deadline + timedelta(days=rng.randint(2, 30)))
        row["completed_date"] = done
        row["decision_date"] = done
        lcspr = force or rng.random() < 0.3
        if not lcspr and done <= self.today and rng.random() < 0.2:
            row["status"] = "Closed"
        self.finish_review(row, (2, 4), None)
        if lcspr and done <= self.today:
            self.lcspr(row, done, late)

    def lcspr(self, rr: dict, decision: date, late: bool = False) -> None:
        rng = self.rng
        row = self.new_review("LCSPR", decision, band=rr["child_age_band"])
        row.update(title=rr["title"], _child=rr["_child"], _themes=rr["_themes"], incident_type=rr["incident_type"],
                   notified_date=rr["notified_date"], decision_date=decision)
        row["methodology"] = rng.choice(LOCAL_METHODS)
        row["panel_notified_date"] = decision + timedelta(days=rng.randint(1, 7))
        row["initiated_date"] = decision + timedelta(days=rng.randint(14, 60))
        due = add_months(decision, 6)
        published = (decision + timedelta(days=rng.randint(120, (due - decision).days)) if rng.random() < 0.35
                     else due + timedelta(days=rng.randint(14, 250)))
        if late:  # still unpublished today, long after its six-month deadline
            published = max(published, self.today + timedelta(days=rng.randint(30, 150)))
        row["published_date"] = published
        row["completed_date"] = max(row["initiated_date"] + timedelta(days=60),
                                    published - timedelta(days=rng.randint(20, 90)))
        self.finish_review(row, (5, 9), (4, 12))

    def local_review(self, rtype: str, when: date, referred: bool = False, declined: bool = False) -> None:
        rng = self.rng
        row = self.new_review(rtype, when)
        if rtype in ("CIR", "Individual agency review"):
            row["incident_type"] = rng.choices(("Serious harm", "Death", "Other"), (60, 15, 25))[0]
            row["notified_date"] = when
            if referred:
                self.finish_review(row, (0, 0), None)
                return
            row["decision_date"] = when + timedelta(days=rng.randint(5, 40))
            if declined or rng.random() < 0.15:
                row["status"] = "Not initiated"
                self.finish_review(row, (0, 0), None)
                return
            row["initiated_date"] = row["decision_date"] + timedelta(days=rng.randint(3, 30))
        else:
            row["initiated_date"] = when
            row["title"] = f"{'Practitioner forum' if rtype == 'Practitioner forum' else 'Learning review'}: " \
                           f"{P.THEMES[row['_themes'][0]].topic}"
            row["_child"] = "the child"
        row["methodology"] = rng.choice(LOCAL_METHODS)
        row["completed_date"] = row["initiated_date"] + timedelta(days=rng.randint(45, 220))
        if rtype == "CIR" and rng.random() < 0.4:
            row["published_date"] = row["completed_date"] + timedelta(days=rng.randint(20, 90))
        recs = {"CIR": (3, 8), "Individual agency review": (3, 6), "Practitioner forum": (3, 5), "Other": (3, 4)}[rtype]
        self.finish_review(row, (3, 6), recs)

    # -- statements --------------------------------------------------------------------
    def statements(self, source_id: str, themes: list[str], child: str, n: int, audit: bool = False) -> None:
        rng, out = self.rng, self.b.rows["learning"]
        start = sum(1 for r in out if r["source_id"] == source_id)
        for k in range(start + 1, start + n + 1):
            picked = rng.sample(themes, 2) if len(themes) > 1 and rng.random() < 0.3 else [rng.choice(themes)]
            self.statement(source_id, k, picked, child, audit)

    def statement(self, source_id: str, k: int, picked: list[str], child: str, audit: bool = False,
                  tagged: bool | None = None) -> None:
        rng = self.rng
        kind = rng.choices(("Finding", "Learning", "Good practice"), (50, 30, 20))[0]
        if kind == "Finding":
            text, agencies = self.text.finding(picked, child, audit=audit)
        elif kind == "Learning":
            text, agencies = self.text.learning(picked, child)
        else:
            text, agencies = self.text.good_practice(picked, child)
        tagged = rng.random() >= 0.3 if tagged is None else tagged
        self.b.rows["learning"].append({
            "learning_id": f"{source_id}-L{k:02d}", "source_id": source_id, "kind": kind, "text": text,
            "themes": picked if tagged else None,
            "agencies": list(dict.fromkeys(agencies)) or None})

    def recommendations(self, source_id: str, themes: list[str], n: int, issued: date) -> None:
        rng = self.rng
        for k in range(1, n + 1):
            picked = rng.sample(themes, 2) if len(themes) > 1 and rng.random() < 0.25 else [rng.choice(themes)]
            roll = rng.random()
            canonical = "Board" if roll < 0.4 else rng.choice(P.THEMES[picked[0]].agencies)
            to = rng.choice(ALIASES[canonical]) if roll > 0.95 and canonical in ALIASES else canonical
            rec_id = f"{source_id}-R{k:02d}"
            self.b.rows["recommendations"].append({
                "recommendation_id": rec_id, "source_id": source_id,
                "text": self.text.recommendation(picked, canonical),
                "addressed_to": to, "themes": picked if rng.random() >= 0.12 else None})
            to = canonical
            for a in range(1, rng.choices((1, 2, 3), (40, 40, 20))[0] + 1):
                self.action(f"{rec_id}-A{a}", rec_id, picked[0], to, issued)

    # -- action plans ------------------------------------------------------------------
    def owner(self, theme: str, addressed_to: str) -> tuple[str, str]:
        """(canonical agency, as the return spells it): sometimes an alias, rarely unknown."""
        rng = self.rng
        if addressed_to != "Board" and rng.random() < 0.7:
            owner = addressed_to
        elif rng.random() < 0.25:
            owner = "Safeguarding Partnership"
        else:
            owner = rng.choice(P.THEMES[theme].agencies)
        roll = rng.random()
        if roll < 0.08 and owner in ALIASES:
            return owner, rng.choice(ALIASES[owner])
        if roll > 0.993 and self.index == 0:  # one board's returns name an agency not on the list
            return "Voluntary Sector", UNKNOWN_AGENCY
        return owner, owner

    def lead_role(self, canonical: str) -> str | None:
        if self.rng.random() < 0.1:
            return None
        roles = P.AGENCY_ROLES.get(canonical) or P.LEAD_ROLES[AGENCY_TYPES.get(canonical, "Health")]
        return self.rng.choice(roles)

    def action(self, action_id: str, rec_id: str, theme: str, addressed_to: str, issued: date) -> None:
        rng, today = self.rng, self.today
        start = issued + timedelta(days=rng.randint(7, 60))
        due = add_months(start, rng.choice((3, 6, 6, 9, 12)))
        span = max(1, (due - start).days)
        roll = rng.random()
        cancel = roll < 0.07
        if cancel:
            end = start + timedelta(days=rng.randint(30, span + 120))
        elif roll < 0.62:
            end = start + timedelta(days=rng.randint(max(1, span // 3), span))
        else:
            end = due + timedelta(days=rng.randint(10, 420))
        canonical, owner = self.owner(theme, addressed_to)
        row = {"action_id": action_id, "recommendation_id": rec_id, "text": self.text.action(theme),
               "owner_agency": owner, "lead_role": self.lead_role(canonical), "start_date": start,
               "due_date": due, "status": None, "completed_date": None, "cancelled_date": None,
               "evidence": None, "measure_id": None}
        happened = end <= today
        if happened and cancel:
            row["status"] = rng.choice(("Cancelled", "Cancelled", "Superseded"))
            row["cancelled_date"] = end
        elif happened:
            impact = rng.random() < 0.3
            row["status"] = "Complete - impact evidenced" if impact else "Complete"
            row["completed_date"] = end
            if impact:
                row["evidence"] = self.text.evidence()
        else:
            fresh = today < start or (today < start + timedelta(days=45) and rng.random() < 0.6)
            row["status"] = "Not started" if fresh else "In progress"
        self.b.rows["actions"].append(row)
        self.returns(row, end, happened, cancel)

    def returns(self, action: dict, end: date, happened: bool, cancel: bool) -> None:
        rng, out = self.rng, self.b.rows["action_updates"]
        start, due = action["start_date"], action["due_date"]
        late = end > due
        effective, revised_times = due, 0
        skip = 0.4 if rng.random() < 0.12 else 0.04  # some leads rarely send their returns
        for qe in quarter_ends(start, min(end + timedelta(days=92), self.today + timedelta(days=92))):
            on = qe - timedelta(days=rng.randint(0, 20))
            if on < start or on > self.today:
                continue
            final = happened and on >= end
            if not final and rng.random() < skip:
                continue  # a missed return
            update = {"action_id": action["action_id"], "reported_on": on, "status": None, "rag": None,
                      "revised_due_date": None, "note": None}
            if final:
                update["status"] = action["status"]
                update["rag"] = None if cancel else "Blue"
                update["note"] = rng.choice(P.NOTES_CANCELLED if cancel else P.NOTES_DONE)
                out.append(update)
                return
            update["status"] = "Not started" if on < start + timedelta(days=30) else "In progress"
            if late and revised_times < 2 and on >= effective - timedelta(days=45) and rng.random() < 0.55:
                revised = (end + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.6
                           else max(on + timedelta(days=20), end - timedelta(days=rng.randint(30, 150))))
                if revised > effective:
                    effective, revised_times = revised, revised_times + 1
                    update["revised_due_date"] = revised
                    update["note"] = rng.choice(P.NOTES_SLIPPED)
            days_left = (effective - on).days
            rag = "Red" if days_left < 0 else "Amber" if days_left <= 30 else "Green"
            if rag == "Red" and rng.random() < 0.12:
                rag = "Amber"  # an optimistic return
            update["rag"] = None if rng.random() < 0.12 else rag
            if update["note"] is None and rng.random() < 0.8:
                update["note"] = rng.choice(P.NOTES_BEHIND if rag == "Red" else P.NOTES_ON_TRACK)
            out.append(update)

    # -- audits ------------------------------------------------------------------------
    def audits(self) -> None:
        rng = self.rng
        dates = self.poisson_dates(3.5, self.start, self.today + timedelta(days=60))
        reaudit: list[tuple[date, str, str]] = []
        first: list[tuple[date, str, str]] = []
        for d in dates:
            atype = rng.choices(("Multi-agency case file", "Thematic", "Single agency", "Section 11", "Other"),
                                (45, 20, 15, 10, 10))[0]
            theme = rng.choice(THEME_KEYS)
            self.audit(d, atype, theme, False)
            if atype in ("Multi-agency case file", "Thematic"):
                first.append((d, atype, theme))
                if rng.random() < 0.3:
                    reaudit.append((d + timedelta(days=rng.randint(270, 540)), atype, theme))
        horizon = self.today + timedelta(days=60)
        if first and not any(d <= horizon for d, _, _ in reaudit):  # every board shows one
            d, atype, theme = first[0]
            reaudit.append((d + timedelta(days=300), atype, theme))
        for d, atype, theme in reaudit:
            if d <= horizon:
                self.audit(d, atype, theme, True)
        have = {a["audit_type"] for a in self.b.rows["audits"]}
        for atype in ("Multi-agency case file", "Thematic", "Single agency", "Section 11", "Other"):
            if atype not in have:
                self.audit(self.start + timedelta(days=rng.randint(30, 600)), atype, rng.choice(THEME_KEYS), False)
        self.b.rows["audits"].sort(key=lambda a: a["audit_id"])

    def audit(self, when: date, atype: str, theme: str, re: bool) -> None:
        rng = self.rng
        topic = P.THEMES[theme].topic
        agencies = list(dict.fromkeys(["Children's Social Care"] + rng.sample(P.THEMES[theme].agencies, 3)))
        if atype == "Single agency":
            agencies = [rng.choice(agencies)]
        title = {"Multi-agency case file": f"Multi-agency case file audit: {topic}",
                 "Thematic": f"Thematic audit: {topic}",
                 "Single agency": f"Single agency audit ({agencies[0]}): {topic}",
                 "Section 11": f"Section 11 audit {when.year}",
                 "Other": f"Deep dive: {topic}"}[atype]
        if re:
            title = "Re-audit: " + title[0].lower() + title[1:]
        cases = rng.randint(6, 12) if atype != "Section 11" else None
        audit_id = self.next_id("AUD", when.year)
        reported = self.past(when)
        themes = [theme] + ([rng.choice(GENERAL_THEMES)] if rng.random() < 0.4 else [])
        themes = list(dict.fromkeys(themes))
        row = {"audit_id": audit_id, "board": self.b.name, "title": title, "audit_type": atype,
               "themes": themes if rng.random() >= 0.1 else None, "reported_date": reported,
               "cases_audited": cases, "summary": None}
        shares = self.grades(audit_id, cases or 0, agencies, re) if cases and reported else None
        if atype == "Section 11":
            row["summary"] = "Partner agencies' self-assessment against the Section 11 standards, with challenge sessions."
        elif shares is not None:
            across = "one agency" if len(agencies) == 1 else f"{len(agencies)} agencies"
            row["summary"] = (f"{cases} cases audited across {across}. Practice was good or better in "
                              f"{shares:.0f}% of graded areas; {topic} remains an area for development.")
        else:
            row["summary"] = f"Audit of {topic}; fieldwork under way." if not reported else None
        self.b.rows["audits"].append(row)
        if reported:
            self.statements(audit_id, themes, "the child", rng.randint(2, 4), audit=True)
            if atype in ("Multi-agency case file", "Thematic") and rng.random() < 0.5:
                self.recommendations(audit_id, themes, rng.randint(2, 4), reported)

    def grades(self, audit_id: str, cases: int, agencies: list[str], re: bool) -> float:
        rng, out, good = self.rng, self.b.rows["audit_grades"], 0
        base = 0.5 + self.quality + (0.15 if re else 0.0)
        n = 0
        for c in range(1, cases + 1):
            case_ref = f"{audit_id}-C{c:02d}"
            case_effect = rng.uniform(-0.2, 0.2)
            for agency in agencies:
                for domain in AUDIT_DOMAINS:
                    p = base + case_effect + DOMAIN_EFFECT[domain] + rng.uniform(-0.25, 0.25)
                    grade = ("Outstanding" if p > 0.85 else "Good" if p > 0.45 else
                             "Requires improvement" if p > 0.15 else "Inadequate")
                    good += grade in ("Outstanding", "Good")
                    n += 1
                    out.append({"audit_id": audit_id, "case_ref": case_ref, "agency": agency,
                                "domain": domain, "grade": grade})
        return 100.0 * good / max(n, 1)

    # -- coverage ----------------------------------------------------------------------
    def ensure_all_themes(self) -> None:
        """Every theme key appears tagged on some learning point, on every board."""
        used = {t for r in self.b.rows["learning"] for t in (r["themes"] or [])}
        missing = [t for t in THEME_KEYS if t not in used]
        if not missing or not self.completed_reviews:
            return
        for theme in missing:
            review = self.rng.choice(self.completed_reviews)
            k = 1 + sum(1 for r in self.b.rows["learning"] if r["source_id"] == review["review_id"])
            self.statement(review["review_id"], k, [theme], review["_child"], tagged=True)

    # -- impact measures ---------------------------------------------------------------
    def measures(self) -> None:
        rng, today = self.rng, self.today
        picks = rng.sample(P.MEASURES, rng.randint(6, 9))
        shapes = ["nodata", "met", "worsening", "improving"] + \
            [rng.choice(("met", "improving", "improving", "worsening", "flat")) for _ in picks[4:]]
        rng.shuffle(shapes)
        sources = ([r["review_id"] for r in self.completed_reviews] + [a["audit_id"] for a in self.b.rows["audits"]]
                   + [r["recommendation_id"] for r in self.b.rows["recommendations"]])
        last_q = last_complete_quarter_end(today)
        for k, ((name, unit, better, typical, theme), shape) in enumerate(zip(picks, shapes), start=1):
            measure_id = f"{self.b.code}-M{k:02d}"
            pct = unit == "%"
            base = typical * rng.uniform(0.85, 1.15)
            target = min(base * 1.25 + 5, 98.0) if (better == "higher" and pct) else \
                base * 1.3 if better == "higher" else base * 0.7
            first_q = quarter_ends(self.start, last_q)
            if shape == "nodata":
                base_date = last_q
            else:
                base_date = first_q[min(len(first_q) - 1, rng.randint(0, max(0, len(first_q) // 2)))]
            no_baseline = shape == "flat" and self.index % 2 == 0
            rnd = (lambda v: round(v, 1)) if pct else (lambda v: float(round(v)))
            self.b.rows["measures"].append({
                "measure_id": measure_id, "board": self.b.name, "name": name, "unit": unit, "better": better,
                "baseline_value": None if no_baseline else rnd(base),
                "baseline_date": None if no_baseline else base_date,
                "target_value": rnd(target), "target_date": add_months(base_date, 24),
                "source_id": rng.choice(sources) if sources and rng.random() < 0.85 else None,
                "themes": [theme]})
            if shape == "nodata":
                continue
            periods = [q for q in quarter_ends(base_date + timedelta(days=1), last_q)]
            direction = 1 if better == "higher" else -1
            for i, qe in enumerate(periods, start=1):
                frac = i / max(len(periods), 1)
                if shape == "met":
                    v = base + (target - base) * min(1.0, frac * 1.15)
                elif shape == "improving":
                    v = base + (target - base) * 0.55 * frac
                elif shape == "worsening":
                    v = base - direction * abs(target - base) * 0.4 * frac
                else:
                    v = base
                v += rng.uniform(-0.04, 0.04) * typical if i < len(periods) else 0.0
                if pct:
                    v = min(max(v, 0.0), 100.0)
                self.b.rows["measure_values"].append({
                    "measure_id": measure_id, "period_end": qe, "value": rnd(max(v, 0.0)),
                    "note": None if rng.random() < 0.8 else rng.choice(("Provisional figure.", "Validated by the agency.",
                                                                        "Small numbers; interpret with care."))})
        self.link_measures()

    def link_measures(self) -> None:
        """Some completed actions cite the measure that evidences their impact."""
        ids = [m["measure_id"] for m in self.b.rows["measures"]]
        for action in self.b.rows["actions"]:
            if action["status"] == "Complete - impact evidenced" and self.rng.random() < 0.5:
                action["measure_id"] = self.rng.choice(ids)

