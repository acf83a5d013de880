"""The HTTP flows the smoke test drives across both instances (filled in per app)."""


def run_flows(Browser, ports, check, env):
    pass
