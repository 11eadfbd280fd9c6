"""Package discovery that pyproject.toml alone cannot express.

`site/` is installed as `upstander` (see pyproject's package-dir), so its
sub-packages must be listed under that name; the apps keep their own names.
Namespace discovery lists the template, static and font folders too, so
setuptools ships them as package data instead of warning about each one.
"""

from setuptools import find_namespace_packages, setup

APPS = ["content", "reporting", "themes"]
NOT_PACKAGES = ["*__pycache__*"]

packages = [
    "upstander",
    *(f"upstander.{name}" for name in find_namespace_packages("site", exclude=NOT_PACKAGES)),
]
packages += find_namespace_packages(
    include=[pattern for app in APPS for pattern in (app, f"{app}.*")], exclude=NOT_PACKAGES
)

setup(packages=packages)
