"""The documented backup/restore pair gives back the same records and history."""

import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from servicecenter.models import Party
from tests.factories import PartyFactory

ROOT = Path(__file__).resolve().parents[2]


def _url(name):
    s = connection.settings_dict
    user = s["USER"] or "postgres"
    return f"postgres://{user}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _snapshot(url):
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT id, name, phone, id_number FROM servicecenter_party"
                    " ORDER BY id")
        parties = cur.fetchall()
        cur.execute("SELECT id, history_type, history_change_reason, name "
                    "FROM servicecenter_historicalparty ORDER BY history_id")
        history = cur.fetchall()
    return parties, history


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_same_records_and_history(tmp_path):
    for i in range(5):
        party = PartyFactory(name=f"备份测试{i}")
    party.name = "备份测试-改名"
    party.save()
    source = _url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(tmp_path / "none")}
    dump = subprocess.run(["bash", "scripts/backup.sh", str(tmp_path)], cwd=ROOT,
                          env=env,
                          capture_output=True, text=True, check=True).stdout.strip()
    target_name = f"restore_check_{os.getpid()}"
    admin = psycopg2.connect(_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {target_name}")
        cur.execute(f"CREATE DATABASE {target_name}")
    try:
        env["DATABASE_URL"] = _url(target_name)
        restored = subprocess.run(["bash", "scripts/restore.sh", dump], cwd=ROOT,
                                  env=env, capture_output=True, text=True, check=True)
        assert "every count as in the dump" in restored.stdout
        assert _snapshot(_url(target_name)) == _snapshot(source)
        parties, history = _snapshot(_url(target_name))
        assert len(parties) == Party.objects.count() == 5
        assert len(history) == 6
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {target_name}")
        admin.close()


def _files(root):
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


@pytest.fixture
def target_database():
    name = f"restore_media_{os.getpid()}"
    admin = psycopg2.connect(_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
        cur.execute(f"CREATE DATABASE {name}")
    yield _url(name)
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_the_media_and_checks_the_counts(tmp_path, target_database):
    PartyFactory.create_batch(3)
    media = tmp_path / "media"
    (media / "attachments" / "2026" / "11").mkdir(parents=True)
    (media / "attachments" / "2026" / "11" / "scan.pdf").write_bytes(b"%PDF-1.4 scan")
    (media / "issued" / "2026" / "11").mkdir(parents=True)
    (media / "issued" / "2026" / "11" / "receipt.pdf").write_bytes(b"%PDF-1.4 receipt")
    env = {**os.environ, "DATABASE_URL": _url(connection.settings_dict["NAME"]),
           "MEDIA_ROOT": str(media)}
    dump = subprocess.run(["bash", "scripts/backup.sh", str(tmp_path / "backup")],
                          cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    (restored_media / "stale.txt").write_text("from before the restore")
    env.update(DATABASE_URL=target_database, MEDIA_ROOT=str(restored_media))
    result = subprocess.run(["bash", "scripts/restore.sh", dump], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert _files(restored_media) == _files(media)
    assert "media: 2 files into" in result.stdout
    assert "every count as in the dump" in result.stdout
    aside = next(tmp_path.glob("restored-media.before-restore-*"))
    assert (aside / "stale.txt").read_text() == "from before the restore"
    source = _url(connection.settings_dict["NAME"])
    assert _snapshot(target_database) == _snapshot(source)
    assert len(_snapshot(source)[0]) == 3

