"""The input contract (../shared/contract/README.md) as data.

Readers, validation, the schema DDL, the blank template and the demo generator all
read this one module, so a listed value or a column is defined exactly once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["text", "date", "int", "number", "list"]


@dataclass(frozen=True)
class Column:
    """One contract column. `values` is the listed-values set (stored spelling)."""

    name: str
    kind: Kind = "text"
    required: bool = False
    values: tuple[str, ...] | None = None
    no_future: bool = False  # may not be later than the day of the load
    refs: tuple[str, ...] = ()  # tables whose key this column must name
    theme_list: bool = False  # a ;-list of typology keys
    agency: bool = False  # agency name(s), normalised through data/agencies.csv
    note: str = ""  # shown on the template's notes sheet


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str
    # The id column of a single-key table, used when other tables refer to it.
    id_column: str | None = None

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


REVIEW_TYPES = ("SCR", "LCSPR", "Rapid review", "CIR", "Individual agency review",
                "Practitioner forum", "Other")
INCIDENT_TYPES = ("Death", "Serious harm", "Other")
AGE_BANDS = ("Under 1", "1-4", "5-10", "11-15", "16-17")
REVIEW_STATUSES = ("Referred", "Not initiated", "In progress", "Completed", "Published", "Closed")
LEARNING_KINDS = ("Finding", "Learning", "Good practice")
ACTION_STATUSES = ("Not started", "In progress", "Complete", "Complete - impact evidenced",
                   "Cancelled", "Superseded")
COMPLETE_STATUSES = ("Complete", "Complete - impact evidenced")
CANCELLED_STATUSES = ("Cancelled", "Superseded")
RAGS = ("Red", "Amber", "Green", "Blue")
AUDIT_TYPES = ("Multi-agency case file", "Single agency", "Thematic", "Section 11", "Other")
GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
BETTER = ("higher", "lower")
# Suggested, not listed: any text is accepted.
METHODOLOGIES = ("SCIE Learning Together", "SILP", "Systems", "Root cause analysis",
                 "Appreciative inquiry", "Child Practice Review", "IMR and overview", "Other")
AUDIT_DOMAINS = ("Assessment", "Planning", "Voice of the child", "Information sharing",
                 "Management oversight")

THEME_KEYS = (
    "information_sharing", "risk_assessment", "voice_of_child", "professional_curiosity",
    "escalation_challenge", "thresholds_access", "planning_review", "supervision_oversight",
    "recording_chronology", "training_workforce", "policy_procedure", "domestic_abuse",
    "parental_mental_health", "substance_misuse", "parental_learning_disability", "neglect",
    "safe_sleep", "infant_injury", "sexual_abuse_exploitation", "adolescent_self_harm",
    "hidden_men", "missed_appointments_health", "education", "cross_boundary_transfer",
    "culture_diversity", "housing_poverty", "family_engagement", "think_family_adult_services",
)

SOURCE_TABLES = ("reviews", "audits")

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("reviews", (
        Column("review_id", required=True),
        Column("board", required=True, note="The partnership that owns the review"),
        Column("title", required=True, note="e.g. Child K"),
        Column("review_type", required=True, values=REVIEW_TYPES),
        Column("methodology", note="e.g. " + ", ".join(METHODOLOGIES)),
        Column("incident_type", values=INCIDENT_TYPES),
        Column("child_age_band", values=AGE_BANDS),
        Column("notified_date", "date", no_future=True, note="Date the board learned of the incident"),
        Column("decision_date", "date", no_future=True, note="Date of the decision to (not) initiate"),
        Column("panel_notified_date", "date", no_future=True, note="Date the national panel was told"),
        Column("initiated_date", "date", no_future=True),
        Column("completed_date", "date", no_future=True, note="Date the final report was agreed"),
        Column("published_date", "date", no_future=True),
        Column("status", required=True, values=REVIEW_STATUSES),
        Column("summary"),
    ), key=("review_id",), id_column="review_id",
        description="One row per case review or other learning activity"),
    Table("audits", (
        Column("audit_id", required=True),
        Column("board", required=True),
        Column("title", required=True),
        Column("audit_type", required=True, values=AUDIT_TYPES),
        Column("themes", "list", theme_list=True),
        Column("reported_date", "date", no_future=True),
        Column("cases_audited", "int", note="Whole number, 0 or more"),
        Column("summary"),
    ), key=("audit_id",), id_column="audit_id", description="Audits"),
    Table("learning", (
        Column("learning_id", required=True),
        Column("source_id", required=True, refs=SOURCE_TABLES, note="A review_id or an audit_id"),
        Column("kind", required=True, values=LEARNING_KINDS),
        Column("text", required=True),
        Column("themes", "list", theme_list=True, note="; -list of typology keys; blank = not yet tagged"),
        Column("agencies", "list", agency=True, note="; -list of agency names"),
    ), key=("learning_id",), id_column="learning_id", description="Findings and learning points"),
    Table("recommendations", (
        Column("recommendation_id", required=True),
        Column("source_id", required=True, refs=SOURCE_TABLES, note="A review_id or an audit_id"),
        Column("text", required=True),
        Column("addressed_to", agency=True, note="Board or an agency name"),
        Column("themes", "list", theme_list=True),
    ), key=("recommendation_id",), id_column="recommendation_id", description="Recommendations"),
    Table("measures", (
        Column("measure_id", required=True),
        Column("board", required=True),
        Column("name", required=True),
        Column("unit", note="e.g. %, count, days"),
        Column("better", required=True, values=BETTER),
        Column("baseline_value", "number"),
        Column("baseline_date", "date", no_future=True),
        Column("target_value", "number"),
        Column("target_date", "date"),
        Column("source_id", refs=("reviews", "audits", "recommendations"),
               note="The review, audit or recommendation it evidences"),
        Column("themes", "list", theme_list=True),
    ), key=("measure_id",), id_column="measure_id", description="Impact measures"),
    Table("actions", (
        Column("action_id", required=True),
        Column("recommendation_id", required=True, refs=("recommendations",)),
        Column("text", required=True),
        Column("owner_agency", required=True, agency=True),
        Column("lead_role", note="A role, never a person's name (e.g. Designated Nurse)"),
        Column("start_date", "date"),
        Column("due_date", "date", required=True, note="Original due date"),
        Column("status", required=True, values=ACTION_STATUSES),
        Column("completed_date", "date", no_future=True, note="Required when status starts with Complete"),
        Column("cancelled_date", "date", no_future=True, note="Required when status is Cancelled or Superseded"),
        Column("evidence"),
        Column("measure_id", refs=("measures",)),
    ), key=("action_id",), id_column="action_id", description="The action plan"),
    Table("action_updates", (
        Column("action_id", required=True, refs=("actions",)),
        Column("reported_on", "date", required=True, no_future=True, note="Date of the return"),
        Column("status", required=True, values=ACTION_STATUSES),
        Column("rag", values=RAGS, note="Blue = complete"),
        Column("revised_due_date", "date", note="When the owner has moved the deadline"),
        Column("note"),
    ), key=("action_id", "reported_on"), description="Quarterly progress returns"),
    Table("audit_grades", (
        Column("audit_id", required=True, refs=("audits",)),
        Column("case_ref", required=True, note="Anonymised case reference"),
        Column("agency", required=True, agency=True),
        Column("domain", required=True, note="e.g. " + ", ".join(AUDIT_DOMAINS)),
        Column("grade", required=True, values=GRADES),
    ), key=("audit_id", "case_ref", "agency", "domain"),
        description="One row per case, agency and domain graded"),
    Table("measure_values", (
        Column("measure_id", required=True, refs=("measures",)),
        Column("period_end", "date", required=True, no_future=True),
        Column("value", "number", required=True),
        Column("note"),
    ), key=("measure_id", "period_end"), description="Impact measure values"),
)}

# Parents before children: the order rows are written and references resolved.
LOAD_ORDER = ("reviews", "audits", "learning", "recommendations", "measures", "actions",
              "action_updates", "audit_grades", "measure_values")
assert set(LOAD_ORDER) == set(TABLES)

# Tables whose rows are statements carrying themes (RULES.md, "Themes").
STATEMENT_TABLES = ("learning", "recommendations")


def normalise_name(name: object) -> str:
    """Sheet/column matching key: case-insensitive, trimmed, space/hyphen/underscore alike."""
    text = str(name).strip().lower()
    return re.sub(r"[\s\-_]+", "_", text)


def match_listed(value: str, values: tuple[str, ...]) -> str | None:
    """The stored spelling of a listed value, matched case-insensitively; None if unlisted."""
    wanted = value.strip().casefold()
    return next((v for v in values if v.casefold() == wanted), None)


def row_key(table: str, row: dict) -> str:
    """Text key of a row, as used by the change log, withdrawals and the CLI.

    Composite keys are joined with '|', dates as ISO: `A-1|2026-03-31`.
    """
    return "|".join(str(row[k]) for k in TABLES[table].key)
