"""Complaints and follow-up calls: permissions, services, forms, views, PDFs, report."""
