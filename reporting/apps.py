from django.apps import AppConfig


class ReportingConfig(AppConfig):
    verbose_name = "Safeguarding reports"
    name = "reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Before this process takes a request: make the upload spool private, and
        # remove what a worker killed mid-upload left there (the raw photo).
        import logging

        from .evidence.spool import spool_ready, spool_sweep

        try:
            spool_ready()
            spool_sweep()
        except OSError as error:
            # A read-only build step (collectstatic) must still run; uploads will
            # then fail with a kind message, and the health check says why.
            logging.getLogger(__name__).error(
                "The upload spool could not be prepared: %s", type(error).__name__
            )
