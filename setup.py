"""Package discovery that pyproject.toml alone cannot express.

`site/` is installed as `upstander` (see pyproject's package-dir), so its
sub-packages must be listed under that name; the apps keep their own names.
"""

from setuptools import find_packages, setup

APPS = ["content", "reporting", "themes"]

packages = ["upstander", *(f"upstander.{name}" for name in find_packages("site"))]
packages += find_packages(include=[pattern for app in APPS for pattern in (app, f"{app}.*")])

setup(packages=packages)
