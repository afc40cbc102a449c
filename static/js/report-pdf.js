// The status page of a whole-report PDF made in the background: polls its progress and shows
// the download link once it is made. Without JavaScript the page refreshes itself instead.
(function () {
  "use strict";
  var job = document.getElementById("report-pdf-job");
  if (!job) {
    return;
  }
  var bar = document.getElementById("report-pdf-progress");
  var fill = bar.querySelector(".progress-bar");
  // The width is set here, not in a style attribute (the Content-Security-Policy refuses those);
  // without JavaScript the steps are still told in words.
  fill.style.width = fill.dataset.percent + "%";
  if (job.dataset.state === "done" || job.dataset.state === "failed") {
    return;
  }
  var url = job.dataset.progressUrl;
  var reload = document.getElementById("report-pdf-reload");
  var text = {
    label: job.querySelector("[data-state-label]"),
    steps: job.querySelector("[data-steps]"),
    step: job.querySelector("[data-step]"),
  };
  if (reload) {
    reload.hidden = true;
  }

  function show(progress) {
    fill.style.width = progress.percent + "%";
    bar.setAttribute("aria-valuenow", progress.done);
    bar.setAttribute("aria-valuemax", progress.total);
    text.label.textContent = progress.state_label.charAt(0).toUpperCase() + progress.state_label.slice(1);
    text.steps.textContent = progress.steps_text;
    text.step.textContent = progress.step;
    document.getElementById("report-pdf-worker-down").hidden = !progress.worker_down;
    document.getElementById("report-pdf-stuck").hidden = !progress.stuck;
    if (progress.state === "done") {
      fill.classList.add("bg-success");
      var link = document.getElementById("report-pdf-download");
      link.href = progress.download_url;
      link.classList.remove("d-none");
      link.focus();
    }
    if (progress.state === "failed") {
      fill.classList.add("bg-danger");
      var error = document.getElementById("report-pdf-error");
      error.querySelector("[data-error]").textContent = progress.error;
      error.hidden = false;
    }
    // A job its worker left will not move: stop asking, the page says to ask again.
    return progress.state === "done" || progress.state === "failed" || progress.stuck;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        if (!show(progress)) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        // A lost connection: try again a little later, and offer the reload meanwhile.
        if (reload) {
          reload.hidden = false;
        }
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 500);
})();
