"""A model field whose value is encrypted before it reaches the database.

In Python the value is plain text; in the database it is AES-GCM ciphertext
(see reporting.crypto). It cannot be searched or filtered server-side, which
is the point: a database dump reveals nothing a pupil wrote.
"""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_text(str(value))

    def get_lookup(self, lookup_name):
        # Ciphertext is randomised: only null checks mean anything.
        if lookup_name not in {"isnull"}:
            return None
        return super().get_lookup(lookup_name)
