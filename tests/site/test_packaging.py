"""The lock file the README's commands install from covers every declared dependency."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", line)
        if match:
            pins[_normalised(match.group(1))] = match.group(2)
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [Requirement(text) for text in project["dependencies"]]
    for extra in ("test", "postgres", "s3"):
        declared += [Requirement(text) for text in project["optional-dependencies"][extra]]
    return declared


def test_every_declared_dependency_is_locked_at_a_version_it_allows():
    locked = _locked()
    assert len(locked) > 50, "the lock file should pin the whole dependency tree"
    for requirement in _declared():
        name = _normalised(requirement.name)
        assert name in locked, f"{name} is not in requirements/lock.txt: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{name}=={locked[name]} in the lock does not satisfy {requirement}: run `make lock`"
        )


def test_every_locked_package_is_pinned_with_hashes():
    text = (ROOT / "requirements" / "lock.txt").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.strip())
    for block in blocks:
        if block.startswith("#"):
            continue
        assert "==" in block.splitlines()[0], block.splitlines()[0]
        assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"
