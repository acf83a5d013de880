"""Managers' reports: the monthly accountability report (责任追究 / 考核) and the
dashboard. No models: every figure is an aggregate over the process apps' tables."""
