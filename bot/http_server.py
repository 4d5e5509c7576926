"""The operator endpoint: `/metrics` (Prometheus text), `/healthz` (alive), `/readyz` (ready).

Readiness is a set of named checks (Discord connected, job store open, worker reachable...) that
each process registers; `/readyz` answers 503 with the failing ones named, so a load balancer or
compose health check sees which part is down. Served on 127.0.0.1 unless configured otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from core.logging import get_logger
from core.metrics import Metrics

__all__ = ["HealthServer", "ReadinessCheck"]

# A check answers None when healthy, or a short reason when not.
ReadinessCheck = Callable[[], Awaitable[str | None]]
_CHECK_TIMEOUT_S = 2.0
log = get_logger(__name__)


@dataclass
class HealthServer:
    metrics: Metrics
    host: str = "127.0.0.1"
    port: int = 9100
    checks: dict[str, ReadinessCheck] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    _site: web.TCPSite | None = None

    def add_check(self, name: str, check: ReadinessCheck) -> None:
        self.checks[name] = check

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        return app

    async def start(self) -> int:
        """Start serving; returns the bound port (useful with port 0 in tests)."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.host, self.port)
        await self._site.start()
        server = self._site._server
        sockets = getattr(server, "sockets", None) or []
        bound = int(sockets[0].getsockname()[1]) if sockets else self.port
        log.info("http_endpoint_started", host=self.host, port=bound)
        return bound

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _metrics(self, _request: web.Request) -> web.Response:
        body = await asyncio.to_thread(self.metrics.prometheus_text)
        response = web.Response(body=body)
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    async def _healthz(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def _readyz(self, _request: web.Request) -> web.Response:
        names = list(self.checks)
        results = await asyncio.gather(*(self._run(self.checks[n]) for n in names))
        failing = {name: why for name, why in zip(names, results, strict=True) if why is not None}
        body = {"status": "ready" if not failing else "unready", "failing": failing}
        return web.json_response(body, status=200 if not failing else 503)

    @staticmethod
    async def _run(check: ReadinessCheck) -> str | None:
        try:
            return await asyncio.wait_for(check(), _CHECK_TIMEOUT_S)
        except TimeoutError:
            return f"no answer within {_CHECK_TIMEOUT_S:.0f} s"
        except Exception as exc:  # a broken check means "not ready", never a crashed endpoint
            return f"check failed: {type(exc).__name__}"
