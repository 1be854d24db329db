"""`.env.example` lists every environment variable the settings read (and nothing they do not)."""

from __future__ import annotations

import re

from django.conf import settings

READ = re.compile(r"env\.(?:str|bool|int|float|list|dict|url|db_url|path|json)\(\s*\"([A-Z0-9_]+)\"")
LISTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def test_env_example_lists_every_variable_the_settings_read() -> None:
    read = set(READ.findall((settings.BASE_DIR / "config" / "settings.py").read_text()))
    listed = set(LISTED.findall((settings.BASE_DIR / ".env.example").read_text()))

    assert read, 'no env.<type>("NAME") calls found: has settings.py stopped using django-environ?'
    assert sorted(read - listed) == [], "add these to .env.example"
    assert sorted(listed - read) == [], "settings.py no longer reads these"
