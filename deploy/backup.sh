#!/bin/sh
# Nightly backup with retention: `cagbot backup` (SQLite online backup, safe while the bot
# runs) to DIR/cagbot-<UTC time>.db, then delete all but the newest KEEP copies.
# Usage: cagbot-backup [DIR] [KEEP]   (defaults: /backups, 14). CAGBOT_DATABASE as for cagbot.
set -eu
umask 077  # backups hold personal data: readable by the bot's user only
dir=${1:-/backups}
keep=${2:-14}
case $keep in '' | *[!0-9]* | 0)
    echo "cagbot-backup: KEEP must be a number of copies, 1 or more" >&2
    exit 2
    ;;
esac
mkdir -p "$dir"
cagbot backup "$dir/cagbot-$(date -u +%Y-%m-%dT%H%M%SZ).db"
# The names sort by time; the newest KEEP stay.
ls -1 "$dir" | grep -E '^cagbot-[0-9T:-]+Z\.db$' | sort -r | tail -n +"$((keep + 1))" |
    while read -r old; do
        rm -f -- "$dir/$old"
        echo "removed old backup $dir/$old"
    done
