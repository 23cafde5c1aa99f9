"""All configuration, read once from the environment (prefix ``HEARINGS_``) and passed down."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HEARINGS_", extra="ignore")

    es_url: str = Field("http://127.0.0.1:9200",
                        description="Elasticsearch HTTP endpoint; several comma-separated for a cluster")
    es_timeout_s: float = Field(30.0, description="Per-request timeout of batch tools (ingest, CLI export, bench)")
    es_request_timeout_s: float = Field(
        5.0, description="Per-request timeout of the web app; a search that takes longer is a sick engine"
    )
    es_breaker_cooldown_s: float = Field(
        5.0, description="After the engine fails to answer, the app answers 503 at once for this long"
    )
    index_alias: str = Field("hearings-turns", description="Alias the app reads and ingest writes through")
    mappings_dir: Path = Field(PROJECT_ROOT / "mappings", description="Folder holding the index definition JSON")
    corpus_dir: Path = Field(
        PROJECT_ROOT.parent / "shared" / "corpus" / "raw", description="Sample minutes ingested by `hearings up`"
    )
    roster: Path | None = Field(
        None, description="Members roster CSV (name,hanja,party,term,district,from,to[,member_id]) giving turns a "
                          "party and a member code; default: the synced roll below when it exists"
    )
    members_roster: Path = Field(PROJECT_ROOT / "var" / "members.csv",
                                 description="Where `hearings sync members` writes the member roll (a roster CSV)")
    node_dir: Path = Field(PROJECT_ROOT / "var" / "elasticsearch", description="Dev node data, logs and pid file")
    node_launcher_dir: Path = Field(
        PROJECT_ROOT / "devtools" / "elasticsearch", description="Maven project that builds the dev node"
    )
    node_heap: str = Field("1g", description="Heap of the dev node (-Xms/-Xmx)")
    node_http_port: int = Field(9200, description="HTTP port of the dev node")
    node_transport_port: int = Field(9300, description="Transport port of the dev node")
    host: str = Field("127.0.0.1", description="Address `hearings serve` binds")
    port: int = Field(8000, description="Port `hearings serve` binds")
    # Each worker loads its own Kiwi; on 2 cores a second worker measured no faster (see BENCHMARKS.md).
    workers: int = Field(1, description="uvicorn worker processes of `hearings serve`")
    public_url: str = Field("http://127.0.0.1:8000", description="Base URL used in permalinks and citations")
    # Elastic's guidance is 10–50 GB per shard. Measured at rest: 1M turns ≈ 1.7 GB, so the full record
    # since the 16th Assembly (≈15M turns) is ≈ 26 GB: one shard holds either. On a cluster, 2 shards at
    # 15M let two nodes share each search. See README "Cluster".
    index_shards: int = Field(1, ge=1, le=64, description="Primary shards of a new index (see the comment above)")
    index_replicas: str = Field(
        "0-1", description="auto_expand_replicas: 0 copies on one node (a replica could never be placed), "
                           "1 on a cluster so that any one node can be lost without losing a shard"
    )
    assembly_api_url: str = Field("https://open.assembly.go.kr/portal/openapi",
                                  description="Base URL of the Assembly's open data service (열린국회정보)")
    assembly_files_url: str = Field("https://record.assembly.go.kr/assembly/viewer/minutes/download",
                                    description="Base URL of the official minutes files (pdf.do?id=CONFER_NUM)")
    assembly_api_key: str = Field("", description="Key of the open data service; without one it gives 5 rows per list")
    assembly_min_interval_s: float = Field(1.0, description="At most one request to the Assembly's services per this")
    bulk_chunk_turns: int = Field(2000, description="Turns per _bulk request during ingest")


def es_urls(settings: Settings) -> list[str]:
    return [url.strip() for url in settings.es_url.split(",") if url.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
