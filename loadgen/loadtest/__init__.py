"""The concurrent load test (``manage.py loadtest``, ``make loadtest``).

``htmlforms`` reads a page's forms as a browser does; ``scenario`` holds the
simulated users' page walks (used by ``loadgen/locustfile.py``); ``stack`` starts and
stops the production stack; ``faults`` injects the faults; ``report`` turns Locust's
statistics into the table and the JSON.
"""
