"""The lead's panel on the Wagtail admin's home page: what needs them today.

Urgent cases nobody has acknowledged, new cases, their own tasks due today or
earlier, and every overdue task in their schools: four counts, each a link,
read in a few aggregate queries. Nothing of any case's content is shown.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..choices import Risk, Status
from ..models import CaseTask
from ..roles import is_safeguarding_lead
from ..selectors import cases_visible_to


class SafeguardingSummaryPanel(Component):
    name = "safeguarding_summary"
    template_name = "reporting/admin/home_panel.html"
    order = 10

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        cases = cases_visible_to(user=self.user)
        counts = cases.exclude(status=Status.CLOSED).aggregate(
            urgent=Count("pk", filter=Q(risk=Risk.URGENT, acknowledged_at__isnull=True)),
            new=Count("pk", filter=Q(status=Status.NEW)),
        )
        now = timezone.now()
        end_of_today = timezone.make_aware(
            datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min)
        )
        open_tasks = CaseTask.objects.filter(case__in=cases, completed_at__isnull=True)
        tasks = open_tasks.aggregate(
            mine_due=Count("pk", filter=Q(assignee=self.user, due_at__lt=end_of_today)),
            overdue=Count("pk", filter=Q(due_at__lte=now)),
        )
        queue = reverse("reporting_triage:queue")
        return {
            "rows": [
                ("Urgent, not yet acknowledged", counts["urgent"], f"{queue}?risk=urgent"),
                ("New cases", counts["new"], f"{queue}?status=new"),
                ("My tasks due today or earlier", tasks["mine_due"], queue),
                ("Overdue tasks in my schools", tasks["overdue"], queue),
            ]
        }


def summary_panel_for(request):
    if is_safeguarding_lead(request.user):
        return SafeguardingSummaryPanel(request.user)
    return None
