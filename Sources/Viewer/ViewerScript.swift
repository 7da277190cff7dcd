/// The page's script, plain JavaScript with no framework: a hash router over five views (runs, one run, a
/// dataset, the player of one or several datasets in sync, a reference set), each drawn from the JSON routes.
enum ViewerScript {
    static let source = #"""
    "use strict";
    const app = document.getElementById("app");
    const enc = path => path.split("/").map(encodeURIComponent).join("/");
    const esc = text => String(text).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
    const fixed = (x, digits = 3) => (x == null ? "-" : Number(x).toFixed(digits));
    const when = seconds => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19);
    function duration(seconds) {
      if (seconds == null) return "-";
      if (seconds < 60) return seconds.toFixed(1) + " s";
      if (seconds < 3600) return (seconds / 60).toFixed(1) + " min";
      return (seconds / 3600).toFixed(2) + " h";
    }
    async function getJSON(url) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(url + ": " + response.status + " " + (await response.text()));
      return response.json();
    }
    const playHash = (datasets, episode) =>
      "#/play?e=" + episode + datasets.map(d => "&d=" + encodeURIComponent(d)).join("");

    let current = null;

    async function route() {
      if (current) { current.stop(); current = null; }
      const [path, query] = (location.hash.slice(1) || "/").split("?");
      const params = new URLSearchParams(query || "");
      try {
        if (path === "/") await showRuns();
        else if (path.startsWith("/run/")) await showRun(path.slice(5));
        else if (path === "/dataset") await showDataset(params.get("d"));
        else if (path === "/play") await showPlayer(params.getAll("d"), Number(params.get("e") || 0));
        else if (path === "/references") await showReferences(params.get("p"));
        else app.textContent = "No such view.";
      } catch (error) {
        app.innerHTML = `<p class="error">${esc(error.message)}</p>`;
      }
    }

    function datasetTable(outputs, withPicks) {
      if (!outputs.length) return "<p>No datasets.</p>";
      return `<table id="datasets"><tr>${withPicks ? "<th>compare</th>" : ""}<th>stage</th><th>dataset</th></tr>` +
        outputs.map(o => `<tr>${withPicks ? `<td><input type="checkbox" class="pick" value="${esc(o.path)}"></td>` : ""}
          <td>${esc(o.stage)}${o.inProgress ? " (being written)" : ""}</td>
          <td><a class="dataset" href="#/dataset?d=${encodeURIComponent(o.path)}">${esc(o.path)}</a></td></tr>`).join("") +
        "</table>";
    }

    async function showRuns() {
      const answer = await getJSON("/api/runs");
      document.getElementById("root").textContent = answer.root;
      if (answer.startDataset && !location.hash) {
        location.hash = "#/dataset?d=" + encodeURIComponent(answer.startDataset);
        return;
      }
      let html = "<h2>Runs</h2>";
      html += answer.runs.length ? `<table id="runs"><tr><th>id</th><th>pipeline</th><th>status</th><th>started (UTC)</th>
        <th>duration</th><th>folder</th></tr>` + answer.runs.slice().reverse().map(r => `<tr class="run">
          <td><a href="#/run/${r.id}">${r.id}</a></td><td><a href="#/run/${r.id}">${esc(r.pipeline)}</a></td>
          <td class="status-${esc(r.status)}">${esc(r.status)}</td><td>${when(r.started)}</td>
          <td class="number">${duration(r.seconds)}</td><td>${esc(r.folder ?? r.out)}</td></tr>`).join("") + "</table>"
        : "<p>No run index (index.sqlite) in this folder.</p>";
      if (answer.folder.length) html += "<h2>Datasets in this folder</h2>" + datasetTable(answer.folder, false);
      if (answer.looks) html += await looksTable(answer.runs);
      if (answer.report) html += `<p><a class="report" target="_blank" href="/files/report.html">report.html</a></p>`;
      app.innerHTML = html;
    }

    /// A look bank's looks.json: one row per look with its run, the masks' IoU on the references and its failure.
    async function looksTable(runs) {
      const bank = await getJSON("/files/looks.json");
      const looks = bank.looks || [];
      const regions = [...new Set(looks.flatMap(l => Object.keys(l.reference_mask_iou || {})))].sort();
      const runOf = name => runs.slice().reverse().find(r => r.folder === name);
      return `<h2>Looks</h2><table id="looks"><tr><th>look</th><th>split</th><th>seconds</th>` +
        regions.map(r => `<th>reference IoU ${esc(r)}</th>`).join("") + "<th>failure</th></tr>" +
        looks.map(l => { const run = runOf(l.name); return `<tr class="look">
          <td>${run ? `<a href="#/run/${run.id}">${esc(l.name)}</a>` : esc(l.name)}</td><td>${esc(l.split ?? "-")}</td>
          <td class="number">${fixed(l.seconds, 1)}</td>` +
          regions.map(r => `<td class="number">${fixed((l.reference_mask_iou || {})[r])}</td>`).join("") +
          `<td>${esc(l.failure ?? "")}</td></tr>`; }).join("") + "</table>";
    }

    async function showRun(id) {
      const detail = await getJSON("/api/run?id=" + encodeURIComponent(id));
      const run = detail.run;
      let html = `<h2>Run ${run.id}: ${esc(run.pipeline)} <span class="status-${esc(run.status)}">${esc(run.status)}</span></h2>
        <p>Started ${when(run.started)}, ${duration(run.seconds)}; folder ${esc(run.folder ?? run.out + " (not in the served folder)")}
        ${run.message ? "<br>" + esc(run.message) : ""}</p>`;
      html += `<h3>Stages</h3><table id="stages"><tr><th>stage</th><th>kind</th><th>status</th><th>seconds</th><th>metrics</th></tr>` +
        detail.stages.map(s => `<tr><td>${esc(s.name)}</td><td>${esc(s.kind)}</td><td>${esc(s.status)}</td>
          <td class="number">${fixed(s.seconds, 1)}</td>
          <td>${Object.keys(s.metrics).sort().map(k => esc(k) + " = " + fixed(s.metrics[k], 4)).join("<br>")}</td></tr>`).join("") +
        "</table>";
      html += "<h3>Datasets</h3>" + datasetTable(detail.datasets, true) +
        `<button id="compare">Compare selected in sync</button>`;
      if (detail.references.length) html += "<h3>References</h3><ul>" + detail.references.map(r =>
        `<li><a class="references" href="#/references?p=${encodeURIComponent(r.path)}">${esc(r.path)}</a></li>`).join("") + "</ul>";
      if (detail.reports.length) html += "<h3>Report</h3><ul>" + detail.reports.map(r =>
        `<li><a class="report" target="_blank" href="/files/${enc(r.path)}">${esc(r.path)}</a></li>`).join("") + "</ul>";
      app.innerHTML = html;
      document.getElementById("compare").onclick = () => {
        const picked = [...document.querySelectorAll("input.pick:checked")].map(box => box.value);
        if (picked.length) location.hash = playHash(picked, 0);
      };
    }

    async function showDataset(path) {
      const summary = await getJSON("/api/dataset/" + enc(path));
      const keys = Object.keys(summary.metadata).sort();
      app.innerHTML = `<h2>${esc(path)}</h2><p>${summary.episodes.length} episodes, ${summary.frames} frames</p>
        <table id="metadata">${keys.map(k => `<tr><th>${esc(k)}</th><td>${esc(summary.metadata[k])}</td></tr>`).join("")}</table>
        <table id="episodes"><tr><th>episode</th><th>length</th><th>success</th><th>final coverage</th></tr>` +
        summary.episodes.map(e => `<tr class="episode"><td><a href="${playHash([path], e.index)}">${e.index}</a></td>
          <td class="number">${e.length}</td><td>${e.success ? "yes" : "no"}</td><td class="number">${fixed(e.coverage)}</td></tr>`).join("") +
        "</table>";
    }

    /// One or several datasets playing the same episode, all panes on one shared step.
    async function showPlayer(paths, episode) {
      const summaries = await Promise.all(paths.map(p => getJSON("/api/dataset/" + enc(p))));
      const episodes = await Promise.all(paths.map(p =>
        getJSON("/api/episode/" + enc(p) + "?episode=" + episode).catch(() => null)));
      const length = Math.max(1, ...episodes.map(e => (e ? e.frames.length : 0)));
      const choices = summaries[0].episodes.map(e =>
        `<option value="${e.index}"${e.index === episode ? " selected" : ""}>episode ${e.index} (${e.length} steps)</option>`).join("");
      app.innerHTML = `<h2>Episode ${episode}</h2>
        <div class="controls">
          <select id="episode">${choices}</select>
          <button id="play">Play</button><button id="prev">◀ step</button><button id="next">step ▶</button>
          <input id="scrub" type="range" min="0" max="${length - 1}" value="0">
          <span id="step">0 / ${length - 1}</span>
          <label>speed <select id="speed"><option>0.25</option><option>0.5</option><option selected>1</option>
            <option>2</option><option>4</option></select></label>
          <label><input id="overlay" type="checkbox"> masks</label>
          <label><input id="arrow" type="checkbox" checked> action</label>
        </div>
        <div class="panes">` + paths.map((p, i) => `<div class="pane" data-index="${i}">
          <h3>${esc(p)}</h3>
          <div class="frame"><img class="image" alt=""><img class="masks" alt="" style="display:none">
            <canvas class="arrow" width="384" height="384"></canvas></div>
          <div class="numbers">${episodes[i] ? "" : "this dataset has no episode " + episode}</div></div>`).join("") + "</div>";
      const panes = [...document.querySelectorAll(".pane")];
      const control = id => document.getElementById(id);
      let step = 0, timer = null;

      function drawArrow(canvas, data, frame) {
        const context = canvas.getContext("2d");
        context.clearRect(0, 0, canvas.width, canvas.height);
        if (!control("arrow").checked || !frame) return;
        const scale = canvas.width / data.worldSize;
        const [x0, y0, x1, y1] = [frame.state[0] * scale, frame.state[1] * scale, frame.action[0] * scale, frame.action[1] * scale];
        const angle = Math.atan2(y1 - y0, x1 - x0);
        context.strokeStyle = context.fillStyle = "#ffe030";
        context.lineWidth = 3;
        context.beginPath(); context.moveTo(x0, y0); context.lineTo(x1, y1); context.stroke();
        context.beginPath(); context.moveTo(x1, y1);
        context.lineTo(x1 - 12 * Math.cos(angle - 0.4), y1 - 12 * Math.sin(angle - 0.4));
        context.lineTo(x1 - 12 * Math.cos(angle + 0.4), y1 - 12 * Math.sin(angle + 0.4));
        context.closePath(); context.fill();
      }

      function render() {
        control("scrub").value = step;
        control("step").textContent = step + " / " + (length - 1);
        panes.forEach((pane, i) => {
          const data = episodes[i];
          if (!data) return;
          const shown = Math.min(step, data.frames.length - 1), frame = data.frames[shown];
          const query = "?episode=" + episode + "&step=" + shown;
          pane.dataset.step = shown;
          pane.querySelector("img.image").src = "/frame/" + enc(paths[i]) + query;
          const masks = pane.querySelector("img.masks");
          const showMasks = control("overlay").checked && data.hasMasks;
          masks.style.display = showMasks ? "" : "none";
          if (showMasks) masks.src = "/masks/" + enc(paths[i]) + query;
          drawArrow(pane.querySelector("canvas"), data, frame);
          // Read ahead while playing: the next frames arrive from the browser's cache when their turn comes.
          if (timer) for (let ahead = shown + 1; ahead <= Math.min(shown + 3, data.frames.length - 1); ahead++) {
            new Image().src = "/frame/" + enc(paths[i]) + "?episode=" + episode + "&step=" + ahead;
          }
          pane.querySelector(".numbers").textContent =
            `step ${frame.step}  reward ${fixed(frame.reward)}  coverage ${fixed(frame.coverage)}\n` +
            `agent (${fixed(frame.state[0], 1)}, ${fixed(frame.state[1], 1)})  block (${fixed(frame.state[2], 1)}, ` +
            `${fixed(frame.state[3], 1)}, ${fixed(frame.state[4], 3)} rad)\naction (${fixed(frame.action[0], 1)}, ${fixed(frame.action[1], 1)})`;
        });
      }

      const loaded = () => panes.every(pane => {
        const image = pane.querySelector("img.image");
        return !image.getAttribute("src") || image.complete;
      });
      function pause() { clearInterval(timer); timer = null; control("play").textContent = "Play"; }
      function play() {
        if (step >= length - 1) step = 0;
        control("play").textContent = "Pause";
        // Ten frames a second at speed 1; a tick waits until every pane has its frame, so panes never drift apart.
        timer = setInterval(() => {
          if (!loaded()) return;
          if (step >= length - 1) { pause(); return; }
          step += 1; render();
        }, 100 / Number(control("speed").value));
      }
      control("play").onclick = () => (timer ? pause() : play());
      control("prev").onclick = () => { pause(); step = Math.max(0, step - 1); render(); };
      control("next").onclick = () => { pause(); step = Math.min(length - 1, step + 1); render(); };
      control("scrub").oninput = () => { pause(); step = Number(control("scrub").value); render(); };
      control("speed").onchange = () => { if (timer) { pause(); play(); } };
      control("overlay").onchange = render;
      control("arrow").onchange = render;
      control("episode").onchange = () => { location.hash = playHash(paths, Number(control("episode").value)); };
      current = { stop: pause };
      render();
    }

    async function showReferences(path) {
      const answer = await getJSON("/api/references/" + enc(path));
      const file = name => "/files/" + enc(path + "/" + name);
      app.innerHTML = `<h2>${esc(path)}</h2>
        <div class="controls"><label><input id="overlay" type="checkbox"> masks</label></div>
        <div class="pictures">` + answer.references.map(r => `<figure class="reference">
          <div class="frame"><img class="image" src="${file(r.image)}" alt="${esc(r.image)}">
            ${r.labels ? `<img class="masks" src="/layer/${enc(path + "/" + r.labels)}" alt="" style="display:none">` : ""}</div>
          <figcaption>${esc(r.image)}</figcaption>
          <div class="regions">${r.regions.map(name => `<img src="${file(name)}" title="${esc(name)}" alt="${esc(name)}">`).join("")}</div>
        </figure>`).join("") + "</div>" +
        answer.others.map(name => `<figure class="other"><img src="${file(name)}" alt="${esc(name)}"><figcaption>${esc(name)}</figcaption></figure>`).join("") +
        (answer.manifest ? `<h3>manifest.json</h3><pre class="manifest">${esc(answer.manifest)}</pre>` : "");
      document.getElementById("overlay").onchange = event =>
        document.querySelectorAll("img.masks").forEach(img => { img.style.display = event.target.checked ? "" : "none"; });
    }

    window.addEventListener("hashchange", route);
    getJSON("/api/runs").then(answer => { document.getElementById("root").textContent = answer.root; }).catch(() => {});
    route();
    """#
}
