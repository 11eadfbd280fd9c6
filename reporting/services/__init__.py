"""Write paths for reports and cases, one module per area:

- submission: the public report flow and the reporter's follow-up (report_submit, …)
- cases: triage by safeguarding leads (case_transition, case_assign, message_send, …)
- anonymous_concerns: cases from elsewhere, such as a survey answer that shows danger

Each function is keyword-only, atomic, and writes its chronology event and audit entry.
"""
