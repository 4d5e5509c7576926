"""Re-imagining a show in a new setting: rules, outline, scenes in parallel, screenplay export."""
