"""Template filters for reporting.labels: `{{ case.created_at|when }}`, `{{ user|staff_name }}`."""

from django import template

from .. import labels

register = template.Library()

register.filter("when", labels.when)
register.filter("staff_name", labels.staff_name)
