"""Choosing a ``tf.distribute`` strategy by name (TensorFlow-specific).

Build *and* compile the GAN inside ``strategy.scope()``; ``GAN.compile``
creates the optimizer slots there, and ``fit`` then runs the same
``train_step`` on every replica, losses averaged over the global batch.
"""

import json
import os

import tensorflow as tf

__all__ = ["get_strategy", "STRATEGIES", "is_chief"]

STRATEGIES = ("auto", "default", "one_device", "mirrored", "multiworker",
              "tpu")


def get_strategy(name="auto", devices=None):
    """Returns a strategy.

    ``auto``: ``MirroredStrategy`` over all GPUs when there are two or more,
    one GPU or the CPU otherwise. ``default``: no distribution.
    ``one_device``: the first GPU, else the CPU. ``mirrored``: all GPUs, or
    the given ``devices`` (e.g. two logical CPUs in tests).
    ``multiworker``: ``MultiWorkerMirroredStrategy`` over the machines the
    ``TF_CONFIG`` environment variable lists (every worker runs the same
    command with its own ``task``). ``tpu``: a TPU found by
    ``TPUClusterResolver``.
    """
    if isinstance(name, tf.distribute.Strategy):
        return name
    name = (name or "auto").lower().replace("-", "_")
    if name == "multiworker":  # before anything starts TensorFlow's runtime
        _check_tf_config()
        return tf.distribute.MultiWorkerMirroredStrategy()
    gpus = tf.config.list_logical_devices("GPU")
    if name == "auto":
        if len(gpus) > 1:
            return tf.distribute.MirroredStrategy()
        name = "one_device" if gpus else "default"
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "one_device":
        return tf.distribute.OneDeviceStrategy(
            gpus[0].name if gpus else "/cpu:0")
    if name == "mirrored":
        return tf.distribute.MirroredStrategy(devices)
    if name == "tpu":
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
        tf.config.experimental_connect_to_cluster(resolver)
        tf.tpu.experimental.initialize_tpu_system(resolver)
        return tf.distribute.TPUStrategy(resolver)
    raise ValueError(f"Unknown strategy {name!r}; expected one of "
                     f"{list(STRATEGIES)}.")


def _tf_config():
    raw = os.environ.get("TF_CONFIG")
    if not raw:
        return None
    try:
        config = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ValueError(f"TF_CONFIG is not valid JSON ({e}); received "
                         f"{raw[:200]!r}.") from None
    return config


def _check_tf_config():
    config = _tf_config()
    example = ('TF_CONFIG=\'{"cluster": {"worker": ["host1:12345", '
               '"host2:12345"]}, "task": {"type": "worker", "index": 0}}\'')
    if config is None:
        raise ValueError(
            "strategy 'multiworker' needs the TF_CONFIG environment variable "
            "naming the cluster and this machine's task; received none. "
            f"Set it on every machine, e.g. {example} (index 1 on the "
            "second).")
    cluster, task = config.get("cluster"), config.get("task")
    if not isinstance(cluster, dict) or not isinstance(task, dict) or \
            task.get("type") not in cluster or not isinstance(
                task.get("index"), int) or not 0 <= task["index"] < len(
                    cluster[task["type"]]):
        raise ValueError(
            "TF_CONFIG must hold a 'cluster' of host:port lists and this "
            "machine's 'task' (a type in the cluster and an index in its "
            f"list); received {json.dumps(config)[:300]}. Example: "
            f"{example}.")


def is_chief(strategy=None):
    """Whether this process writes the run's files: always, except under a
    multi-worker strategy, where only the chief does (the ``chief`` task,
    else worker 0)."""
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None or not isinstance(
            strategy, tf.distribute.MultiWorkerMirroredStrategy):
        return True
    kind, index = resolver.task_type, resolver.task_id
    if kind in (None, "chief"):
        return True
    has_chief = "chief" in resolver.cluster_spec().as_dict()
    return kind == "worker" and index == 0 and not has_chief


def distribute_batches(strategy, dataset):
    """``dataset`` (global batches, ``drop_remainder=True``) as ``fit``
    should get it under ``strategy``.

    Under a multi-worker strategy each worker reads the whole pipeline and
    keeps its contiguous slice of every global batch (worker ``w`` of
    ``W``: examples ``[w * B / W, (w + 1) * B / W)``), split into per-replica
    batches in replica order, so replica ``k`` of the cluster sees exactly
    the ``k``-th slice of the global batch a one-process run sees - as the
    engine's latents are drawn (``GAN._draw``). (``fit``'s own sharding of
    a dataset is tf.data's autoshard policy: its split of each batch
    between workers is not the one-process run's.) Other strategies get
    ``dataset`` unchanged: Keras splits each global batch between the
    local replicas itself."""
    if not isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
        return dataset
    replicas = strategy.num_replicas_in_sync
    global_batch = tf.nest.flatten(dataset.element_spec)[0].shape[0]
    if global_batch is None or global_batch % replicas:
        raise ValueError(
            f"Under {type(strategy).__name__} with {replicas} replicas the "
            "global batch must be a fixed multiple of the replica count; "
            f"received batches of {global_batch} (load the data with "
            "drop_remainder=True and a batch size divisible by "
            f"{replicas}).")
    per_replica = global_batch // replicas

    def worker_pipeline(context):
        workers = context.num_input_pipelines
        local = replicas // workers
        start = context.input_pipeline_id * local * per_replica
        stop = start + local * per_replica
        mine = dataset.map(lambda *batch: tf.nest.map_structure(
            lambda t: t[start:stop], batch if len(batch) > 1 else batch[0]))
        if local == 1:
            return mine
        return mine.unbatch().batch(per_replica, drop_remainder=True)

    options = tf.distribute.InputOptions(
        experimental_replication_mode=tf.distribute.InputReplicationMode
        .PER_WORKER)
    return strategy.distribute_datasets_from_function(worker_pipeline,
                                                      options)
