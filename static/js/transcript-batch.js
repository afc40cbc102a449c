// Prints a period's transcripts as one ZIP without a background worker: the server keeps a job
// in its file storage and renders one PDF per request (or copies several kept at approval);
// this page asks for them two requests at a time, shows "12 / 43" as they come, then downloads
// the ZIP the server builds from them.
// Without JavaScript the same form posts to the page, which returns the ZIP in one request.
(() => {
  const form = document.getElementById("batch-form");
  if (!form) return;
  const box = document.getElementById("batch-progress");
  const bar = box.querySelector(".progress-bar");
  const meter = box.querySelector("[role=progressbar]");
  const count = document.getElementById("batch-count");
  const status = document.getElementById("batch-status");
  const button = document.getElementById("batch-button");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const IN_FLIGHT = 2;

  async function post(url, data) {
    const body = new FormData();
    for (const [key, value] of Object.entries(data)) body.append(key, value);
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch {
      answer = {};
    }
    if (!response.ok) throw new Error(answer.error || `${response.status} ${response.statusText}`);
    return answer;
  }

  function show(done, total) {
    count.textContent = `${done} / ${total}`;
    bar.style.width = `${total ? Math.round((100 * done) / total) : 0}%`;
    meter.setAttribute("aria-valuenow", String(done));
    meter.setAttribute("aria-valuemax", String(total));
  }

  async function step(url, index, count) {
    // A step that fails (a dropped connection, a restarted server) is tried again twice.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await post(url, { index: String(index), count: String(count) });
      } catch (error) {
        if (attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    box.hidden = false;
    status.textContent = "";
    try {
      const job = await post(form.dataset.startUrl, {
        period: form.querySelector("[name=period]").value,
      });
      show(0, job.total);
      // Two steps in flight, so that both of the server's workers render; each PDF is a file of
      // its own on the server, so they may finish in any order. The count shown is the server's
      // count of PDFs kept, never lower than one shown before.
      // A step stores job.per_step PDFs when they were kept at approval (copied, not rendered).
      const perStep = job.per_step || 1;
      let next = 0;
      let shown = 0;
      const runner = async () => {
        while (next < job.total) {
          const index = next;
          const count = Math.min(perStep, job.total - index);
          next += count;
          const answer = await step(job.step_url, index, count);
          shown = Math.max(shown, answer.done);
          show(shown, answer.total);
        }
      };
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, job.total) }, runner));
      status.textContent = form.dataset.readyText;
      window.location.assign(job.zip_url);
    } catch (error) {
      status.textContent = `${form.dataset.errorText} ${error.message}`;
      bar.classList.add("bg-danger");
    } finally {
      button.disabled = false;
    }
  });
})();
