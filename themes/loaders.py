"""Template loader for theme folders: ``themes/<slug>/<name>`` is read from
``themes/catalogue/<slug>/templates/<name>``.

Theme templates are chosen *by name* (see themes.resolution), never by changing
template directories per request: with DEBUG off Django's cached template loader
keys templates by name only, so per-request directories would serve whichever
school's theme was loaded first. Wrap this loader in the cached loader like the
others; a name it does not know falls through to the next loader, and a theme
without an override of a name falls back to the shared template through
``select_template``.
"""

from django.core.exceptions import SuspiciousFileOperation
from django.template import Origin
from django.template.loaders.filesystem import Loader as FilesystemLoader
from django.utils._os import safe_join

from .registry import all_themes


class ThemeFolderLoader(FilesystemLoader):
    prefix = "themes/"

    def get_dirs(self):
        # Listed so that runserver's autoreloader watches theme templates too.
        return [theme.templates_dir for theme in all_themes().values()]

    def get_template_sources(self, template_name):
        if not template_name.startswith(self.prefix):
            return
        slug, _, name = template_name[len(self.prefix) :].partition("/")
        theme = all_themes().get(slug)
        if theme is None or not name:
            return
        try:
            path = safe_join(theme.templates_dir, name)
        except SuspiciousFileOperation:
            # "themes/primary/../../settings.py" and the like: not a theme template.
            return
        yield Origin(name=path, template_name=template_name, loader=self)
