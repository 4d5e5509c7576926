"""Jobs: long work (GPU generation, show analysis, script writing) persisted before the user is
told it is queued, scheduled fairly, run by a worker, and reported through a ProgressSink."""
