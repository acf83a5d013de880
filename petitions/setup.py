"""What petitions contribute to the shared pages: 工作台 counts, the party page, demo."""

from servicecenter import registry

from . import demo, queries

registry.register_queue_counts(queries.queue_counts)
registry.register_party_section(queries.party_section)
registry.register_demo_seeder(demo.seed)
