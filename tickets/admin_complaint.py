"""Admin for complaints and follow-up calls."""
