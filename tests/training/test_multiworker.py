"""Several machines: two worker processes on 127.0.0.1 under
MultiWorkerMirroredStrategy end with identical weights, within 1e-5 of a
one-process run on the same global batch; only the chief writes the run's
files. (The MLP GAN without
dropout: Keras' BatchNormalization keeps per-worker moving statistics and
dropout masks are drawn per replica.)"""

import json
import os
import socket
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import keras_gans
from keras_gans.engine.distribute import get_strategy

SETTINGS = dict(dataset="mnist_5k", epochs=1, steps_per_epoch=3, width=4,
                batch_size=8, seed=5, verbose=0, tensorboard=False,
                dropout=0.0,  # dropout masks are drawn per replica
                jit_compile=False)  # XLA is off under multiworker on CPU

WORKER = textwrap.dedent("""
    import json, sys, numpy as np, keras_gans
    settings = json.loads(sys.argv[3])
    gan, summary = keras_gans.training.train("gan", out=sys.argv[1],
                                             **settings)
    np.savez(sys.argv[2], *[w.numpy() for w in gan.generator.weights +
                            gan.discriminator.weights],
             replicas=summary["replicas"])
""")


def _free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_two_workers_end_identical_and_only_the_chief_writes(
        tmp_path):
    cluster = {"worker": [f"127.0.0.1:{p}" for p in _free_ports(2)]}
    outs = [tmp_path / f"out{i}" for i in range(2)]
    processes = []
    alone = {k: v for k, v in os.environ.items() if k != "TF_CONFIG"}
    # the two workers, and one process on the same global batch
    for i in range(3):
        env = dict(alone, TF_CONFIG=json.dumps(
            {"cluster": cluster, "task": {"type": "worker", "index": i}})) \
            if i < 2 else alone
        settings = dict(SETTINGS, strategy="multiworker" if i < 2 else
                        "default")
        processes.append(subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path / f"out{i}"),
             str(tmp_path / f"weights{i}.npz"), json.dumps(settings)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True))
    logs = []
    try:
        for p in processes:
            logs.append(p.communicate(timeout=300)[0])
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
    for p, log in zip(processes, logs):
        assert p.returncode == 0, log[-3000:]
    *workers, one = [np.load(tmp_path / f"weights{i}.npz") for i in
                     range(3)]
    assert int(workers[0]["replicas"]) == 2 and int(one["replicas"]) == 1
    names = [k for k in workers[0].files if k != "replicas"]
    for k in names:  # the two workers hold the same weights
        np.testing.assert_array_equal(workers[0][k], workers[1][k])
        # ... those of one process trained on the same global batches
        # (each worker had its half of every batch and of the latents)
        np.testing.assert_allclose(workers[0][k], one[k], atol=1e-5,
                                   rtol=0)
    # they trained (not the initial weights)
    first = keras_gans.zoo.build("gan", image_shape=(28, 28, 1), width=4,
                                 seed=5, dropout=0.0)
    assert any(not np.allclose(workers[0][k], w.numpy())
               for k, w in zip(names, first.generator.weights))
    # the chief (worker 0) wrote the run; worker 1 left nothing behind
    run = json.loads((outs[0] / "run.json").read_text())
    assert run["strategy"] in ("MultiWorkerMirroredStrategy",
                               "CollectiveAllReduceStrategy")
    assert run["generator_steps"] == 3
    assert (outs[0] / "model.keras").exists()
    assert os.listdir(outs[0] / "checkpoints")
    assert not outs[1].exists() or not os.listdir(outs[1])


@pytest.mark.parametrize("tf_config, message", [
    (None, "needs the TF_CONFIG environment variable"),
    ("{not json", "TF_CONFIG is not valid JSON"),
    ('{"cluster": {"worker": ["127.0.0.1:1"]}, "task": {"type": "worker",'
     ' "index": 3}}', "must hold a 'cluster'"),
])
def test_multiworker_without_a_usable_tf_config_says_how_to_set_it(
        monkeypatch, tf_config, message):
    if tf_config is None:
        monkeypatch.delenv("TF_CONFIG", raising=False)
    else:
        monkeypatch.setenv("TF_CONFIG", tf_config)
    with pytest.raises(ValueError, match=message):
        get_strategy("multiworker")
