// Adds a blank row to a Django formset from its empty form template.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) return;
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.getElementById(`${prefix}-empty`);
  const rows = document.getElementById(`${prefix}-rows`);
  const index = Number(total.value);
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  rows.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
});

// Asks before a form marked data-confirm is sent.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// Copies the text of the element a button names (the generated report) to the clipboard: the
// text as the page shows it, so the page does not carry a second copy of a long report.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyTarget);
  const done = button.dataset.copyDone;
  try {
    await navigator.clipboard.writeText(source.value ?? source.innerText);
  } catch {
    // Without clipboard access (plain http), select the text so Ctrl+C copies it.
    source.hidden = false;
    if (source.select) source.select();
    else window.getSelection().selectAllChildren(source);
  }
  if (done) button.textContent = done;
});

// Prints the page from a button, without an inline script.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A table wider than the screen scrolls sideways in its .table-responsive box: while it does, the
// box takes the keyboard focus (tabindex 0), so it scrolls with the arrow keys too.
const markScrollingTables = () => {
  for (const box of document.querySelectorAll(".table-responsive")) {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
    } else {
      box.removeAttribute("tabindex");
    }
  }
};
markScrollingTables();
window.addEventListener("resize", markScrollingTables);
