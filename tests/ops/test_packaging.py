"""What `pip install .` brings is enough for every setting README documents."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_redis_url_has_its_client_as_an_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = project["optional-dependencies"]["redis"]
    assert any(requirement.split(">")[0].strip() == "redis" for requirement in extra)
    assert "crisisguide[redis]" in (ROOT / "README.md").read_text()
