#!/usr/bin/env python3
"""Which tables and indexes a SQLite store's commits write: reads copies of the write-ahead log
taken while a server or WorkspaceIngestBenchmark runs (cp siyu.db-wal COPY, a few times a second),
counts each valid frame once, and names the b-tree each frame's page belongs to (the dbstat table of
the database, read after the run). Prints pages written per commit by b-tree.

usage: wal_pages.py DB 'COPIES_GLOB'     e.g. wal_pages.py /tmp/home/.siyu/bench/ingest-50000/siyu.db '/tmp/wal/w*'
"""
import collections
import glob
import sqlite3
import struct
import sys

db, pattern = sys.argv[1], sys.argv[2]
frames = {}  # (salt1, salt2, frame index) -> (page number, commit size: non-zero on a commit's last frame)
for copy in glob.glob(pattern):
    data = open(copy, 'rb').read()
    if len(data) < 32:
        continue
    _, _, page_size, _, salt1, salt2 = struct.unpack('>IIIIII', data[:24])
    offset, index = 32, 0
    while offset + 24 + page_size <= len(data):
        page, commit, s1, s2 = struct.unpack('>IIII', data[offset:offset + 16])
        if (s1, s2) != (salt1, salt2):
            break  # the rest is left over from before the log was last reset
        frames[(salt1, salt2, index)] = (page, commit)
        offset += 24 + page_size
        index += 1
commits = max(1, sum(1 for _, commit in frames.values() if commit))
print(f"{len(frames)} frames, {commits} commits, {len(frames) / commits:.1f} pages per commit")
owner = dict((page, name) for name, page in sqlite3.connect(db).execute("SELECT name, pageno FROM dbstat"))
by_tree = collections.Counter(owner.get(page, '(new or free page)') for page, _ in frames.values())
for name, count in by_tree.most_common():
    print(f"{count / commits:7.2f} per commit  {100 * count / len(frames):5.1f}%  {name}")
