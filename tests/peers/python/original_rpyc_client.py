#!/usr/bin/env python3
"""The original RPyC course project's menu clients, their calls made as the originals made them, against a server
of that project's services; prints what the original clients printed, one line per action.

    original_rpyc_client.py --part 1|2|3 --port PORT [--folder DIR]

Part 1: upload, rename and delete through rpyc.async_ kept under "<action>_<random 1-100>" ids and checked later,
show_files, download (a dict: res["error"], res["data"]). Part 2: the sync client's calls (upload, update=True,
delete, show_files). Part 3: find_sum and sort_array, printed with f-strings, sync and through rpyc.async_.
"""
import argparse
import os
import random

import rpyc


def part1(conn, folder):
    results = {}
    path = os.path.join(folder, "notes.txt")
    with open(path, "wb") as f:
        f.write(b"hello from the original client\n")
    with open(path, "rb") as f:
        data = f.read()
    results[f"upload_{random.randint(1, 100)}"] = rpyc.async_(conn.root.file_upload)(data, "notes.txt")
    for job_id, res in list(results.items()):
        res.wait()
        print(f"{job_id.split('_')[0]}: {res.value}")
    results.clear()
    print(f"Files on server: {conn.root.show_files()}")
    res = conn.root.download("notes.txt")
    if res["error"] is not None:
        print(res["error"])
    else:
        with open(os.path.join(folder, "downloaded.txt"), "wb") as f:
            f.write(res["data"])
        print(f"Downloaded {len(res['data'])} bytes")
    res = conn.root.download("missing.txt")
    print(res["error"] if res["error"] is not None else "unexpected data")
    results[f"rename_{random.randint(1, 100)}"] = rpyc.async_(conn.root.file_rename)("notes.txt", "renamed.txt")
    results[f"rename_{random.randint(1, 100)}x"] = rpyc.async_(conn.root.file_rename)("ghost.txt", "other.txt")
    for job_id, res in list(results.items()):
        res.wait()
        print(f"{job_id.split('_')[0]}: {res.value}")
    results.clear()
    print(f"Files on server: {conn.root.show_files()}")
    results[f"delete_{random.randint(1, 100)}"] = rpyc.async_(conn.root.file_delete)("renamed.txt")
    results[f"delete_{random.randint(1, 100)}x"] = rpyc.async_(conn.root.file_delete)("renamed.txt")
    for job_id, res in list(results.items()):
        res.wait()
        print(f"{job_id.split('_')[0]}: {res.value}")
    print(f"Files on server: {conn.root.show_files()}")


def part2(conn, folder):
    print(conn.root.file_upload(b"v1", "sync.txt"))
    print(conn.root.file_upload(b"v2", "sync.txt", True))
    print(f"Files on server: {conn.root.show_files()}")
    print(conn.root.file_delete("sync.txt"))
    print(conn.root.file_delete("sync.txt"))
    print(f"Files on server: {conn.root.show_files()}")


def part3(conn, folder):
    print(f"Sum: {conn.root.find_sum(2, 3)}")
    print(f"Sum: {conn.root.find_sum(12345678901234567890, 1)}")
    result = conn.root.sort_array("10 9 2 1 b a")
    print(f"Sort array: {result}")
    jobs = {f"sum_{random.randint(1, 100)}": rpyc.async_(conn.root.find_sum)(40, 2),
            f"sort_{random.randint(1, 100)}": rpyc.async_(conn.root.sort_array)("3 20 100")}
    for job_id, res in jobs.items():
        res.wait()
        print(f"{job_id.split('_')[0]} result: {res.value}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", type=int, choices=[1, 2, 3], required=True)
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", default=".")
    args = parser.parse_args()
    conn = rpyc.connect(args.host, args.port)
    {1: part1, 2: part2, 3: part3}[args.part](conn, args.folder)
    conn.close()


if __name__ == "__main__":
    main()
