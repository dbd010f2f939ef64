# SPDX-License-Identifier: Apache-2.0
"""Writes TensorBoard event files of seeded training runs (no TensorFlow needed).

Usage: write-events.py <runs dir> <run> [<run> ...]
Each run gets `train` and `validation` subfolders with scalars `loss` and `accuracy` for 50
steps, written with TensorBoard's own event file writer, as tf.summary would.
"""
import math
import os
import sys

from tensorboard.compat.proto.event_pb2 import Event
from tensorboard.compat.proto.summary_pb2 import Summary
from tensorboard.summary.writer.event_file_writer import EventFileWriter


def write_run(path, scale, offset):
    for split, gap in (("train", 0.0), ("validation", 0.05)):
        w = EventFileWriter(os.path.join(path, split))
        for step in range(50):
            loss = 2.3 * math.exp(-step / (12.0 * scale)) + 0.05 + gap
            acc = min(0.99, 1.0 - loss / 2.5 + offset - gap)
            s = Summary(value=[Summary.Value(tag="loss", simple_value=loss), Summary.Value(tag="accuracy", simple_value=acc)])
            w.add_event(Event(wall_time=1767225600 + step * 30, step=step, summary=s))
        w.close()


def main():
    root = sys.argv[1]
    for i, run in enumerate(sys.argv[2:]):
        write_run(os.path.join(root, run), 1.0 + i * 0.5, 0.02 * i)


if __name__ == "__main__":
    main()
