"""Admin for service tickets and difficult cases."""
