"""``keras-gans turing-test``: the human Turing test (``keras_gans.turing``).

    keras-gans turing-test GENERATOR [--dataset fashion_mnist] [--split test]
        [--port 8000] [--host 127.0.0.1] [--db turing.sqlite]
        [--num-images 100] [--seed 0]
    keras-gans turing-test report [--db turing.sqlite]

The first form serves the page (Ctrl-C or SIGTERM stops it); the session is
prepared when the database is created, and serving an existing database
continues its session. ``report`` prints the results JSON of a database
without a server. A generator file called ``report`` is ``./report``.

``python -m keras_gans.turing ARGS`` is ``keras-gans turing-test ARGS``.
"""

import argparse
import contextlib
import json
import os
import signal
import sys

from keras_gans.cli.common import CLIError, positive_int

__all__ = ["register", "main", "build_parser"]

VERB = "turing-test"
REPORT = "report"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_SERVE_ONLY = ("dataset", "split", "num_images", "seed", "port", "host")


def _port(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a port number, received {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"expected a port in 0..65535 (0: a free one), received {value}")
    return value


def _add_arguments(parser):
    parser.add_argument(
        "generator", metavar="GENERATOR|report",
        help="a .keras checkpoint, a SavedModel folder or a zoo entry name; "
        "or `report` to print the results of --db as JSON")
    parser.add_argument("--dataset", help="real images: fashion_mnist, "
                        "mnist, mnist_5k, tfds:NAME or a folder (default "
                        "fashion_mnist; an existing db keeps its own)")
    parser.add_argument("--split", help="split of the real images (default "
                        "test)")
    parser.add_argument("--port", type=_port, help="default 8000; 0 picks a "
                        "free port (the URL is printed)")
    parser.add_argument("--host", help="address to bind (default 127.0.0.1: "
                        "this machine only)")
    parser.add_argument("--db", default="turing.sqlite", help="the SQLite "
                        "file of the session (default turing.sqlite); "
                        "created with the session, continued when it exists")
    parser.add_argument("--num-images", type=positive_int,
                        help="images in a new session, half generated, half "
                        "real (default 100)")
    parser.add_argument("--seed", type=int, help="seed of a new session's "
                        "latents, real subset and order (default 0)")
    parser.set_defaults(func=run)
    return parser


def register(subparsers):
    """Adds the ``turing-test`` verb (with its ``report`` action)."""
    parser = subparsers.add_parser(
        VERB, help="serve a web page where people judge real vs generated "
        "images; `turing-test report` prints the results",
        description="The human Turing test: serves a local web page showing\n"
        "half generated, half real images one at a time; raters answer\n"
        "Real or Generated and every answer is stored in SQLite.\n"
        "`keras-gans turing-test report --db FILE` prints the results as "
        "JSON.",
        epilog="examples:\n  keras-gans turing-test runs/dcgan/model.keras "
        "--dataset fashion_mnist\n  keras-gans turing-test "
        "dcgan-fashion-mnist --num-images 50 --port 0\n  keras-gans "
        "turing-test report --db turing.sqlite",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    return _add_arguments(parser)


def build_parser():
    """The parser of ``python -m keras_gans.turing`` (the verb's arguments
    alone)."""
    parser = argparse.ArgumentParser(
        prog=f"keras-gans {VERB}", description="The human Turing test "
        "(see `keras-gans turing-test --help`).")
    return _add_arguments(parser)


def run(args):
    if args.generator == REPORT:
        return _report(args)
    return _serve(args)


def _report(args):
    from keras_gans.turing import app as app_lib
    from keras_gans.turing.store import Store, StoreError

    given = [f"--{k.replace('_', '-')}" for k in _SERVE_ONLY
             if getattr(args, k, None) is not None]
    if given:
        raise CLIError(f"`{VERB} report` takes only --db; received "
                       f"{', '.join(given)}.")
    store = Store(args.db)
    try:
        store.check_readable()
    except StoreError as e:
        raise CLIError(str(e)) from None
    if store.config() is None:
        raise CLIError(f"{store.path!r} holds no session yet.")
    print(json.dumps(app_lib.results(store), indent=2))
    return 0


def _preparing_app(environ, start_response):
    """What the server answers while the session is being prepared."""
    body = b'{"error": "The session is being prepared; retry shortly.", ' \
           b'"status": 503}'
    start_response("503 Service Unavailable", [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))), ("Retry-After", "5")])
    return [body]


def _stop_on_sigterm():
    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        pass


def _serve(args):
    from keras_gans import turing

    store = turing.Store(args.db)
    new_file = not os.path.exists(store.path)
    try:
        store.initialise()
        config = store.config()
    except turing.StoreError as e:
        raise CLIError(str(e)) from None
    try:
        return _serve_store(args, store, config)
    finally:
        if new_file and _no_session(store):
            # a first run that made no session leaves no empty db behind
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.remove(store.path + suffix)


def _no_session(store):
    try:
        return store.config() is None
    except Exception:  # unreadable: it is ours and empty
        return True


def _serve_store(args, store, config):
    from keras_gans import turing
    from keras_gans.turing import session
    from keras_gans.turing.server import PortInUse, TuringServer

    try:
        if config is not None:
            turing.check_same_session(config, args.generator, args.dataset,
                                      args.split, args.num_images, args.seed)
        else:
            session.check_generator(args.generator)
            session.check_dataset(args.dataset or turing.DEFAULT_DATASET,
                                  args.split or turing.DEFAULT_SPLIT)
    except ValueError as e:
        raise CLIError(str(e)) from None
    host = args.host or "127.0.0.1"
    port = 8000 if args.port is None else args.port
    try:
        server = TuringServer(_preparing_app, host, port)
    except PortInUse as e:
        raise CLIError(str(e)) from None
    _stop_on_sigterm()
    try:
        if config is None:
            n = args.num_images or turing.DEFAULT_NUM_IMAGES
            print(f"Preparing {n} images ({n // 2} generated by "
                  f"{args.generator}, {n - n // 2} real)...", file=sys.stderr,
                  flush=True)
            try:
                turing.open_session(store, args.generator, args.dataset,
                                    args.split, args.num_images, args.seed)
            except (ValueError, OSError, turing.StoreError) as e:
                raise CLIError("Cannot prepare the session: " +
                               " ".join(str(e).split())) from None
        from keras_gans.turing.app import create_app

        server.app = create_app(store)
        config = store.config()
        done = len(store.answer_rows())
        if host not in _LOOPBACK:
            print(f"Warning: listening on {host}: other machines can reach "
                  "the page, answer and read the results.", file=sys.stderr)
        print(f"Turing test: {config['generator']} vs {config['dataset']} "
              f"({config['split']}), {config['num_images']} images, {done} "
              f"answers so far; db {store.path}", flush=True)
        print(f"Serving on {server.url} (Ctrl-C stops)", flush=True)
        server.serve_forever()  # werkzeug's returns on KeyboardInterrupt
        print(f"Stopped; every answer is in {store.path}", file=sys.stderr)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    finally:
        server.stop()
    return 0


def main(argv=None):
    """``python -m keras_gans.turing ARGS``; also accepts a leading
    ``turing-test``. Returns the exit status (2 for a user error)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == [VERB]:
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CLIError, ValueError, FileNotFoundError) as e:
        print(f"keras-gans: error: {e}", file=sys.stderr)
        return 2
