"""docker-compose.yml: `docker compose config` where the plugin exists; everywhere, a
parse of the file that checks what the deployment promises."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SERVICES = {
    "nginx",
    "nginx-local",
    "rasa",
    "action-server",
    "dossier-service",
    "console",
    "postgres",
    "redis",
}
PUBLISHED = {"nginx", "nginx-local"}
PINNED = re.compile(r"^[a-z0-9./-]+:\d+(\.\d+)+(-[a-z0-9.-]+)?$")


def duration(value: str) -> int:
    """Seconds of a compose duration such as 300s, 5m, 1m30s."""
    total = 0
    for number, unit in re.findall(r"(\d+)([hms])", value):
        total += int(number) * {"h": 3600, "m": 60, "s": 1}[unit]
    return total


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _has_compose_plugin() -> bool:
    docker = shutil.which("docker")
    if not docker:
        return False
    done = subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30)
    return done.returncode == 0


def test_docker_compose_config_accepts_the_file_where_the_plugin_exists(tmp_path):
    if not _has_compose_plugin():
        # No plugin on this machine: the parse checks below stand in for it.
        return
    env = ROOT / "deploy" / "assistant.env"
    created = not env.exists()
    if created:
        shutil.copy(ROOT / "deploy" / "assistant.env.example", env)
    try:
        for profile in ("production", "local"):
            done = subprocess.run(
                ["docker", "compose", "-f", str(COMPOSE), "--profile", profile, "config", "-q"],
                capture_output=True,
                text=True,
                timeout=120,
                cwd=ROOT,
            )
            assert done.returncode == 0, done.stderr
    finally:
        if created:
            env.unlink()


def test_every_part_of_the_deployment_is_there(compose):
    assert set(compose["services"]) == SERVICES


def test_only_nginx_publishes_a_port(compose):
    publishing = {name for name, svc in compose["services"].items() if svc.get("ports")}
    assert publishing == PUBLISHED
    local = compose["services"]["nginx-local"]["ports"]
    assert all(port.startswith("127.0.0.1:") for port in local)


def test_every_service_has_a_health_check_and_a_restart_policy(compose):
    for name, svc in compose["services"].items():
        check = svc.get("healthcheck")
        assert check and check.get("test"), name
        assert duration(check["start_period"]) > 0, name
        assert svc.get("restart") in ("unless-stopped", "always"), name


def test_rasa_has_time_to_load_its_model_and_runs_several_replicas(compose):
    rasa = compose["services"]["rasa"]
    assert duration(rasa["healthcheck"]["start_period"]) >= 180
    assert rasa["deploy"]["replicas"] >= 2
    assert "ports" not in rasa and "container_name" not in rasa
    command = rasa.get("command") or ""
    assert "--enable-api" not in str(command)
    dockerfile = (ROOT / rasa["build"]["dockerfile"]).read_text(encoding="utf-8")
    commands = re.findall(r"^CMD .*(?:\\\n.*)*", dockerfile, re.MULTILINE)
    assert commands and all("--enable-api" not in c for c in commands)


def test_images_are_pinned_and_dockerfiles_exist(compose):
    for name, svc in compose["services"].items():
        if "build" in svc:
            dockerfile = ROOT / svc["build"]["dockerfile"]
            assert dockerfile.exists(), name
            text = dockerfile.read_text(encoding="utf-8")
            stages = set(re.findall(r"^FROM \S+ AS (\S+)", text, re.MULTILINE))
            for base in re.findall(r"^FROM (\S+)", text, re.MULTILINE):
                assert base in stages or PINNED.match(base), (name, base)
        else:
            assert PINNED.match(svc["image"]), (name, svc["image"])


def test_networks_keep_the_services_inside(compose):
    assert compose["networks"]["internal"]["internal"] is True
    for name, svc in compose["services"].items():
        networks = set(svc["networks"])
        assert "internal" in networks, name
        assert ("edge" in networks) == (name in PUBLISHED), name


def test_state_lives_in_named_volumes_and_secrets_in_the_env_file(compose):
    assert {"pgdata"} <= set(compose["volumes"])
    mounts = compose["services"]["postgres"]["volumes"]
    assert any(m.startswith("pgdata:") for m in mounts)
    text = COMPOSE.read_text(encoding="utf-8")
    assert "PASSWORD=" not in text and "PASSWORD:" not in text
    for name in SERVICES - PUBLISHED:
        assert compose["services"][name]["env_file"] == ["deploy/assistant.env"], name
    example = (ROOT / "deploy" / "assistant.env.example").read_text(encoding="utf-8")
    for key in (
        "TRACKER_DB_URL",
        "LOCK_STORE_URL",
        "CONSOLE_DB_URL",
        "WIDGET_ALLOWED_ORIGINS",
        "POSTGRES_PASSWORD",
        "REDIS_PASSWORD",
        "CONSOLE_API_TOKEN",
    ):
        assert re.search(rf"^{key}=", example, re.MULTILINE), key
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "deploy/assistant.env" in ignored and "deploy/tls/" in ignored


def test_mounted_configuration_files_exist(compose):
    for svc in compose["services"].values():
        for mount in svc.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith("./") and "tls" not in source:
                assert (ROOT / source).exists(), source


def test_the_local_profile_and_production_profile_each_have_one_nginx(compose):
    profiles = {name: svc.get("profiles") for name, svc in compose["services"].items()}
    assert profiles["nginx"] == ["production"] and profiles["nginx-local"] == ["local"]
    assert all(profiles[name] is None for name in SERVICES - PUBLISHED)
