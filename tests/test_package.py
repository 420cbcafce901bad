"""The package as a whole: its layout has no import cycle (module-level or
inside functions), ``import keras_gans`` alone loads every ``.keras`` file
the library writes (those of release 0.1.0 included, giving the same
images), and the 0.1 module paths still import."""

import ast
import os
import subprocess
import sys

import numpy as np

import keras_gans

PACKAGE = os.path.dirname(os.path.abspath(keras_gans.__file__))
DATA = os.path.join(os.path.dirname(__file__), "data")


def _modules():
    out = {}
    for folder, _, files in os.walk(PACKAGE):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(folder, f)
                rel = os.path.relpath(path, os.path.dirname(PACKAGE))[:-3]
                name = rel.replace(os.sep, ".")
                out[name[:-len(".__init__")] if name.endswith(
                    ".__init__") else name] = path
    return out


def import_graph():
    """``{module: {keras_gans modules it imports}}``, counting every import
    statement wherever it stands (module level or inside a function)."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        edges = set()
        with open(path) as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                edges |= {a.name for a in node.names if a.name in modules}
            elif isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.startswith("keras_gans"):
                for a in node.names:
                    sub = f"{node.module}.{a.name}"
                    edges.add(sub if sub in modules else node.module)
        edges.discard(name)
        graph[name] = {e for e in edges if e in modules}
    return graph


def find_cycle(graph):
    state, stack = {}, []

    def visit(u):
        state[u] = "open"
        stack.append(u)
        for v in sorted(graph[u]):
            if state.get(v) == "open":
                return stack[stack.index(v):] + [v]
            if v not in state:
                found = visit(v)
                if found:
                    return found
        stack.pop()
        state[u] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_no_import_cycle_among_keras_gans_modules():
    graph = import_graph()
    assert len(graph) > 40
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [
        "a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_metric_math_and_the_zoo_registry_are_leaves():
    graph = import_graph()
    checks = "keras_gans.metrics.checks"
    assert graph[checks] == set()
    for leaf in ("fid", "kid", "inception_score", "precision_recall"):
        assert graph[f"keras_gans.metrics.{leaf}"] <= {checks}, leaf
    assert not any(m.startswith("keras_gans.zoo")
                   for m in graph["keras_gans.zoo.registry"])


def _fresh_python(code):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-c", code], env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_import_keras_gans_alone_loads_release_0_1_files():
    """Files written by keras-gans 0.1.0 (before the layout change; see
    benchmarks/make_legacy_keras_fixture.py) load in a fresh process that
    imports only keras and keras_gans, and give the same images."""
    out = _fresh_python(f"""
import os, numpy as np, keras, keras_gans
expected = np.load({os.path.join(DATA, 'legacy_0_1_images.npz')!r})
for name in ("dcgan", "cgan", "infogan"):
    gan = keras.saving.load_model(os.path.join({DATA!r},
                                  f"legacy_0_1_{{name}}.keras"))
    diff = np.abs(gan.generate(4, seed=0) - expected[name]).max()
    print(name, type(gan).__name__, diff)
""")
    rows = {line.split()[0]: line.split()[1:] for line in
            out.strip().splitlines()}
    assert rows["dcgan"][0] == "GAN"
    assert rows["cgan"][0] == "ConditionalGAN"
    assert rows["infogan"][0] == "InfoGAN"
    for name, (_, diff) in rows.items():
        # the same images to float32 rounding (one ulp of 1.0 is 1.2e-7;
        # CPU kernels may sum in another order under load)
        assert float(diff) <= 1e-6, (name, diff)


def test_old_module_paths_still_import():
    from keras_gans.conditional_callbacks import ClassGrid
    from keras_gans.gan import GAN
    from keras_gans.losses import get
    from keras_gans.penalties import GradientPenalty

    assert GAN is keras_gans.GAN
    assert ClassGrid is keras_gans.training.pictures.ClassGrid
    assert get("hinge") is not None and GradientPenalty(1.0).weight == 1.0
    assert keras_gans.hub.DEFAULT_BASE_URL.startswith("http")


def test_legacy_fixture_images_are_images():
    images = np.load(os.path.join(DATA, "legacy_0_1_images.npz"))
    for name in ("dcgan", "cgan", "infogan"):
        assert images[name].shape == (4, 8, 8, 1)
        assert -1 <= images[name].min() and images[name].max() <= 1
