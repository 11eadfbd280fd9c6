from django.apps import AppConfig


class UpstanderConfig(AppConfig):
    """The project package as an app, only so it can connect cross-cutting signals."""

    name = "upstander"
    label = "upstander"

    def ready(self):
        from . import metrics, signals  # noqa: F401

        metrics.connect_signals()
