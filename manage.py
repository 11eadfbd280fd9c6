#!/usr/bin/env python
"""Django's command-line utility.

The production profile unless told otherwise: the worker, backups and every
command on a school's server must never run with DEBUG on because nobody set a
variable. Development is an explicit choice (`make run` sets
DJANGO_SETTINGS_MODULE=upstander.settings.dev).
"""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
