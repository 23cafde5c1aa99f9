"""All configuration, read once from the environment (prefix ``HEARINGS_``) and passed down."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

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
    index_alias: str = Field("hearings-turns", description="Alias the app reads and ingest writes through; the "
                             "meetings alias beside it replaces \"turns\" in it (or appends -meetings)")
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
    locks_dir: Path = Field(PROJECT_ROOT / "var" / "locks",
                            description="Lock files that keep ingest and sync to one writer per index alias")
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
    # Admission control (search_api/admission.py): expensive requests at once, per class and worker process;
    # past the bound a request is refused at once with 503 and Retry-After instead of queueing without end.
    admit_search: int = Field(16, ge=1, le=512, description="Searches (pages, API, member pages) served at once")
    admit_verify: int = Field(2, ge=1, le=512, description="Quote checks served at once (one per core: BENCHMARKS.md)")
    admit_trends: int = Field(4, ge=1, le=512, description="Trend and insight requests served at once")
    admit_export: int = Field(2, ge=1, le=512, description="Exports streamed at once")
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
    # A per-read timeout alone never ends an answer dripping one byte at a time: each request also has a deadline
    # for its whole answer, and each run one for all its requests (ingest/open_assembly.py).
    assembly_connect_timeout_s: float = Field(10.0, gt=0, description="Deadline to connect to the Assembly's services")
    assembly_read_timeout_s: float = Field(30.0, gt=0, description="Longest wait for the next byte of an answer")
    assembly_request_deadline_s: float = Field(120.0, gt=0,
                                               description="Deadline of one request, first byte to last (files too)")
    assembly_run_deadline_s: float = Field(4 * 3600.0, gt=0,
                                           description="Deadline of one sync run; past it the run stops and says so")
    assembly_max_answer_bytes: int = Field(16 * 1024 * 1024, ge=1024,
                                           description="Largest list answer read (1000 rows are about 1 MB)")
    assembly_max_pages: int = Field(200, ge=1, description="Most pages read of one list; a list claiming more is "
                                                           "refused after its first page")
    assembly_retries: int = Field(4, ge=0, le=10, description="Retries of a request that timed out or met a 5xx")
    assembly_backoff_s: float = Field(2.0, ge=0, description="First wait before a retry; doubled on each next one")
    sync_lock_wait_s: float = Field(30.0, ge=0, description="How long sync waits for the writer lock before each "
                                                            "write (an ingest may hold it)")
    bulk_chunk_turns: int = Field(2000, description="Turns per _bulk request during ingest")
    analysis_dir: Path = Field(PROJECT_ROOT / "var" / "analysis",
                               description="The analysis store: each meeting's turns with their Kiwi analysis, one "
                                           "Parquet file per meeting under a folder per analysis version, read by "
                                           "`hearings reindex`")
    # 0: Kiwi runs in the ingesting process (and its threads). N: N analyser processes, each fed whole meetings,
    # while the ingesting process reads files and a thread writes; about one per core (BENCHMARKS.md).
    ingest_analysers: int = Field(0, ge=0, le=256, description="Analyser processes of `hearings ingest` (0: none)")
    # Feeds and alerts (search_api/feeds.py, alerts/); README "Alerts and feeds".
    feed_entries: int = Field(30, ge=1, le=100, description="Newest matching turns in each Atom feed")
    alerts_db: Path = Field(PROJECT_ROOT / "var" / "alerts.sqlite3",
                            description="SQLite file of saved searches, addresses and what was sent (WAL mode)")
    alerts_secret: str = Field("", description="Key signing alert links and webhooks (HMAC-SHA256); empty: a random "
                                               "key generated once into alerts_secret_file")
    alerts_secret_file: Path = Field(PROJECT_ROOT / "var" / "alerts.secret",
                                     description="Where the generated signing key is kept (mode 0600)")
    alerts_confirm_hours: int = Field(48, ge=1, le=24 * 14, description="Lifetime of a confirmation link")
    alerts_manage_days: int = Field(30, ge=1, le=365, description="Lifetime of a link to the page managing alerts")
    alerts_max_per_address: int = Field(20, ge=1, le=200, description="Alerts (pending or active) one address may have")
    alerts_requests_per_address: int = Field(
        5, ge=1, le=100, description="Subscription or link requests per address per hour; more are ignored silently")
    alerts_requests_per_client: int = Field(
        20, ge=1, le=1000, description="Subscription or link requests per client address per hour; more get 429")
    alerts_digest_turns: int = Field(20, ge=1, le=100, description="Turns listed per alert in one digest; the rest "
                                                                   "are counted with a link to the search")
    alerts_max_matches: int = Field(1000, ge=10, le=10_000,
                                    description="New matches one alert may account for in one run")
    # A batch is written hidden and shown when it is complete (ingest/visibility.py): turns written shortly before
    # the last run may have become visible only since, so each run reads again what was written this long before
    # it (the catalogue drops repeats). Each run re-reads that much text: keep it about the longest batch's write.
    alerts_lookback_minutes: int = Field(15, ge=0, le=7 * 24 * 60,
                                         description="How far before the last run each run looks again")
    alerts_max_attempts: int = Field(5, ge=1, le=50, description="Delivery attempts of one mail or webhook call")
    alerts_retry_after_s: float = Field(300.0, ge=1, le=86_400,
                                        description="Wait before retrying a delivery the receiver deferred (4xx, a "
                                                    "dropped connection); doubled at each further attempt")
    alerts_webhook_timeout_s: float = Field(10.0, gt=0, le=120, description="Timeout of one webhook call")
    alerts_webhook_allow_private: bool = Field(
        False, description="Allow webhooks to loopback and private addresses (tests, intranets); off, so a webhook "
                           "cannot be aimed at the server's own network")
    smtp_host: str = Field("127.0.0.1", description="SMTP server alerts are sent through")
    smtp_port: int = Field(25, ge=1, le=65535, description="SMTP port (587 with starttls, 465 with tls)")
    smtp_security: Literal["none", "starttls", "tls"] = Field("none", description="SMTP transport security")
    smtp_user: str = Field("", description="SMTP login; empty: no authentication")
    smtp_password: str = Field("", description="SMTP password")
    smtp_timeout_s: float = Field(30.0, gt=0, le=300, description="Timeout of each SMTP command")
    mail_from: str = Field("국회 회의록 검색 <alerts@localhost>", description="From address of alert mail")
    mail_unsubscribe_to: str = Field("", description="A mailbox someone reads, offered as List-Unsubscribe's mailto: "
                                                     "beside the one-click https link; empty: the https link only")


def es_urls(settings: Settings) -> list[str]:
    return [url.strip() for url in settings.es_url.split(",") if url.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
