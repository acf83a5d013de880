#!/usr/bin/env bash
# Back up the PostgreSQL database named by DATABASE_URL (custom format) and the media.
#   scripts/backup.sh /var/backups/servicecenter
set -euo pipefail
dest=${1:?usage: backup.sh DIR}
: "${DATABASE_URL:?set DATABASE_URL}"
mkdir -p "$dest"
stamp=$(date +%Y%m%d-%H%M%S)
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$dest/db-$stamp.dump"
if [ -d "${MEDIA_ROOT:-media}" ]; then
  tar -czf "$dest/media-$stamp.tar.gz" -C "${MEDIA_ROOT:-media}" .
fi
echo "$dest/db-$stamp.dump"
