#!/bin/sh
# Runs once when the primary's data directory is created: lets the replica stream WAL (pg_basebackup, walreceiver).
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
