"""Every public page type is valid HTML, as the W3C Nu HTML Checker reads it.

The checker is the `vnu-jar` npm package, installed by scripts/ensure-vnu (which
`make test` runs) and run with the machine's Java. Pages come from the test
builders (one of each type, as the query-count test makes them) and the views that
are not pages: the report form, the follow-up sign-in, "Cover your tracks", search
and "not found". Any error fails the test, with the page, line and message.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .test_query_counts import every_page_type  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
VNU_JAR = REPO / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
NOT_PAGES = {
    "report form": "/report/",
    "follow-up sign-in": "/report/follow-up/",
    "how anonymous": "/report/how-anonymous/",
    "cover your tracks": "/cover-your-tracks/",
    "search, empty": "/search/",
    "not found": "/no-such-page/",
}


def vnu_errors(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("The HTML validity check needs Java 17 or later (apt-get install default-jre)")
    assert VNU_JAR.is_file(), (
        f"The Nu HTML Checker is missing: run ./scripts/ensure-vnu ({VNU_JAR})"
    )
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    # The checker writes its JSON report on standard error.
    messages = json.loads(result.stderr)["messages"]
    return [
        message for message in messages if message.get("type") in ("error", "non-document-error")
    ]


def test_every_public_page_type_is_valid_html(client, every_page_type, tmp_path):  # noqa: F811
    urls = {**every_page_type, **NOT_PAGES}
    files = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name.replace(' ', '-').replace(',', '')}.html"
        path.write_bytes(response.content)
        files[path.name] = name

    errors = vnu_errors(list(tmp_path.glob("*.html")))

    assert [
        f"{files.get(error.get('url', '').rsplit('/', 1)[-1], error.get('url'))}:{error.get('lastLine')}: "
        f"{error['message']} [{error.get('extract', '').strip()}]"
        for error in errors
    ] == []
