"""The README stays true: every setting documented, CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

from ccvc.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def test_every_setting_is_in_the_configuration_table() -> None:
    for name in Settings.model_fields:
        assert f"`CCVC_{name.upper()}`" in README, f"CCVC_{name.upper()} missing from README"


def test_two_commands_and_ci_runs_the_test_one() -> None:
    blocks = _bash_blocks()
    run_command, test_command = blocks[0].strip(), blocks[1].strip()
    assert run_command.endswith("ccvc up")
    assert test_command.endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci, ".ci/run must call the README's test command"


def test_persona_table_matches_the_catalogue() -> None:
    from mock_dancu.personas.catalogue import catalogue_for

    settings = Settings()
    documented = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r"^\| `([a-z0-9-]+)` \| [^|]+ \| `(\d+)` \| `([a-z_]+)`", README, re.M)
    }
    personas = catalogue_for(settings.dancu_seed, settings.dancu_population)
    assert len(documented) == len(personas)
    for persona in personas:
        person_id = persona.citizen.person_id if persona.citizen else persona.record["person_id"]
        assert documented[persona.id] == (person_id, persona.expected.verification), persona.id
