#!/usr/bin/env bash
# Restore a backup made by backup.sh: the database dump into the (empty or existing)
# database of DATABASE_URL, and the media tarball next to it (media-STAMP.tar.gz, or
# the second argument) into MEDIA_ROOT (default: media). Existing media is moved
# aside, not deleted. Then every table's row count is checked against the dump and
# the number of media files against the tarball; a mismatch exits non-zero.
#   scripts/restore.sh /var/backups/servicecenter/db-20261123-020000.dump [MEDIA.tar.gz]
set -euo pipefail
dump=${1:?usage: restore.sh FILE.dump [MEDIA.tar.gz]}
: "${DATABASE_URL:?set DATABASE_URL}"
media_tar=${2:-$(dirname "$dump")/media-$(basename "$dump" .dump | sed 's/^db-//').tar.gz}
media_root=${MEDIA_ROOT:-media}

pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" "$dump"

# rows per table as the dump holds them (COPY blocks: one line a row, ended by \.)
expected=$(pg_restore --data-only --file=- "$dump" | awk '
  /^COPY .* FROM stdin;$/ { table = $2; rows = 0; copying = 1; next }
  copying && $0 == "\\." { print table, rows; copying = 0; next }
  copying { rows++ }')
tables=0 total=0
while read -r table rows; do
  [ -n "$table" ] || continue
  actual=$(psql "$DATABASE_URL" -XtAc "SELECT count(*) FROM $table")
  if [ "$actual" != "$rows" ]; then
    echo "restore.sh: $table has $actual rows, the dump holds $rows" >&2
    exit 1
  fi
  tables=$((tables + 1)) total=$((total + rows))
done <<< "$expected"
echo "database: $tables tables, $total rows, every count as in the dump"

if [ ! -f "$media_tar" ]; then
  echo "media: no tarball at $media_tar (the backup had no media); database only"
  exit 0
fi
if [ -d "$media_root" ] && [ -n "$(ls -A "$media_root")" ]; then
  aside="$media_root.before-restore-$(date +%Y%m%d-%H%M%S)"
  mv "$media_root" "$aside"
  echo "media: the existing files were moved to $aside"
fi
mkdir -p "$media_root"
tar -xzf "$media_tar" -C "$media_root"
in_tar=$(tar -tvzf "$media_tar" | grep -c '^-' || true)
on_disk=$(find "$media_root" -type f | wc -l)
if [ "$in_tar" != "$on_disk" ]; then
  echo "restore.sh: $on_disk media files in $media_root, the tarball holds $in_tar" >&2
  exit 1
fi
echo "media: $on_disk files into $media_root, as many as in the tarball"
