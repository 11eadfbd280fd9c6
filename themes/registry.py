"""The themes a school can choose, discovered from the folders in themes/catalogue/.

Each theme is one folder, ``themes/catalogue/<slug>/``, holding:

- ``theme.toml``: its label and description for the admin's site settings;
- ``static/``: its assets, served as ``themes/<slug>/...`` (see STATICFILES_DIRS);
  every theme has a ``static/theme.css`` loaded after the shared stylesheet;
- ``templates/`` (optional): overrides of shared templates, found under the name
  ``themes/<slug>/<shared name>`` by ``themes.loaders.ThemeFolderLoader``.

Shared templates and assets stay in ``themes/templates`` and ``themes/static``; a
theme carries only what differs. Adding a theme is adding a folder: no code, no
migration (the settings field takes its choices from this registry).
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
DEFAULT_THEME = "secondary"


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str
    description: str
    folder: Path

    @property
    def stylesheet(self) -> str:
        """The theme's stylesheet, as a static file path for `{% static %}`."""
        return f"themes/{self.slug}/theme.css"

    @property
    def templates_dir(self) -> Path:
        return self.folder / "templates"

    @property
    def static_dir(self) -> Path:
        return self.folder / "static"

    def __str__(self) -> str:
        # Templates written `{{ theme }}` or `data-theme="{{ theme }}"` get the slug.
        return self.slug


@cache
def all_themes() -> dict[str, Theme]:
    """Every theme folder with a theme.toml, by slug, in name order."""
    themes = {}
    for folder in sorted(CATALOGUE_DIR.iterdir()):
        manifest = folder / "theme.toml"
        if not manifest.is_file():
            continue
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        themes[folder.name] = Theme(
            slug=folder.name,
            label=data.get("label", folder.name.title()),
            description=data.get("description", ""),
            folder=folder,
        )
    return themes


def get_theme(slug: str | None) -> Theme:
    """The theme with this slug, or the default one if it no longer exists
    (a folder removed after a school chose it must not break the school's site)."""
    themes = all_themes()
    return themes.get(slug or DEFAULT_THEME) or themes[DEFAULT_THEME]


def theme_choices() -> list[tuple[str, str]]:
    """Choices for the site settings form (a callable, so new folders need no migration)."""
    return [(theme.slug, theme.label) for theme in all_themes().values()]
