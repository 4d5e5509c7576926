"""The GPU side: what runs inside the worker process
(`python -m tools.media.gpu.worker_process`), so that torch and diffusers never run in the bot's
event loop."""
