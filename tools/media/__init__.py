"""Image and video generation with diffusers in a worker process."""
