"""Clients towards Elasticsearch, and the circuit breaker that keeps a sick engine from costing workers.

The app's client has short timeouts, no retries and a breaker: once the engine fails to answer, every
request for the next few seconds fails at once (the web layer turns that into 503 + Retry-After)
instead of each waiting out its own timeout. Batch tools (ingest, export from the CLI, bench) keep
the patient client: they would rather wait than fail.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, SerializationError, Transport, TransportApiResponse
from elasticsearch import Elasticsearch

from hearings.config import Settings, es_urls


class EngineUnavailable(ConnectionError):
    """The breaker is open: the engine failed recently and is not asked again until `retry_after` s."""

    def __init__(self, retry_after: float):
        super().__init__(f"검색 엔진이 응답하지 않습니다. {math.ceil(retry_after)}초 뒤에 다시 시도해 주세요.")
        self.retry_after = max(1, math.ceil(retry_after))


class EngineAnswerNotJson(SerializationError):
    """The engine's address answered a success whose body is not JSON: a proxy's HTML page (a login, a
    maintenance notice) or an empty body. Nothing in it can be used: it is the engine not being there."""

    def __init__(self, method: str, target: str, mimetype: str | None):
        super().__init__(f"{method} {target.split('?', 1)[0]} answered {mimetype or 'no content type'}, not JSON")


def json_checked(method: str, target: str, response: TransportApiResponse) -> TransportApiResponse:
    """The response, when a success is JSON. Every API the app calls answers a JSON object (or list); without
    this check a proxy's page reaches the callers as a str and fails there as if it were a bug."""
    if not 200 <= response.meta.status < 300:
        return response  # the client raises an ApiError for it, classified by its status
    if method == "HEAD":  # no body, but the engine still names its JSON type; a proxy's page names its own
        is_json = "json" in (response.meta.mimetype or "json")
    else:
        is_json = isinstance(response.body, (dict, list))
    if not is_json:
        raise EngineAnswerNotJson(method, target, response.meta.mimetype)
    return response


class CircuitBreaker:
    """Closed → open after a connection failure or timeout; after `cooldown_s` one trial request goes
    through (half-open), and its outcome closes or re-opens the breaker."""

    def __init__(self, cooldown_s: float, clock: Callable[[], float] = time.monotonic):
        self.cooldown_s = cooldown_s
        self.clock = clock
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._trial_running = False

    def before_request(self) -> None:
        with self._lock:
            if not self._open_until:
                return
            now = self.clock()
            if now < self._open_until or self._trial_running:
                raise EngineUnavailable(max(self._open_until - now, 1))
            self._trial_running = True  # half-open: this request is the trial

    def succeeded(self) -> None:
        with self._lock:
            self._open_until = 0.0
            self._trial_running = False

    def failed(self) -> None:
        with self._lock:
            self._open_until = self.clock() + self.cooldown_s
            self._trial_running = False

    @property
    def is_open(self) -> bool:
        return bool(self._open_until)


class BreakerTransport(Transport):
    """The client's transport with a breaker in front; `breaker` is set after construction."""

    breaker: CircuitBreaker | None = None

    def perform_request(self, method: str, target: str, **kwargs):
        if self.breaker is None:
            return self._json_answer(method, target, **kwargs)
        self.breaker.before_request()
        try:
            response = self._json_answer(method, target, **kwargs)
        except (TransportConnectionError, ConnectionTimeout, EngineAnswerNotJson):
            # A proxy's page where the engine should be is as sick as no answer at all.
            self.breaker.failed()
            raise
        except BaseException:
            self.breaker.succeeded()  # the engine answered (or the caller gave up): not a sick engine
            raise
        self.breaker.succeeded()
        return response

    def _json_answer(self, method: str, target: str, **kwargs) -> TransportApiResponse:
        try:
            response = super().perform_request(method, target, **kwargs)
        except EngineAnswerNotJson:
            raise
        except SerializationError as error:  # a body the client could not even parse: HTML sent as JSON or
            # with no content type, a body cut off mid-JSON. The same trouble as a page it could parse.
            raise EngineAnswerNotJson(method, target, "a body it cannot read") from error
        return json_checked(method, target, response)


def _serializer():
    """orjson (Rust) reads and writes the engine's JSON: a page of hits with its facets is 30–70 KB."""
    from elasticsearch.serializer import OrjsonSerializer

    return OrjsonSerializer()


def make_client(settings: Settings) -> Elasticsearch:
    """The patient client of batch tools: long timeouts, the transport's own retries (on another node of
    a cluster when one is lost)."""
    return Elasticsearch(es_urls(settings), request_timeout=settings.es_timeout_s, retry_on_timeout=True,
                         serializer=_serializer())


def make_app_client(settings: Settings) -> Elasticsearch:
    """The web app's client: short timeout and a circuit breaker. With several nodes a request that cannot
    reach one is retried once on each other node (the breaker counts the request, not each try); with one
    node it is not retried at all."""
    urls = es_urls(settings)
    client = Elasticsearch(urls, request_timeout=settings.es_request_timeout_s, max_retries=len(urls) - 1,
                           retry_on_timeout=len(urls) > 1, transport_class=BreakerTransport, serializer=_serializer())
    client.transport.breaker = CircuitBreaker(settings.es_breaker_cooldown_s)
    return client


def msearch_responses(client, searches: list[dict]) -> list[dict]:
    """The responses of one msearch. The engine reports each search's failure inside its body with a 200
    for the whole; such a failure is raised as the ApiError a single search would have raised, so that it
    is classified like any other engine error (503 when busy, 502 when refused)."""
    from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
    from elasticsearch import ApiError
    from elasticsearch.exceptions import HTTP_EXCEPTIONS

    responses = client.msearch(searches=searches)["responses"]
    for response in responses:
        if "error" in response:
            status = int(response.get("status") or 500)
            meta = ApiResponseMeta(status, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "engine", 9200))
            raise HTTP_EXCEPTIONS.get(status, ApiError)(  # a missing index is a NotFoundError, as alone
                message=str(response["error"].get("type", "msearch")), meta=meta,
                body={"error": response["error"], "status": status})
    return responses
