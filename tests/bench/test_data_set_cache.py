"""The built bench data set is reused only while what built it is unchanged."""

import importlib

driver = importlib.import_module("bench.__main__")


def _tree(root, builder="BUILD = 1\n", migration="# 0001\n"):
    (root / "bench").mkdir(exist_ok=True)
    (root / "bench" / "dataset.py").write_text(builder)
    (root / "content" / "migrations").mkdir(parents=True, exist_ok=True)
    (root / "content" / "migrations" / "0001_initial.py").write_text(migration)


def test_the_key_changes_with_the_builder_its_migrations_the_profile_and_the_sizes(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(driver, "ROOT", tmp_path)
    _tree(tmp_path)
    key = driver.data_set_key("sqlite", 2000, 20000)
    assert driver.data_set_key("sqlite", 2000, 20000) == key
    assert driver.data_set_key("postgres", 2000, 20000) != key
    assert driver.data_set_key("sqlite", 200, 20000) != key
    _tree(tmp_path, builder="BUILD = 2\n")
    assert driver.data_set_key("sqlite", 2000, 20000) != key
    _tree(tmp_path, migration="# 0001, changed\n")
    assert driver.data_set_key("sqlite", 2000, 20000) != key
