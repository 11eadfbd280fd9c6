"""Django leaves the last request's language active in the thread: put English back."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    translation.activate(settings.LANGUAGE_CODE)
