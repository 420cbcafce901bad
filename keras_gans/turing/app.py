"""The web app of the Turing test (Flask).

Why Flask: it is small (one module of routes here, plain HTML and a little
inline JS, no build step), long kept and widely used, a plain WSGI app, so
werkzeug's ``make_server`` serves it on a chosen or free port and stops it
cleanly (see :mod:`.server`), and its test client exercises every route in
process without a socket (the refusal tests).

Routes::

    GET  /              the page: name once, then one image at a time
    POST /start         {"name": "..."} -> sets the rater cookie
    POST /logout        forgets the rater cookie (another person rates)
    GET  /next          {"image_id", "image_url", "answered", "total", "done"}
    GET  /image/<id>.png
    POST /answer        {"image_id": "...", "answer": "real" | "fake"}
    GET  /results       the results page; GET /results.json the same as JSON

Raters: ``POST /start`` with a name creates the rater (or continues the one
of that name, from any browser) and sets the cookie ``turing_rater`` (an
opaque random token, HttpOnly, SameSite=Strict); ``/next`` and ``/answer``
identify the rater by that cookie only (401 without it).

Refusals (JSON ``{"error": message, "status": code}``, nothing stored):
a body that is not JSON (415) or not valid JSON (400), a missing or bad
field or an answer other than "real" / "fake" (400), an unknown image id
(404), a second answer by the same rater to the same image (409), a GET on
``/answer`` (405).
"""

import json
import re

from flask import Flask, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException

from keras_gans.turing import stats
from keras_gans.turing.store import SOURCES, DuplicateAnswer, Store

__all__ = ["create_app", "results", "COOKIE"]

COOKIE = "turing_rater"
MAX_NAME = 80
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def results(store):
    """The results JSON of the session in ``store`` (a :class:`Store`)."""
    return stats.summarize(store.answer_rows(), store.config(),
                           store.image_counts(), store.raters())


def create_app(db):
    """The Flask app serving the session in database ``db`` (a path or a
    :class:`Store`; the session must exist)."""
    store = db if isinstance(db, Store) else Store(db)
    app = Flask(__name__)
    app.config["TURING_STORE"] = store
    app.json.sort_keys = False

    def error(status, message):
        response = jsonify({"error": message, "status": status})
        response.status_code = status
        return response

    @app.errorhandler(ApiError)
    def _api_error(e):
        return error(e.status, e.message)

    @app.errorhandler(HTTPException)
    def _http_error(e):
        if e.code == 405:
            allowed = list(e.valid_methods or [])
            methods = [m for m in allowed if m not in ("HEAD", "OPTIONS")]
            response = error(405, f"{request.method} is not allowed on "
                             f"{request.path}; use "
                             f"{' or '.join(methods) or 'another method'}.")
            if allowed:
                response.headers["Allow"] = ", ".join(allowed)
            return response
        if e.code == 404:
            return error(404, f"No such page: {request.path}.")
        return error(e.code or 500, e.description or e.name)

    def current_rater(required=True):
        rater = store.rater_by_token(request.cookies.get(COOKIE))
        if rater is None and required:
            raise ApiError(401, "No rater: POST /start with {\"name\": ...} "
                                "first (it sets the turing_rater cookie).")
        return rater

    def json_body():
        if not request.is_json:
            raise ApiError(415, "Send JSON: Content-Type application/json.")
        body = request.get_json(silent=True)
        if body is None:
            raise ApiError(400, "The request body is not valid JSON.")
        if not isinstance(body, dict):
            raise ApiError(400, "The JSON body must be an object.")
        return body

    def progress(rater):
        answered, total, image_id = store.progress(rater["id"])
        return {"rater": rater["name"], "answered": answered, "total": total,
                "done": image_id is None, "image_id": image_id,
                "image_url": None if image_id is None else
                f"/image/{image_id}.png"}

    @app.get("/")
    def index():
        config = store.config() or {}
        rater = current_rater(required=False)
        state = {"rater": rater["name"] if rater else None,
                 "total": store.num_images(),
                 "width": None, "height": None}
        shape = config.get("image_shape") or [28, 28, 1]
        scale = config.get("scale") or 1
        state["height"], state["width"] = shape[0] * scale, shape[1] * scale
        return render_template_string(_INDEX, state=state)

    @app.post("/start")
    def start():
        body = json_body()
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ApiError(400, "Give your name: {\"name\": \"...\"} (1 to "
                                f"{MAX_NAME} characters).")
        name = " ".join(name.split())
        if len(name) > MAX_NAME:
            raise ApiError(400, f"The name is longer than {MAX_NAME} "
                                "characters.")
        rater, created = store.start_rater(name)
        out = progress(rater)
        out["resumed"] = not created
        response = jsonify(out)
        response.set_cookie(COOKIE, rater["token"], max_age=365 * 24 * 3600,
                            httponly=True, samesite="Strict")
        return response

    @app.post("/logout")
    def logout():
        response = jsonify({"ok": True})
        response.delete_cookie(COOKIE, httponly=True, samesite="Strict")
        return response

    @app.get("/next")
    def next_image():
        return jsonify(progress(current_rater()))

    @app.get("/image/<image_id>.png")
    def image(image_id):
        png = store.image_png(image_id) if _ID_RE.match(image_id) else None
        if png is None:
            raise ApiError(404, f"Unknown image id {image_id!r}.")
        # the same headers for every image: no name, date or etag
        return app.response_class(png, mimetype="image/png", headers={
            "Cache-Control": "no-store"})

    @app.post("/answer")
    def answer():
        body = json_body()
        rater = current_rater()
        image_id, value = body.get("image_id"), body.get("answer")
        if not isinstance(image_id, str) or not image_id:
            raise ApiError(400, "Missing \"image_id\" (a string).")
        if value not in SOURCES:
            raise ApiError(400, f"\"answer\" must be \"real\" or \"fake\"; "
                                f"received {json.dumps(value)}.")
        if not _ID_RE.match(image_id) or not store.has_image(image_id):
            raise ApiError(404, f"Unknown image id {image_id!r}.")
        try:
            store.add_answer(rater["id"], image_id, value)
        except KeyError:
            raise ApiError(404, f"Unknown image id {image_id!r}.") from None
        except DuplicateAnswer:
            raise ApiError(409, f"{rater['name']} has already answered image "
                                f"{image_id!r}; an answer cannot be "
                                "changed.") from None
        out = progress(rater)
        out["ok"] = True
        return jsonify(out)

    @app.get("/results.json")
    def results_json():
        return jsonify(results(store))

    @app.get("/results")
    def results_page():
        data = results(store)
        return render_template_string(_RESULTS, r=data, pct=_pct, ci=_ci)

    return app


def _pct(value):
    return "–" if value is None else f"{100 * value:.1f}%"


def _ci(interval):
    if not interval:
        return "–"
    return f"{100 * interval[0]:.1f}% – {100 * interval[1]:.1f}%"


_STYLE = """
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f4f6;
         color: #222; }
  main { max-width: 760px; margin: 2rem auto; background: #fff;
         padding: 1.5rem 2rem; border-radius: 10px;
         box-shadow: 0 1px 4px rgba(0,0,0,.12); }
  h1 { font-size: 1.5rem; margin-top: 0; }
  .muted { color: #666; font-size: .9rem; }
  button { font-size: 1.1rem; padding: .6rem 1.4rem; border-radius: 8px;
           border: 1px solid #888; background: #fafafa; cursor: pointer; }
  button:hover { background: #eee; }
  table { border-collapse: collapse; margin: .5rem 0 1.2rem; }
  th, td { border: 1px solid #ccc; padding: .3rem .7rem; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  .big { font-size: 2rem; font-weight: bold; }
"""

_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Real or generated? – keras-gans Turing test</title>
<style>""" + _STYLE + """
  #stage { text-align: center; }
  #picture { image-rendering: crisp-edges; image-rendering: pixelated;
             border: 1px solid #999; background: #000; display: block;
             margin: 1rem auto; }
  .answers button { min-width: 10rem; margin: 0 .5rem; }
  #answer-real { border-color: #2a7; }
  #answer-fake { border-color: #c52; }
  kbd { border: 1px solid #aaa; border-radius: 3px; padding: 0 .3rem;
        font-size: .85rem; background: #f7f7f7; }
  #message { color: #b00; min-height: 1.3rem; }
  [hidden] { display: none !important; }
</style></head>
<body><main>
<h1>Real or generated?</h1>
<p class="muted">Each picture is either a real image from the dataset or one
made by a generative model, half and half, in random order. Say which you
think it is. There is no feedback and an answer cannot be changed.</p>

<section id="welcome" hidden>
  <label for="rater-name">Your name (asked once):</label>
  <input id="rater-name" data-testid="rater-name" maxlength="80"
         autocomplete="off" autofocus>
  <button id="start" data-testid="start" type="button">Start</button>
</section>

<section id="stage" hidden>
  <p class="muted">Rating as <strong id="rater"></strong>
    · <a href="#" id="switch">not you?</a></p>
  <img id="picture" data-testid="image" alt="the image to judge"
       width="{{ state.width }}" height="{{ state.height }}">
  <div class="answers">
    <button id="answer-real" data-testid="answer-real" type="button">Real
      <kbd>R</kbd></button>
    <button id="answer-fake" data-testid="answer-fake" type="button">Generated
      <kbd>F</kbd></button>
  </div>
  <p><span data-testid="counter" id="counter">0</span> of
     <span id="total">{{ state.total }}</span> judged</p>
</section>

<section id="done" hidden>
  <p class="big">Done – thank you!</p>
  <p>You judged all <span id="done-total">{{ state.total }}</span>
     images. <a href="/results">See the results</a>.</p>
</section>
<p id="message" role="alert"></p>
<p class="muted"><a href="/results">Results</a> ·
  <a href="/results.json">results.json</a></p>
</main>
<script id="state" type="application/json">{{ state | tojson }}</script>
<script>
"use strict";
const state = JSON.parse(document.getElementById("state").textContent);
const $ = (id) => document.getElementById(id);
let current = null, busy = true;

function showOnly(id) {
  for (const s of ["welcome", "stage", "done"]) $(s).hidden = (s !== id);
}
function say(text) { $("message").textContent = text || ""; }

async function api(method, url, body) {
  const init = {method, headers: {}, credentials: "same-origin"};
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {}; }
  return {ok: response.ok, status: response.status, data};
}

async function next() {
  const r = await api("GET", "/next");
  if (r.status === 401) {
    showOnly("welcome"); $("rater-name").focus(); return;
  }
  if (!r.ok) { say(r.data.error || "Error " + r.status); return; }
  const p = r.data;
  $("rater").textContent = p.rater;
  if (p.done) {
    current = null;
    $("counter").textContent = p.answered;
    showOnly("done");
    return;
  }
  showOnly("stage");
  const img = $("picture");
  await new Promise((resolve) => {
    img.onload = resolve;
    img.onerror = () => { say("The image could not be loaded."); resolve(); };
    img.src = p.image_url;
  });
  // the counter, the image and readiness change together
  current = p.image_id;
  $("counter").textContent = p.answered;
  $("total").textContent = p.total;
  busy = false;
}

async function start() {
  const name = $("rater-name").value.trim();
  if (!name) { say("Please type your name first."); return; }
  const r = await api("POST", "/start", {name});
  if (!r.ok) { say(r.data.error || "Error " + r.status); return; }
  say("");
  await next();
}

async function answer(value) {
  if (busy || current === null) return;
  busy = true;
  const r = await api("POST", "/answer", {image_id: current, answer: value});
  if (!r.ok && r.status !== 409) {  // 409: already answered: just go on
    say(r.data.error || "Error " + r.status);
    busy = false;
    return;
  }
  say("");
  await next();
}

$("start").addEventListener("click", start);
$("rater-name").addEventListener("keydown", (e) => {
  if (e.key === "Enter") start();
});
// blur: a focused button would answer again on Enter / Space
$("answer-real").addEventListener("click", (e) => {
  e.currentTarget.blur(); answer("real"); });
$("answer-fake").addEventListener("click", (e) => {
  e.currentTarget.blur(); answer("fake"); });
$("switch").addEventListener("click", async (e) => {
  e.preventDefault();
  await api("POST", "/logout", {});
  current = null; busy = true;
  $("rater-name").value = "";
  showOnly("welcome");
});
document.addEventListener("keydown", (e) => {
  if (e.target.tagName === "INPUT" || e.ctrlKey || e.metaKey || e.altKey) {
    return;
  }
  const key = e.key.toLowerCase();
  if (key === "r") { e.preventDefault(); answer("real"); }
  else if (key === "f") { e.preventDefault(); answer("fake"); }
});

if (state.rater) { next(); } else { showOnly("welcome"); }
</script>
</body></html>
"""

_RESULTS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Turing test results – keras-gans</title>
<style>""" + _STYLE + """</style></head>
<body><main>
<h1>Turing test results</h1>
<p class="muted">Generator <code>{{ r.session.generator }}</code> against
<code>{{ r.session.dataset }}</code> ({{ r.session.split }} split):
{{ r.session.images.get('fake', 0) }} generated and
{{ r.session.images.get('real', 0) }} real images, seed {{ r.session.seed }}.
{{ r.answers }} answers from {{ r.session.raters | length }} rater(s).</p>

<p>Accuracy (answers that were right):
  <span class="big" data-testid="accuracy"
        data-value="{{ r.accuracy if r.accuracy is not none else '' }}">{{
   '%.4f' % r.accuracy if r.accuracy is not none else 'n/a' }}</span>
  <span data-testid="accuracy-percent">({{ pct(r.accuracy) }})</span><br>
  95% confidence interval (Wilson):
  <span data-testid="accuracy-ci">{{ ci(r.accuracy_ci95) }}</span></p>
<p class="muted">50% is chance: people could not tell generated from real.</p>
<p>Fool rate (generated images taken as real):
  <strong data-testid="fool-rate">{{ pct(r.fool_rate) }}</strong>,
  95% CI <span>{{ ci(r.fool_rate_ci95) }}</span></p>

<h2>Confusion matrix</h2>
<table data-testid="confusion">
  <tr><th>truth \\ answer</th><th>"Real"</th><th>"Generated"</th></tr>
  <tr><td>real</td><td>{{ r.confusion.real.real }}</td>
      <td>{{ r.confusion.real.fake }}</td></tr>
  <tr><td>generated</td><td>{{ r.confusion.fake.real }}</td>
      <td>{{ r.confusion.fake.fake }}</td></tr>
</table>

{% if r.per_class %}
<h2>Per class</h2>
{% if not r.session.conditional %}
<p class="muted">The generator is unconditional: its images have no class,
so these rows hold the real images' answers only.</p>
{% endif %}
<table data-testid="per-class">
  <tr><th>class</th><th>answers (real / generated)</th><th>accuracy</th>
      <th>95% CI</th><th>fool rate</th></tr>
  {% for label, b in r.per_class.items() %}
  <tr><td>{{ label }}{% if b.name %} {{ b.name }}{% endif %}</td>
      <td>{{ b.answers }} ({{ b.real_answers }} / {{ b.fake_answers }})</td>
      <td>{{ pct(b.accuracy) }}</td><td>{{ ci(b.accuracy_ci95) }}</td>
      <td>{{ pct(b.fool_rate) }}</td></tr>
  {% endfor %}
</table>
{% endif %}

<h2>Per rater</h2>
<table data-testid="per-rater">
  <tr><th>rater</th><th>answers</th><th>accuracy</th><th>95% CI</th>
      <th>fool rate</th></tr>
  {% for name, b in r.per_rater.items() %}
  <tr><td>{{ name }}</td><td>{{ b.answers }}</td><td>{{ pct(b.accuracy) }}</td>
      <td>{{ ci(b.accuracy_ci95) }}</td><td>{{ pct(b.fool_rate) }}</td></tr>
  {% endfor %}
</table>
<p class="muted"><a href="/">Back to the test</a> ·
  <a href="/results.json">results.json</a></p>
</main></body></html>
"""
