"""Probes for orchestrators: /healthz says the process answers; /readyz says the engine can serve."""

from __future__ import annotations

from elasticsearch import ApiError, Elasticsearch, TransportError
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from hearings.engine import EngineUnavailable
from search_api.errors import RETRY_AFTER_HEADER, RETRY_AFTER_S, ErrorBody, error_body

router = APIRouter(tags=["health"])
READY_TIMEOUT_S = 2.0


@router.get("/healthz", summary="프로세스 살아 있음")
async def healthz() -> dict:
    # No engine call, no thread: answers even when every worker thread waits on a sick engine.
    return {"ok": True}


def readiness(client: Elasticsearch, aliases: list[str]) -> tuple[bool, dict]:
    """Engine reachable, every alias present, and what it points at (index, mapping version, documents)."""
    report: dict = {"engine": "unreachable", "indices": {}}
    try:
        fast = client.options(request_timeout=READY_TIMEOUT_S)
        report["engine"] = fast.cluster.health(timeout=f"{READY_TIMEOUT_S:.0f}s")["status"]
        for alias in aliases:
            if not fast.indices.exists_alias(name=alias):
                report["indices"][alias] = None
                continue
            concrete = sorted(fast.indices.get_alias(name=alias))
            meta = fast.indices.get_mapping(index=alias)[concrete[0]]["mappings"].get("_meta", {})
            report["indices"][alias] = {"index": ",".join(concrete), "version": meta.get("version"),
                                        "documents": fast.count(index=alias)["count"]}
    except (EngineUnavailable, TransportError, ApiError) as error:
        report["reason"] = f"{type(error).__name__}: {error}"[:300]
        return False, report
    ready = report["engine"] in ("green", "yellow") and all(report["indices"].values())
    return ready, report


class NotReady(ErrorBody):
    """The error shape, with the readiness report beside it for operators."""

    details: dict = Field(description="엔진 상태, 별칭마다 가리키는 색인·매핑 버전·문서 수 (없으면 null), 까닭")


@router.get("/readyz", summary="검색 엔진 준비됨 (엔진 연결, 색인, 문서 수)",
            responses={503: {"model": NotReady, "description": "엔진에 닿지 않거나 색인이 없음",
                             "headers": RETRY_AFTER_HEADER}})
def readyz(request: Request) -> JSONResponse:
    state = request.app.state
    ready, report = readiness(state.client, [state.turns_index, state.meetings_index])
    if ready:
        return JSONResponse({"ok": True, **report})
    # Not ready is an error like any other: the error shape, with the report beside it for operators.
    body = error_body(503, "검색 엔진이 아직 준비되지 않았습니다") | {"details": report}
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})
