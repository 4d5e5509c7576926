from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.http_server import HealthServer
from core.metrics import Metrics


async def test_metrics_health_and_readiness_over_http() -> None:
    metrics = Metrics()
    metrics.inc("commands_total", command="help", outcome="ok")
    worker_alive = {"yes": True}

    async def worker() -> str | None:
        return None if worker_alive["yes"] else "worker process is not running"

    async def broken() -> str | None:
        raise OSError("boom")

    server = HealthServer(metrics, port=0)
    server.add_check("worker", worker)
    port = await server.start()
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/metrics") as r:
                assert r.status == 200
                families = {f.name for f in text_string_to_metric_families(await r.text())}
                assert "studio_commands" in families
            async with http.get(f"{base}/healthz") as r:
                assert r.status == 200
            async with http.get(f"{base}/readyz") as r:
                assert r.status == 200 and (await r.json())["status"] == "ready"
            worker_alive["yes"] = False
            async with http.get(f"{base}/readyz") as r:
                body = await r.json()
                assert r.status == 503
                assert body["failing"] == {"worker": "worker process is not running"}
            worker_alive["yes"] = True
            server.add_check("qdrant", broken)
            async with http.get(f"{base}/readyz") as r:
                assert r.status == 503 and "OSError" in (await r.json())["failing"]["qdrant"]
    finally:
        await server.stop()
