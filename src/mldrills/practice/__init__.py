"""Practice: workspaces, attempts and the clock, over the judge and the store."""
