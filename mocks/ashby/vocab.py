"""The world's vocabulary in Ashby's words (rendering only: the world -> Ashby direction).

The world speaks the unified vocabulary; Ashby has its own enums (reference §4). Where
Ashby has fewer words than the world (three contact types, six social networks, five
employment types), several world values fall onto one Ashby value; those losses are the
vendor's, documented in docs/vendors/ashby.md and mirrored by the contract projection.
"""

from __future__ import annotations

from html.parser import HTMLParser

EMPLOYMENT_TYPE = {
    "FULL_TIME": "FullTime",
    "PART_TIME": "PartTime",
    "CONTRACT": "Contract",
    "INTERNSHIP": "Intern",
    "SEASONAL": "Temporary",
}
JOB_STATUS = {"OPEN": "Open", "CLOSED": "Closed", "DRAFT": "Draft", "ARCHIVED": "Archived"}
WORKPLACE_TYPE = {"ON_SITE": "OnSite", "HYBRID": "Hybrid", "REMOTE": "Remote"}  # no TEMPORARY
# Ashby compensation intervals (reference §3b) for the unified salary periods.
SALARY_INTERVAL = {
    "YEAR": "1 YEAR",
    "MONTH": "1 MONTH",
    "TWO_WEEKS": "2 WEEK",
    "WEEK": "1 WEEK",
    "DAY": "1 DAY",
    "HOUR": "1 HOUR",
}
EMAIL_TYPE = {"PERSONAL": "Personal", "WORK": "Work", "OTHER": "Other"}
PHONE_TYPE = {"MOBILE": "Personal", "HOME": "Personal", "WORK": "Work", "OTHER": "Other"}
SOCIAL_TYPE = {
    "LINKEDIN": "LinkedIn",
    "GITHUB": "GitHub",
    "TWITTER": "Twitter",
    "XING": "Website",
    "WEBSITE": "Website",
    "OTHER": "Website",
}
# Interview stage types (Ashby's stage groups) for the world's stage kinds.
STAGE_TYPE = {
    "lead": "Lead",
    "new": "PreInterviewScreen",
    "screen": "PreInterviewScreen",
    "interview": "Active",
    "offer": "Offer",
    "hired": "Hired",
    "rejected": "Archived",
}
STAGE_GROUP_TITLE = {
    "Lead": "Lead",
    "PreInterviewScreen": "Application Review",
    "Active": "Active",
    "Offer": "Offer",
    "Hired": "Hired",
    "Archived": "Archived",
}
# Hiring-team role titles (Ashby's hiringTeamRole.list names).
ROLE_TITLE = {
    "HIRING_MANAGER": "Hiring Manager",
    "RECRUITER": "Recruiter",
    "COORDINATOR": "Recruiting Coordinator",
    "SOURCER": "Sourcer",
    "INTERVIEWER": "Interviewer",
    "ADMIN": "Admin",
}
SOURCE_TYPE = {
    "job_board": "Job Board",
    "referral": "Referral",
    "agency": "Agency",
    "career_site": "Inbound",
    "sourced": "Sourced",
    "other": "Other",
}
# (offerStatus, acceptanceStatus) for the unified offer statuses.
OFFER_STATUS = {
    "DRAFT": ("WaitingOnApprovalStart", "Created"),
    "APPROVED": ("WaitingOnCandidateResponse", "Pending"),
    "SENT": ("WaitingOnCandidateResponse", "WaitingOnResponse"),
    "ACCEPTED": ("CandidateAccepted", "Accepted"),
    "DECLINED": ("CandidateRejected", "Declined"),
    "ABANDONED": ("OfferCancelled", "Cancelled"),
}
CUSTOM_FIELD_TYPE = {"text": "String", "number": "Number", "boolean": "Boolean", "date": "Date", "select": "ValueSelect"}
CUSTOM_FIELD_OBJECT = {"job": "Job", "candidate": "Candidate", "application": "Application", "offer": "Offer"}
# Application-form field types for the world's question formats (TEXT by display type).
QUESTION_FIELD_TYPE = {
    "NUMBER": "Number",
    "FILE": "File",
    "SINGLE_SELECT": "ValueSelect",
    "MULTI_SELECT": "MultiValueSelect",
    "BOOLEAN": "Boolean",
    "DATE": "Date",
}
TEXT_FIELD_TYPE = {"MULTI_LINE": "LongText", "EMAIL": "Email"}  # SINGLE_LINE, URL: "String"
SURVEY_TYPE = {"EEO": "EEOC", "DEMOGRAPHIC": "Diversity"}
# English short names for the countries a world draws from; locations carry country names.
COUNTRY_NAME = {
    "DE": "Germany",
    "FR": "France",
    "GB": "United Kingdom",
    "US": "United States",
    "ES": "Spain",
    "NL": "Netherlands",
    "IT": "Italy",
    "CN": "China",
    "JP": "Japan",
    "AT": "Austria",
    "CH": "Switzerland",
    "BE": "Belgium",
    "IE": "Ireland",
    "PL": "Poland",
    "PT": "Portugal",
}


def global_role(roles: list[str]) -> str:
    if "ADMIN" in roles:
        return "Organization Admin"
    if roles and set(roles) <= {"INTERVIEWER"}:
        return "Limited Access"
    return "Elevated Access"


def question_field_type(fmt_type: str, display_type: str | None) -> str:
    if fmt_type == "TEXT":
        return TEXT_FIELD_TYPE.get(display_type or "", "String")
    return QUESTION_FIELD_TYPE[fmt_type]


def country_name(code: str | None) -> str | None:
    if code is None:
        return None
    return COUNTRY_NAME.get(code, code)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br", "li", "h1", "h2", "h3", "h4", "ul", "ol", "div"):
            self.parts.append("\n")


def plain_text(html: str | None) -> str:
    """Ashby's descriptionPlain: the HTML's text, whitespace collapsed per line."""
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)
