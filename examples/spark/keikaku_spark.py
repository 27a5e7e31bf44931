#!/usr/bin/env python3
"""keikaku as the mapper of a Spark job, through RDD.pipe.

Every element of the input RDD is one JSON line {"path": ..., "text": ...} or
{"path": ..., "base64": ...}; `keikaku stream` turns each into one result line (the
document as `keikaku extract --jsonl` writes it, or an error record
{"path", "line", "error"}), in order, and the results are saved as text files
(part-00000, part-00001 ... in OUTPUT_DIR, one JSON line each).

    python3 keikaku_spark.py INPUT OUTPUT_DIR [--keikaku PATH] [--master local[*]]

INPUT is a JSON Lines file (or a folder or glob of them), or a folder of plain-text
plans (`--txt`): those are read as bytes and sent base64-encoded, so any encoding
keikaku reads (Shift_JIS, EUC-JP ...) travels unharmed. keikaku must be installed at
the same path on every worker (here: local mode, one machine). A summary (documents,
error records, seconds, documents per second) is printed on stderr.
"""

import argparse
import base64
import json
import os
import sys
import time

from pyspark import SparkConf, SparkContext


def as_request(path_and_bytes):
    """(path, bytes) from SparkContext.binaryFiles → one input line of keikaku stream."""
    path, data = path_and_bytes
    if path.startswith("file:"):
        path = path[len("file:"):]
    return json.dumps({"path": path, "base64": base64.b64encode(data).decode("ascii")})


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSON Lines file(s), or a folder of .txt plans with --txt")
    p.add_argument("output", help="folder for the results (must not exist)")
    p.add_argument("--txt", action="store_true", help="INPUT is a folder of .txt plans")
    p.add_argument("--keikaku", default="keikaku", help="path of the keikaku binary")
    p.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    p.add_argument("--partitions", type=int, default=0, help="input partitions (default: Spark's)")
    args = p.parse_args()

    conf = SparkConf().setAppName("keikaku").setMaster(args.master)
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    parts = args.partitions or None
    if args.txt:
        pattern = os.path.join(os.path.abspath(args.input), "*.txt")
        requests = sc.binaryFiles(pattern, parts or 0).map(as_request)
    else:
        requests = sc.textFile(args.input, parts) if parts else sc.textFile(args.input)
    keikaku = os.path.abspath(args.keikaku) if os.sep in args.keikaku else args.keikaku
    # One keikaku process per partition; Spark already runs one task per core.
    results = requests.pipe(f"{keikaku} stream --quiet --jobs 1")
    started = time.monotonic()
    results.saveAsTextFile(args.output)
    seconds = time.monotonic() - started
    saved = sc.textFile(args.output)
    errors = saved.filter(lambda line: line.startswith('{"path":')).count()
    total = saved.count()
    sc.stop()
    docs = total - errors
    print(
        f"keikaku_spark: {docs} documents, {errors} error records, {seconds:.2f} s, "
        f"{docs / seconds if seconds else 0:.1f} documents/s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
