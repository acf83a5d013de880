"""Load generation and benchmarks (``manage.py generate_data``, ``manage.py
benchmark``): not the product. It stands above the apps and imports them; no app
imports it."""
