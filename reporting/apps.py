from django.apps import AppConfig


class ReportingConfig(AppConfig):
    verbose_name = "Safeguarding reports"
    name = "reporting"
    default_auto_field = "django.db.models.BigAutoField"
