"""The fixed vocabularies of reports and cases, in words staff and pupils understand."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReporterRole(models.TextChoices):
    ME = "me", _("It's happening to me")
    SOMEONE_ELSE = "someone_else", _("It's happening to someone else")
    PARENT = "parent", _("I'm a parent or carer")
    STAFF = "staff", _("I work at the school")


class Category(models.TextChoices):
    NASTY_MESSAGES = "nasty_messages", _("Nasty messages or texts")
    PICTURES_VIDEOS = "pictures_videos", _("Nasty pictures or videos")
    CALLS = "calls", _("Nasty or silent phone calls")
    CHAT_SOCIAL_GAMING = "chat_social_gaming", _("Bullying in chats, social media or games")
    IMPERSONATION = "impersonation", _("Someone pretending to be someone else")
    PRIVATE_THINGS = "private_things", _("Sharing someone's private things")
    LEFT_OUT = "left_out", _("Leaving someone out on purpose")
    HATE_GROUPS = "hate_groups", _("Hate pages or groups")
    THREATS = "threats", _("Threats to hurt someone")
    SEXUAL_IMAGE = "sexual_image", _("A nude or sexual picture")
    SELF_HARM = "self_harm", _("Worried someone might hurt themselves")
    OTHER = "other", _("Something else")


class PrejudiceType(models.TextChoices):
    """Prejudice-related bullying, as schools record it (DfE's categories), comparable across a trust."""

    RACIST = "racist", "Racist"
    SEXIST = "sexist", "Sexist or sexual"
    HOMOPHOBIC = "homophobic", "Homophobic"
    BIPHOBIC = "biphobic", "Biphobic"
    TRANSPHOBIC = "transphobic", "Transphobic"
    DISABILITY = "disability", "Disability-related"
    FAITH = "faith", "Faith or belief"


class Platform(models.TextChoices):
    SNAPCHAT = "snapchat", _("Snapchat")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    WHATSAPP = "whatsapp", _("WhatsApp")
    YOUTUBE = "youtube", _("YouTube")
    ROBLOX = "roblox", _("Roblox")
    FORTNITE = "fortnite", _("Fortnite")
    MINECRAFT = "minecraft", _("Minecraft")
    DISCORD = "discord", _("Discord")
    FACEBOOK = "facebook", _("Facebook or Messenger")
    X = "x", _("X (Twitter)")
    TEXT_CALLS = "text_calls", _("Texts or phone calls")
    GAMING_OTHER = "gaming_other", _("Another game")
    OTHER = "other", _("Somewhere else")
    NOT_SURE = "not_sure", _("I'm not sure")


class Risk(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# Sort order for the triage queue: most serious first.
RISK_ORDER = {Risk.URGENT: 0, Risk.HIGH: 1, Risk.MEDIUM: 2, Risk.LOW: 3}


class Status(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    IN_PROGRESS = "in_progress", "Action in progress"
    CLOSED = "closed", "Closed"


class Source(models.TextChoices):
    ANONYMOUS_REPORT = "anonymous_report", "Report through the website"
    STAFF_LOGGED = "staff_logged", "Logged by staff (disclosure or named concern)"
    MENTOR_CONCERN = "mentor_concern", "Concern raised by a peer mentor"
    SURVEY_ANSWER = "survey_answer", "A pupil's anonymous survey answer"
    TRANSFER_IN = "transfer_in", "Child-protection file from the pupil's previous school"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved in school"
    SUPPORT_ONGOING = "support_ongoing", "Resolved, support continuing"
    REFERRED = "referred", "Referred to another agency"
    CHILD_PROTECTION = "child_protection", "Child-protection record"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SPAM = "spam", "Spam or not a genuine report"
    DUPLICATE = "duplicate", "Duplicate of another case"


class EventKind(models.TextChoices):
    REPORT = "report", "Report received"
    REPORTER_ADDITION = "reporter_addition", "Reporter added information"
    MESSAGE_TO_REPORTER = "message_to_reporter", "Message to the reporter"
    MESSAGE_FROM_REPORTER = "message_from_reporter", "Message from the reporter"
    INTERNAL_NOTE = "internal_note", "Internal note"
    STATUS_CHANGE = "status_change", "Status changed"
    RISK_CHANGE = "risk_change", "Risk changed"
    ASSIGNMENT = "assignment", "Assigned"
    ACTION = "action", "Action taken"
    ESCALATION = "escalation", "Escalated"
    PERSON = "person", "Person involved recorded"
    EVIDENCE = "evidence", "Evidence added"
    LEGAL_HOLD = "legal_hold", "Legal hold changed"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by a lead"
    CATEGORIES = "categories", "Categories recorded"
    TASK_ADDED = "task_added", "Task added"
    TASK_DONE = "task_done", "Task done"
    LINKED = "linked", "Linked to another case"
    MERGED = "merged", "Duplicate merged"
    REMINDER = "reminder", "Leads reminded: urgent case not yet acknowledged"
    ALERT_SENT = "alert_sent", "Safeguarding team alerted"
    TASK_REMINDER = "task_reminder", "Reminded: a task is due"
    PUPIL_LINKED = "pupil_linked", "Linked to a pupil's record"
    TRANSFER_SENT = "transfer_sent", "Child-protection file sent to a new school"
    TRANSFER_RECEIVED = "transfer_received", "Child-protection file receipt confirmed"
    TRANSFER_REMINDER = "transfer_reminder", "Leads reminded: file transfer not yet confirmed"


class ActionType(models.TextChoices):
    SUPPORT_OFFERED = "support_offered", "Support offered"
    PARENTS_CONTACTED = "parents_contacted", "Parents or carers contacted"
    SANCTION = "sanction", "Sanction applied"
    REMOVAL_REQUESTED = "removal_requested", "Content removal requested from a platform"
    RESTORATIVE = "restorative", "Restorative work"
    MONITORING = "monitoring", "Monitoring"
    OTHER = "other", "Other action"


class Agency(models.TextChoices):
    EMERGENCY_999 = "999", "999 emergency services"
    POLICE_101 = "police_101", "Police (101)"
    CEOP = "ceop", "CEOP (National Crime Agency)"
    SOCIAL_CARE = "social_care", "Children's social care / MASH"
    LADO = "lado", "LADO (allegation about staff)"
    CHILDLINE_IWF = "childline_iwf", "Childline / IWF Report Remove"
    OTHER = "other", "Other agency"


class PersonRole(models.TextChoices):
    TARGET = "target", "Target"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    WITNESS = "witness", "Witness"
    REPORTER = "reporter", "Reporter"


class AuditAction(models.TextChoices):
    VIEW_CASE = "view_case", "Viewed case"
    VIEW_EVIDENCE = "view_evidence", "Viewed evidence"
    DOWNLOAD_EVIDENCE = "download_evidence", "Downloaded evidence"
    EXPORT = "export", "Exported"
    CHANGE = "change", "Changed"
    CREATE = "create", "Created"
    PURGE = "purge", "Purged by retention"
    VIEW_QUEUE = "view_queue", "Viewed queue"
    VIEW_DASHBOARD = "view_dashboard", "Viewed dashboard"
    LOGIN_LOCKOUT = "login_lockout", "Login locked out"
    VIEW_PUPIL = "view_pupil", "Viewed a pupil's file"
    SEARCH_PUPILS = "search_pupils", "Searched pupils"
    IMPORT_PUPILS = "import_pupils", "Imported pupils"
    TRANSFER = "transfer", "Child-protection file transfer"
    APPOINT = "appoint", "Appointed to the safeguarding team"
    REMOVE_MEMBER = "remove_member", "Removed from the safeguarding team"
    GRANT_EVIDENCE = "grant_evidence", "Let a colleague see the evidence"
    REVOKE_EVIDENCE = "revoke_evidence", "Stopped a colleague seeing the evidence"
    CREATE_SCHOOL = "create_school", "Set up a school"


class TeamRole(models.TextChoices):
    """A person's place in a school's safeguarding team.

    The order of the first three is the escalation order for urgent cases:
    the designated lead(s) first, then deputies, then the out-of-hours contact.
    """

    DSL = "dsl", "Designated safeguarding lead"
    DEPUTY = "deputy", "Deputy designated safeguarding lead"
    OUT_OF_HOURS = "out_of_hours", "Out-of-hours contact"
    PASTORAL = "pastoral", "Pastoral staff (assigned cases only)"
    GOVERNOR = "governor", "Governor or trust overview (figures only)"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will retry"
    GAVE_UP = "gave_up", "Failed, retries used up"


# The order in which an unacknowledged urgent case reaches the team.
ESCALATION_ORDER = (TeamRole.DSL, TeamRole.DEPUTY, TeamRole.OUT_OF_HOURS)


class AlertChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message (SMS)"
    WEBHOOK = "webhook", "Microsoft Teams or Slack"


class YearGroup(models.IntegerChoices):
    """School years in England (Reception to Year 13), as MIS exports and the report form use."""

    RECEPTION = 0, "Reception"
    YEAR_1 = 1, "Year 1"
    YEAR_2 = 2, "Year 2"
    YEAR_3 = 3, "Year 3"
    YEAR_4 = 4, "Year 4"
    YEAR_5 = 5, "Year 5"
    YEAR_6 = 6, "Year 6"
    YEAR_7 = 7, "Year 7"
    YEAR_8 = 8, "Year 8"
    YEAR_9 = 9, "Year 9"
    YEAR_10 = 10, "Year 10"
    YEAR_11 = 11, "Year 11"
    YEAR_12 = 12, "Year 12"
    YEAR_13 = 13, "Year 13"


class TransferStatus(models.TextChoices):
    SENT = "sent", "Sent, receipt not yet confirmed"
    RECEIVED = "received", "Received and imported by the new school"
    DOWNLOADED = "downloaded", "Downloaded for a school on another system"


class CaseAction(models.TextChoices):
    """What someone may do to one case; asked of reporting.permissions.case_policy."""

    VIEW = "view", "Open the case"
    ACKNOWLEDGE = "acknowledge", "Acknowledge it"
    NOTE = "note", "Add an internal note"
    MESSAGE = "message", "Message the reporter"
    RECORD_ACTION = "record_action", "Record an action"
    ESCALATE = "escalate", "Record an escalation"
    CHANGE_STATUS = "change_status", "Change its status"
    CHANGE_RISK = "change_risk", "Set its risk"
    ASSIGN = "assign", "Assign it"
    RECORD_PERSON = "record_person", "Record or confirm a person involved"
    VIEW_EVIDENCE = "view_evidence", "See its evidence"
    GRANT_EVIDENCE = "grant_evidence", "Let a pastoral colleague see its evidence"
    CATEGORISE = "categorise", "Record its categories"
    ADD_TASK = "add_task", "Add a task"
    LINK = "link", "Link or merge it with another case"
    EXPORT = "export", "Export its case file"
    LEGAL_HOLD = "legal_hold", "Put it on legal hold"


class SchoolAction(models.TextChoices):
    """What someone may do for a whole school; asked of reporting.permissions.case_policy."""

    VIEW_QUEUE = "view_queue", "Open the queue"
    LOG_CASE = "log_case", "Log a case"
    RECEIVE_ALERTS = "receive_alerts", "Receive alerts of new reports"
    VIEW_DASHBOARD = "view_dashboard", "See the figures"
    EXPORT_INCIDENT_LOG = "export_incident_log", "Download the incident log"
    VIEW_AUDIT = "view_audit", "Read the audit log"
    VIEW_NOTIFICATIONS = "view_notifications", "See the alerts sent"
    MANAGE_TEAM = "manage_team", "Appoint and remove the safeguarding team"
    MANAGE_RECORDS = "manage_records", "Keep pupils' records and the school's case categories"
