"""The job side of media: the runner the job service calls, and the presets it resolves."""
