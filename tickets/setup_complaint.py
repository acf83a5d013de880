"""Registry hooks for complaints and follow-up calls."""
