"""The transports between the job side and the GPU side: `local` (one worker subprocess) and
`remote` (workers on other machines, through Redis). Both are a `WorkerTransport`."""
