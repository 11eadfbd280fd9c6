"""Settings for processes a fault test starts: the test profile, with alerts written to files.

The test process reads the files to count every alert a worker in another
process delivered.
"""

import os

from upstander.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["FAULT_MAIL_DIR"]
