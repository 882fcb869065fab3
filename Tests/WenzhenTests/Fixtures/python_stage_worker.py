"""A dialogue-act stage worker written in Python with pyzmq, speaking Wenzhen's documented wire protocol.

Usage: python_stage_worker.py WORK_ENDPOINT RESULTS_ENDPOINT

It takes [header, document] from the hub's stage endpoint, labels every sentence ending in a question mark
Request-Symptom and every other one Inform-Symptom, and returns [header, document] to the results endpoint.
"""
import json
import signal
import sys

import zmq


def main() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a parent may have left SIGTERM ignored
    work_endpoint, results_endpoint = sys.argv[1], sys.argv[2]
    context = zmq.Context()
    work = context.socket(zmq.PULL)
    work.connect(work_endpoint)
    results = context.socket(zmq.PUSH)
    results.connect(results_endpoint)
    while True:
        header, document = work.recv_multipart()
        record = json.loads(document)
        for turn in record["dialogue"]:
            question = turn["sentence"].rstrip().endswith(("?", "？"))
            turn["dialogue_act"] = "Request-Symptom" if question else "Inform-Symptom"
        results.send_multipart([header, json.dumps(record, ensure_ascii=False).encode("utf-8")])


if __name__ == "__main__":
    main()
