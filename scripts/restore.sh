#!/usr/bin/env bash
# Restore a dump made by backup.sh into the (empty or existing) database of DATABASE_URL.
#   scripts/restore.sh /var/backups/servicecenter/db-20261123-020000.dump
set -euo pipefail
dump=${1:?usage: restore.sh FILE.dump}
: "${DATABASE_URL:?set DATABASE_URL}"
pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" "$dump"
