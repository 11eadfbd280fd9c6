"""Compile every locale/<lang>/LC_MESSAGES/*.po into the .mo that Django reads.

Run by `make install`. The same as `manage.py compilemessages`, without GNU gettext's
msgfmt, which a fresh machine may not have: polib (pinned in the lock file) writes
the same files. The .po files are committed; the .mo files are built, never committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        # Fuzzy entries are guesses gettext leaves out; so does this.
        for entry in catalogue.fuzzy_entries():
            entry.msgstr = ""
            entry.msgstr_plural = {}
        mo_path = po_path.with_suffix(".mo")
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
    sys.exit(0)
