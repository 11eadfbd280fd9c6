"""The fixed vocabularies of reports and cases, in words staff and pupils understand."""

from django.db import models


class ReporterRole(models.TextChoices):
    ME = "me", "It's happening to me"
    SOMEONE_ELSE = "someone_else", "It's happening to someone else"
    PARENT = "parent", "I'm a parent or carer"
    STAFF = "staff", "I work at the school"


class Category(models.TextChoices):
    NASTY_MESSAGES = "nasty_messages", "Nasty messages or texts"
    PICTURES_VIDEOS = "pictures_videos", "Nasty pictures or videos"
    CALLS = "calls", "Nasty or silent phone calls"
    CHAT_SOCIAL_GAMING = "chat_social_gaming", "Bullying in chats, social media or games"
    IMPERSONATION = "impersonation", "Someone pretending to be someone else"
    PRIVATE_THINGS = "private_things", "Sharing someone's private things"
    LEFT_OUT = "left_out", "Leaving someone out on purpose"
    HATE_GROUPS = "hate_groups", "Hate pages or groups"
    THREATS = "threats", "Threats to hurt someone"
    SEXUAL_IMAGE = "sexual_image", "A nude or sexual picture"
    SELF_HARM = "self_harm", "Worried someone might hurt themselves"
    OTHER = "other", "Something else"


class Platform(models.TextChoices):
    SNAPCHAT = "snapchat", "Snapchat"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    YOUTUBE = "youtube", "YouTube"
    ROBLOX = "roblox", "Roblox"
    FORTNITE = "fortnite", "Fortnite"
    MINECRAFT = "minecraft", "Minecraft"
    DISCORD = "discord", "Discord"
    FACEBOOK = "facebook", "Facebook or Messenger"
    X = "x", "X (Twitter)"
    TEXT_CALLS = "text_calls", "Texts or phone calls"
    GAMING_OTHER = "gaming_other", "Another game"
    OTHER = "other", "Somewhere else"
    NOT_SURE = "not_sure", "I'm not sure"


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
    REMINDER = "reminder", "Leads reminded: urgent case not yet acknowledged"


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
