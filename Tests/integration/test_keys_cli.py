"""`signalbox keys` and `signalbox audit verify` against a real SQLite file: the secret is printed once,
never listed or stored, every key command is audited, and a direct edit of the audit table is caught."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

from conftest import signalbox_bin

KEY_PATTERN = re.compile(r"sk-sb-[0-9A-Za-z]{32}")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(signalbox_bin()), *args], capture_output=True, text=True, timeout=30, cwd=cwd, stdin=subprocess.DEVNULL
    )


def store_config(directory: Path) -> Path:
    path = directory / "keys.yaml"
    path.write_text(f"store: {{ sqlite: {directory / 'keys.db'} }}\n")
    return path


def test_keys_lifecycle_and_audit_chain(tmp_path: Path) -> None:
    config = str(store_config(tmp_path))

    created = run("keys", "create", "--name", "checkout", "--team", "payments", "--routes", "gpt-4o,claude", "--expires", "30d",
                  "--config", config, cwd=tmp_path)  # fmt: skip
    assert created.returncode == 0, created.stderr
    secrets = KEY_PATTERN.findall(created.stdout)
    assert len(secrets) == 1, created.stdout
    secret = secrets[0]
    key_id = re.search(r"^id:\s+(vk_\w+)$", created.stdout, re.M)
    assert key_id, created.stdout

    listed = run("keys", "list", "--config", config, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert key_id.group(1) in listed.stdout and "checkout" in listed.stdout and "payments" in listed.stdout
    assert "gpt-4o,claude" in listed.stdout and "active" in listed.stdout
    assert secret not in listed.stdout and secret[10:] not in listed.stdout
    assert secret[:10] in listed.stdout  # the display prefix

    # Only the hash is stored.
    with sqlite3.connect(tmp_path / "keys.db") as db:
        dump = "\n".join(db.iterdump())
    assert secret not in dump

    revoked = run("keys", "revoke", key_id.group(1), "--config", config, cwd=tmp_path)
    assert revoked.returncode == 0, revoked.stderr
    assert "revoked" in run("keys", "list", "--config", config, cwd=tmp_path).stdout

    verified = run("audit", "verify", "--config", config, cwd=tmp_path)
    assert verified.returncode == 0, verified.stderr
    # create, list, revoke, list: every key command is audited.
    assert verified.stdout.strip() == "audit chain intact: 4 entries"
    with sqlite3.connect(tmp_path / "keys.db") as db:
        rows = db.execute("SELECT actor, role, action, target FROM audit_log ORDER BY id").fetchall()
        assert rows[0] == ("cli", "admin", "keys.create", key_id.group(1))
        assert [row[2] for row in rows] == ["keys.create", "keys.list", "keys.revoke", "keys.list"]
        db.execute("""UPDATE audit_log SET details = '{"name":"someone-else"}' WHERE id = 3""")

    tampered = run("audit", "verify", "--config", config, cwd=tmp_path)
    assert tampered.returncode == 1, (tampered.stdout, tampered.stderr)
    assert "entry 3" in tampered.stderr and "edited" in tampered.stderr, tampered.stderr


def test_unknown_key_and_postgres_store(tmp_path: Path) -> None:
    config = str(store_config(tmp_path))
    missing = run("keys", "revoke", "vk_does_not_exist", "--config", config, cwd=tmp_path)
    assert missing.returncode == 1 and "vk_does_not_exist" in missing.stderr

    postgres = tmp_path / "pg.yaml"
    postgres.write_text('store: { postgres: "postgres://signalbox:pw@127.0.0.1:1/signalbox" }\n')
    refused = run("keys", "list", "--config", str(postgres), cwd=tmp_path)
    assert refused.returncode == 2 and "not supported yet" in refused.stderr
    assert "pw@" not in refused.stderr


def test_default_database_is_signalbox_db_in_the_working_directory(tmp_path: Path) -> None:
    created = run("keys", "create", "--name", "local", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "signalbox.db").is_file()
    assert run("audit", "verify", cwd=tmp_path).stdout.strip() == "audit chain intact: 1 entry"
