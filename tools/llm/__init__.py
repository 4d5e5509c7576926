"""Claude through the official Anthropic SDK, behind core.ports.llm."""
