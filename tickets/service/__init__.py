"""Service tickets and difficult cases: permissions, use cases, forms, views, PDFs."""
