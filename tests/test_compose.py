"""docker-compose.yml is valid for deployment (no Docker engine here: checked statically)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
COMPOSE = ROOT / "docker-compose.yml"
CORPUS_VOLUME = "${HEARINGS_CORPUS_DIR:-./corpus}:/corpus:ro"


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
    assert ingest["volumes"] == [CORPUS_VOLUME, "locks:/locks"]
    assert ingest["command"][:3] == ["hearings", "ingest", "/corpus"]
    assert "../" not in COMPOSE.read_text(), "nothing outside the deployment folder is mounted"


def test_sync_and_ingest_share_the_writer_lock_folder():
    compose = yaml.safe_load(COMPOSE.read_text())
    for name in ("sync", "ingest"):
        service = compose["services"][name]
        assert "locks:/locks" in service["volumes"] and service["environment"]["HEARINGS_LOCKS_DIR"] == "/locks"
    assert "locks" in compose["volumes"]


def test_the_roster_ingest_names_is_copied_into_the_image():
    ingest = yaml.safe_load(COMPOSE.read_text())["services"]["ingest"]
    roster = Path(ingest["command"][ingest["command"].index("--roster") + 1])
    assert roster.parts[:3] == ("/", "app", "examples")  # WORKDIR /app, `COPY examples examples`
    assert "COPY examples examples" in (ROOT / "Dockerfile").read_text()
    assert (ROOT / roster.relative_to("/app")).is_file()


def compose_config(**env: str) -> dict:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("HEARINGS_")}
    result = subprocess.run(["docker-compose", "-f", str(COMPOSE), "config"], capture_output=True, text=True,
                            env={**clean, **env})
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


@needs_compose
def test_docker_compose_config_accepts_the_file():
    result = subprocess.run(["docker-compose", "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


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
