"""docker-compose.yml is valid for deployment (no Docker engine here: checked statically)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

COMPOSE = Path(__file__).parent.parent / "docker-compose.yml"


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


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="Debian's docker-compose is not installed")
def test_docker_compose_config_accepts_the_file():
    result = subprocess.run(["docker-compose", "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
