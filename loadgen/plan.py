"""What ``generate_data`` makes and ``benchmark`` measures, per process.

``DATA_GENERATORS``: (weight, fn(count, ctx) -> records made), in this order, each
given its weight's share of ``--records``. ``DATA_FINISHERS``: fn(ctx) -> records made,
run after every generator (records that follow up other processes' records, such as
the follow-up calls of closed tickets and repairs). ``BENCHMARK_TARGETS``: fn(ctx) ->
list of ``benchmark.Target``; ``PDF_BENCHMARKS``: fn(ctx) -> list of (name, callable
returning PDF bytes).
"""

from . import (
    appointment_data,
    joint_data,
    levels_data,
    matter_bench,
    matter_data,
    petition_bench,
    petition_data,
    repair_bench,
    repair_data,
    report_bench,
    shared_bench,
    ticket_bench,
    ticket_data,
)

# 办件 (matters) are a third of all records; the other processes share the rest in
# their old proportions (20 : 25 : 30 : 25)
DATA_GENERATORS = [
    (20, petition_data.generate),
    (25, ticket_data.generate_complaints),
    (30, ticket_data.generate_service),
    (25, repair_data.generate),
    (50, matter_data.generate),
]
DATA_FINISHERS = [ticket_data.generate_revisits]
# parts generated on their own against an existing database (generate_data --only):
# name -> fn(rng, n) -> records made
ONLY = {"levels": levels_data.generate, "joint": joint_data.generate,
        "appointments": appointment_data.generate}
BENCHMARK_TARGETS = [
    shared_bench.shared_targets,
    petition_bench.targets,
    ticket_bench.complaint_targets,
    ticket_bench.service_targets,
    repair_bench.targets,
    report_bench.targets,
    matter_bench.targets,
]
PDF_BENCHMARKS = [
    shared_bench.shared_pdfs,
    petition_bench.pdfs,
    ticket_bench.complaint_pdfs,
    ticket_bench.service_pdfs,
    repair_bench.pdfs,
]
