"""Image and video generation with diffusers, in three parts that meet only in `protocol`:

- `jobs/`: the job side, in the bot's process: `MediaRunner` (the job runner) and the presets
  that turn a request into exactly what to render;
- `transport/`: how a render task reaches a GPU and its events come back: `local` (a worker
  subprocess, the default) or `remote` (`studio worker` processes through Redis);
- `gpu/`: the worker process (`python -m tools.media.gpu.worker_process`): the engine
  (`media_engine`), its pipelines, the out-of-memory ladder, GPU memory, and the pictures it
  sends out (previews and result files).
"""
