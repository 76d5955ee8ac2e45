"""The kinds of Ashby documents in the store (one per Ashby object the mock keeps)."""

from __future__ import annotations

USER = "user"
DEPARTMENT = "department"
LOCATION = "location"
ARCHIVE_REASON = "archiveReason"
CANDIDATE_TAG = "candidateTag"
SOURCE = "source"
CUSTOM_FIELD = "customField"
FORM_FIELD = "formField"  # a question's field definition, shared by the forms that ask it
SURVEY_FORM = "surveyFormDefinition"
INTERVIEW_PLAN = "interviewPlan"
INTERVIEW_STAGE = "interviewStage"  # parent: its interview plan
JOB = "job"
JOB_POSTING = "jobPosting"  # parent: its job
CANDIDATE = "candidate"
FILE = "file"  # parent: its candidate
APPLICATION = "application"  # parent: its candidate
FORM_SUBMISSION = "applicationFormSubmission"  # parent: its application
SURVEY_SUBMISSION = "surveySubmission"  # parent: its application
INTERVIEW = "interview"  # an interview definition
INTERVIEW_SCHEDULE = "interviewSchedule"  # parent: its application
OFFER = "offer"  # parent: its application
NOTE = "note"  # parent: its candidate
WEBHOOK = "webhook"
ASSESSMENT = "assessment"  # completed assessments (result links); parent: the candidate
