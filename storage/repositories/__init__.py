"""The repositories: intent-named async queries over one session, which they never commit."""
