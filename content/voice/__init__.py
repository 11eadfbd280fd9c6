"""Pupil voice (anonymous surveys and polls) and mentor recognition (badges, certificates).

models.py holds their models, which stay in the `content` app (content.models re-exports
them); services.py and recognition.py the rules; views.py, urls.py and hooks.py the
public answer endpoint and the staff screens. Nothing is imported here, so importing
the models does not pull in the services.
"""
