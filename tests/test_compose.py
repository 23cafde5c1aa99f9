"""docker-compose.yml is valid for deployment (no Docker engine here: checked statically).

The services built from the Dockerfile are read against the settings class (hearings/config.py): every
HEARINGS_* variable names a setting, engine and mail hosts are services of the same profile (or the
deployer's, required), everything a command writes is on a named volume, and secrets come from the
environment, never from the file.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest
import yaml

from hearings.config import Settings

ROOT = Path(__file__).parent.parent
COMPOSE = ROOT / "docker-compose.yml"
CORPUS_VOLUME = "${HEARINGS_CORPUS_DIR:-./corpus}:/corpus:ro"
# What compose needs from .env before it starts anything (the deployer's mail relay).
REQUIRED = {"HEARINGS_SMTP_HOST": "smtp.example.org", "HEARINGS_MAIL_FROM": "검색 <alerts@example.org>"}


def test_compose_file_describes_elasticsearch_app_and_ingest():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    es = services["elasticsearch"]
    assert es["image"].startswith("docker.elastic.co/elasticsearch/elasticsearch:8.")
    assert "healthcheck" in es
    assert any(str(v).startswith("esdata:") for v in es["volumes"]) and "esdata" in compose["volumes"]
    for name in ("app", "ingest"):
        assert services[name]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
        assert services[name]["environment"]["HEARINGS_ES_URL"] == "http://elasticsearch:9200"


def test_ingest_indexes_the_folder_the_deployer_chooses():
    ingest = yaml.safe_load(COMPOSE.read_text())["services"]["ingest"]
    assert ingest["volumes"] == [CORPUS_VOLUME, "locks:/locks", "roster:/roster"]
    assert ingest["command"][:3] == ["hearings", "ingest", "/corpus"]
    assert "../" not in COMPOSE.read_text(), "nothing outside the deployment folder is mounted"


def test_sync_and_ingest_share_the_writer_lock_folder():
    compose = yaml.safe_load(COMPOSE.read_text())
    for name in ("sync", "ingest"):
        service = compose["services"][name]
        assert "locks:/locks" in service["volumes"] and service["environment"]["HEARINGS_LOCKS_DIR"] == "/locks"
    assert "locks" in compose["volumes"]


def test_ingest_and_sync_read_the_roll_sync_members_writes():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name in ("ingest", "sync", "ingest-cluster", "sync-cluster"):
        assert services[name]["environment"]["HEARINGS_MEMBERS_ROSTER"] == "/roster/members.csv"
        assert "roster:/roster" in services[name]["volumes"]
        assert "--roster" not in services[name].get("command", [])  # the synced roll, not the sample's


def test_the_example_roster_the_readme_names_is_copied_into_the_image():
    assert "COPY examples examples" in (ROOT / "Dockerfile").read_text()  # WORKDIR /app
    assert "--roster /app/examples/roster.csv" in (ROOT / "README.md").read_text()
    assert (ROOT / "examples" / "roster.csv").is_file()


def compose_config(**env: str) -> dict:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("HEARINGS_")}
    result = subprocess.run(["docker-compose", "-f", str(COMPOSE), "config"], capture_output=True, text=True,
                            env={**clean, **REQUIRED, **env})
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def corpus_source(config: dict) -> str:
    (volume,) = [v for v in config["services"]["ingest"]["volumes"]
                 if (v["target"] if isinstance(v, dict) else v.split(":")[1]) == "/corpus"]
    if isinstance(volume, dict):  # Compose v2 prints the long syntax
        assert volume["target"] == "/corpus" and volume["read_only"]
        return volume["source"]
    source, target, mode = volume.split(":")
    assert (target, mode) == ("/corpus", "ro")
    return source


needs_compose = pytest.mark.skipif(shutil.which("docker-compose") is None,
                                   reason="Debian's docker-compose is not installed")


def compose_run(*arguments: str, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("HEARINGS_")}
    return subprocess.run(["docker-compose", "-f", str(COMPOSE), *arguments], capture_output=True, text=True,
                          env={**clean, **env}, cwd="/")  # no .env of the clone's


@needs_compose
@pytest.mark.parametrize("profiles", [[], ["--profile", "cluster"], ["--profile", "sync", "--profile", "alerts",
                                                                     "--profile", "tools"]])
def test_docker_compose_config_accepts_the_file_in_each_profile(profiles):
    result = compose_run(*profiles, "config", **REQUIRED)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    expected = {"cluster": {"es01", "app-cluster", "ingest-cluster", "sync-cluster", "alerts-cluster"}}
    assert expected.get(profiles[1] if profiles else "", {"elasticsearch", "app"}) <= set(services)


@needs_compose
@pytest.mark.parametrize("unset", sorted(REQUIRED))
def test_compose_stops_at_once_naming_the_mail_setting_left_unset(unset):
    result = compose_run("config", "-q", **{key: value for key, value in REQUIRED.items() if key != unset})
    assert result.returncode != 0
    assert f"set {unset} in .env" in result.stderr


@needs_compose
def test_an_empty_mail_setting_stops_compose_too():
    result = compose_run("config", "-q", **{**REQUIRED, "HEARINGS_SMTP_HOST": ""})  # .env.example, unfilled
    assert result.returncode != 0 and "set HEARINGS_SMTP_HOST in .env" in result.stderr


@needs_compose
def test_docker_compose_mounts_the_chosen_corpus_folder(tmp_path):
    assert corpus_source(compose_config(HEARINGS_CORPUS_DIR=str(tmp_path))) == str(tmp_path)
    assert corpus_source(compose_config()) == str(ROOT.resolve() / "corpus")


def test_the_cluster_profile_has_three_nodes_and_an_app_that_knows_them():
    services = yaml.safe_load(COMPOSE.read_text("utf-8"))["services"]
    nodes = [name for name, service in services.items() if "cluster" in service.get("profiles", [])
             and "elasticsearch" in service.get("image", "")]
    assert nodes == ["es01", "es02", "es03"]
    for name in nodes:
        environment = services[name]["environment"]
        assert environment["discovery.seed_hosts"] == "es01,es02,es03"
        assert environment["cluster.initial_master_nodes"] == "es01,es02,es03"
        assert "snapshots:/usr/share/elasticsearch/snapshots" in services[name]["volumes"]
    app_urls = services["app-cluster"]["environment"]["HEARINGS_ES_URL"].split(",")
    assert app_urls == [f"http://{name}:9200" for name in nodes]


def test_the_sync_profile_runs_sync_every_hour_with_the_key_from_the_environment():
    sync = yaml.safe_load(COMPOSE.read_text("utf-8"))["services"]["sync"]
    assert sync["profiles"] == ["sync"] and sync["command"] == ["hearings", "sync", "--every", "1h"]
    assert sync["environment"]["HEARINGS_ASSEMBLY_API_KEY"] == "${HEARINGS_ASSEMBLY_API_KEY:-}"


# ---- each service against the settings class ----

def compose_file() -> dict:
    return yaml.safe_load(COMPOSE.read_text("utf-8"))


def app_services(compose: dict) -> dict[str, dict]:
    """The services built from the Dockerfile (the `hearings` command), by name."""
    return {name: service for name, service in compose["services"].items() if "build" in service}


def setting_name(variable: str) -> str:
    return variable.removeprefix("HEARINGS_").lower()


def enabled_with(service: dict, other: dict) -> bool:
    """Whether `other` is enabled whenever `service` is (compose enables a service with no profiles always,
    one with profiles when any of them is active)."""
    needed = other.get("profiles")
    return not needed or bool(service.get("profiles")) and set(service["profiles"]) <= set(needed)


def hosts(url_setting: str) -> list[str]:
    return [re.match(r"https?://([^:/]+)", url.strip()).group(1) for url in url_setting.split(",")]


def command_of(service: dict) -> str:
    command = service.get("command") or ["hearings", "serve"]  # the Dockerfile's CMD
    return command[1]


# What each command writes, by setting (web/cli.py): a path outside a volume is lost with the container.
WRITES = {
    "serve": {"alerts_db", "alerts_secret_file"},  # subscriptions; the signing key generated once
    "alerts": {"alerts_db", "alerts_secret_file"},
    "sync": {"locks_dir", "members_roster"},  # `hearings sync members` runs in the sync service
    "ingest": {"locks_dir"},
}
SECRETS = {"smtp_password", "alerts_secret", "assembly_api_key", "smtp_user"}
PATHS = {name for name, spec in Settings.model_fields.items() if "Path" in str(spec.annotation)}


def test_every_hearings_variable_of_every_service_is_a_setting():
    for name, service in app_services(compose_file()).items():
        for variable in service["environment"]:
            assert variable.startswith("HEARINGS_"), (name, variable)
            assert setting_name(variable) in Settings.model_fields, (name, variable)


def test_engine_hosts_are_services_of_the_same_profile_and_awaited_healthy():
    compose = compose_file()
    for name, service in app_services(compose).items():
        for host in hosts(service["environment"]["HEARINGS_ES_URL"]):
            assert host in compose["services"], (name, host)
            assert enabled_with(service, compose["services"][host]), f"{name} reaches {host} outside its profile"
            assert service["depends_on"][host]["condition"] == "service_healthy", (name, host)


def test_both_profiles_have_app_ingest_sync_and_alerts():
    commands = {}
    for service in app_services(compose_file()).values():
        side = "cluster" if "cluster" in service.get("profiles", []) else "single"
        commands.setdefault(side, set()).add(command_of(service))
    assert commands == {"single": set(WRITES), "cluster": set(WRITES)}


def test_mail_goes_to_the_deployers_relay_never_to_the_container_itself():
    for name, service in app_services(compose_file()).items():
        environment = service["environment"]
        if command_of(service) in ("serve", "alerts"):
            assert environment["HEARINGS_SMTP_HOST"].startswith("${HEARINGS_SMTP_HOST:?"), name
            assert environment["HEARINGS_MAIL_FROM"].startswith("${HEARINGS_MAIL_FROM:?"), name
        assert not any(local in str(environment.get("HEARINGS_SMTP_HOST", "")) for local in ("127.0.0.1", "localhost"))


def test_everything_a_command_writes_is_on_a_named_volume_shared_by_its_readers():
    compose = compose_file()
    placed: dict[str, tuple[str, PurePosixPath]] = {}
    for name, service in app_services(compose).items():
        mounts = {PurePosixPath(volume.split(":")[1]): volume.split(":")[0] for volume in service.get("volumes", [])}
        named_paths = PATHS & {setting_name(variable) for variable in service["environment"]}
        for setting in sorted(WRITES[command_of(service)] | named_paths):
            if setting == "mappings_dir":
                continue  # read from the image
            path = PurePosixPath(service["environment"][f"HEARINGS_{setting.upper()}"])
            (mount,) = [mount for mount in mounts if mount in path.parents or mount == path] or [None]
            assert mount is not None, f"{name}: {setting}={path} is on no volume"
            volume = mounts[mount]
            assert volume in compose["volumes"], f"{name}: {setting} is on a bind mount, not a named volume"
            assert placed.setdefault(setting, (volume, path)) == (volume, path), f"{name} puts {setting} elsewhere"


def test_the_image_makes_each_volume_folder_for_its_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    targets = {volume.split(":")[1] for service in app_services(compose_file()).values()
               for volume in service.get("volumes", []) if volume.split(":")[0] in compose_file()["volumes"]}
    for target in targets:
        assert re.search(rf"mkdir -p [^\n]*{target}\b", dockerfile) and re.search(rf"chown \S+ [^\n]*{target}\b",
                                                                                     dockerfile), target


def test_secrets_come_from_the_environment_never_from_the_file():
    for name, service in app_services(compose_file()).items():
        for variable, value in service["environment"].items():
            if setting_name(variable) in SECRETS:
                assert value in (f"${{{variable}:-}}", f"${{{variable}}}"), (name, variable, value)
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_every_variable_the_file_reads_is_in_the_env_example():
    example = {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text("utf-8").splitlines()
               if line and not line.startswith("#")}
    read = set(re.findall(r"\$\{(\w+)", COMPOSE.read_text("utf-8")))
    assert read <= example, sorted(read - example)
    assert {setting_name(v) for v in example} <= set(Settings.model_fields)
