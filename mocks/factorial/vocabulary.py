"""Factorial's own words for the world's unified vocabulary, one table per concept.

Render uses these tables to write the world in Factorial's terms; nothing else should
translate world values. Where Factorial has no word for a world value the table says what
a Factorial account would hold instead, and docs/vendors/factorial.md lists those choices.
"""

from __future__ import annotations

# Employment type -> (contract_type, schedule_type). Factorial splits what the unified
# model calls employment type into a contract type and a full/part-time schedule.
EMPLOYMENT: dict[str, tuple[str, str | None]] = {
    "FULL_TIME": ("indefinite", "full_time"),
    "PART_TIME": ("indefinite", "part_time"),
    "CONTRACT": ("freelance", "full_time"),
    "SEASONAL": ("temporary", "full_time"),
    "INTERNSHIP": ("intern", "full_time"),
}

# Workplace. Factorial has no "temporarily remote": such a job is posted as remote.
WORKPLACE: dict[str, str] = {
    "ON_SITE": "onsite",
    "HYBRID": "hybrid",
    "REMOTE": "remote",
    "TEMPORARY": "remote",
}

# Salary period. Factorial knows annual, monthly and daily pay only; a job paid per hour,
# week or fortnight is posted without a salary (Factorial's default period is annual).
SALARY_PERIOD: dict[str, str] = {"YEAR": "annual", "MONTH": "monthly", "DAY": "daily"}
DEFAULT_SALARY_PERIOD = "annual"

# Job posting status from the job's status and visibility. Factorial postings are career
# site postings: published (public) or unlisted (reachable by link only); it has no
# internal-only posting, so internal and confidential open jobs are unlisted ones.
OPEN_STATUS: dict[str, str] = {
    "PUBLIC": "published",
    "UNLISTED": "unlisted",
    "INTERNAL": "unlisted",
    "CONFIDENTIAL": "unlisted",
}
STATUS: dict[str, str] = {"DRAFT": "draft", "CLOSED": "cancelled", "ARCHIVED": "archived"}

# Job category: Factorial's fixed enum; the world's free categories map by meaning.
CATEGORY: dict[str, str] = {
    "Software Development": "engineering",
    "Sales & Business Development": "sales",
    "IT & Infrastructure": "it",
    "Human Resources": "hr",
    "Marketing & Communication": "marketing_and_communication",
    "Product Management": "management_and_consulting",
    "Finance & Accounting": "finance",
    "Customer Service": "service_industry_and_manufacturing",
    "Design & UX": "design_and_architecture",
    "Operations & Logistics": "administration_and_secretariat",
    "Legal": "legal",
    "Data & Analytics": "sciences_and_research",
}

# The six company-wide hiring stages, in pipeline order (id = position + 1).
HIRING_STAGES: tuple[tuple[str, str], ...] = (
    ("new", "New"),
    ("screening", "Screening"),
    ("interview", "Interview"),
    ("assessment", "Assessment"),
    ("offer", "Offer"),
    ("hired", "Hired"),
)

# World stage kind -> (phase_type, hiring stage name). A lead (sourced, not yet applied)
# phase is a normal phase in the "new" stage; Factorial has no rejected phase (rejection is
# qualified=false), so stages of kind "rejected" are not rendered.
PHASE: dict[str, tuple[str, str]] = {
    "lead": ("normal", "new"),
    "new": ("initial", "new"),
    "screen": ("screening", "screening"),
    "interview": ("interview", "interview"),
    "offer": ("offer", "offer"),
    "hired": ("hired", "hired"),
}

# Question format -> Factorial question_type. Factorial asks text, long text, single and
# multiple choice and file questions; numbers and dates are asked as text, yes/no
# questions as a single choice between YES and NO.
QUESTION_TYPE: dict[str, str] = {
    "TEXT": "text",
    "NUMBER": "text",
    "DATE": "text",
    "FILE": "file",
    "SINGLE_SELECT": "single_choice",
    "BOOLEAN": "single_choice",
    "MULTI_SELECT": "multiple_choice",
}
LONG_TEXT_DISPLAY = "MULTI_LINE"  # TEXT questions shown as a text area are long_text
YES, NO = "Yes", "No"
# How a multiple-choice answer's chosen options are joined in the answer's string value.
MULTIPLE_CHOICE_SEPARATOR = ", "

# Candidate source kind -> Factorial source category.
SOURCE_CATEGORY: dict[str, str] = {
    "job_board": "job_board",
    "referral": "referral",
    "agency": "agency_or_external_recruiter",
    "career_site": "organic",
    "sourced": "manually_added",
    "other": "event",
}

GENDER: dict[str, str] = {"MALE": "male", "FEMALE": "female", "OTHER": "other"}

# Custom field type -> Factorial field_type, and which value column holds it.
CUSTOM_FIELD_TYPE: dict[str, str] = {
    "text": "text",
    "number": "cents",
    "boolean": "checkbox",
    "date": "date",
    "select": "single_choice",
}
# Which custom-field values belong to which record (custom_fields/values.valuable_type).
# Only job postings and candidates: nothing on Factorial's page reads application values.
VALUABLE_TYPE: dict[str, str] = {
    "job": "Ats::JobPosting",
    "candidate": "Ats::Candidate",
}
