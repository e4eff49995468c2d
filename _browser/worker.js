/* The book's Python, in a web worker: Pyodide, the packages, nnlib, and kernel.py.
 *
 * Messages in:  {type: "boot"} | {type: "run", id, code} | {type: "move", id, fig, values}
 * Messages out: {type: "progress", step, of, text} | {type: "ready", ...times}
 *               | {type: "printed", id, text} (while cell id runs: what it printed)
 *               | {type: "result", id, ...} | {type: "failed", text}
 * Everything is fetched from this site's own folder (see config.json); nothing from
 * anywhere else.  Runs one message at a time, in order.
 */
"use strict";
var base = self.location.href.replace(/[^/]*$/, "");
importScripts(base + "pyodide/pyodide.js");

var pyodide = null, kernel = null, config = null, loaded = {};
/* The data files nnlib reads (the digits) go under this folder, which joins sys.path:
 * nnlib.data looks for "sklearn/datasets/data/digits.csv.gz" along it. */
var DATA = "/home/pyodide/nnrun_data";
var queue = Promise.resolve();
var running = null;   // the id of the cell that runs now

function post(message) { self.postMessage(message); }
function progress(step, of, text) { post({type: "progress", step: step, of: of, text: text}); }

async function boot() {
  var t0 = performance.now();
  config = await (await fetch(base + "config.json")).json();
  progress(1, 5, "Starting Python (Pyodide " + config.pyodide + ")");
  pyodide = await loadPyodide({indexURL: base + "pyodide/"});
  var tRuntime = performance.now();
  progress(2, 5, "Loading " + config.preload.join(", "));
  await pyodide.loadPackage(config.preload, {
    messageCallback: function (m) { progress(2, 5, m); },
    errorCallback: function (m) { progress(2, 5, m); },
  });
  progress(3, 5, "Loading nnlib");
  await pyodide.loadPackage(base + "pyodide/" + config.nnlib_wheel,
                            {messageCallback: function () {}});
  var names = Object.keys(config.data_files || {});
  for (var i = 0; i < names.length; i++) {
    var response = await fetch(base + config.data_files[names[i]]);
    if (!response.ok) throw new Error(names[i] + ": HTTP " + response.status);
    var path = DATA + "/" + names[i];
    pyodide.FS.mkdirTree(path.replace(/\/[^\/]*$/, ""));
    pyodide.FS.writeFile(path, new Uint8Array(await response.arrayBuffer()));
  }
  pyodide.runPython("import sys; sys.path.append(" + JSON.stringify(DATA) + ")");
  var source = await (await fetch(base + "kernel.py")).text();
  pyodide.FS.writeFile("/home/pyodide/nnrun_kernel.py", source);
  progress(4, 5, "Importing numpy, matplotlib and nnlib");
  kernel = pyodide.pyimport("nnrun_kernel");
  kernel.listen(function (text) { post({type: "printed", id: running, text: text}); });
  var booted = JSON.parse(kernel.boot());
  var t1 = performance.now();
  progress(5, 5, "Python is ready");
  post({type: "ready", ms: t1 - t0, runtime_ms: tRuntime - t0, import_ms: booted.ms,
        python: booted.python});
}

/* Packages a cell needs beyond the preloaded ones: those that config.on_import names
 * for a module the cell imports (only packages this site serves). */
async function loadFor(code) {
  var names = JSON.parse(kernel.imports(code));
  var extra = [];
  for (var i = 0; i < names.length; i++) {
    var deps = config.on_import[names[i]] || config.on_import[names[i].split(".")[0]] || [];
    for (var j = 0; j < deps.length; j++) if (!loaded[deps[j]]) extra.push(deps[j]);
  }
  if (extra.length) {
    await pyodide.loadPackage(extra, {messageCallback: function () {}});
    for (var k = 0; k < extra.length; k++) loaded[extra[k]] = true;
  }
}

async function handle(msg) {
  if (msg.type === "boot") return boot();
  if (msg.type === "run") {
    var t0 = performance.now();
    await loadFor(msg.code);
    running = msg.id;
    var out = JSON.parse(kernel.run(msg.code));
    out.type = "result"; out.id = msg.id; out.total_ms = performance.now() - t0;
    return post(out);
  }
  if (msg.type === "move") {
    var res = JSON.parse(kernel.move(msg.fig, JSON.stringify(msg.values)));
    res.type = "result"; res.id = msg.id;
    return post(res);
  }
}

self.onmessage = function (event) {
  queue = queue.then(function () { return handle(event.data); }).catch(function (err) {
    post({type: "failed", id: event.data.id, text: String(err && err.message || err)});
  });
};
