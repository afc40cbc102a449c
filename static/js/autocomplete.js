// Search-as-you-type selects (core/widgets.py AutocompleteSelect): a <select data-autocomplete>
// holds only its chosen option; Tom Select (static/vendor/tom-select) asks the JSON view named in
// data-autocomplete for the options matching what is typed, a page at a time
// ({"results": [{"id", "text"}], "more": bool}). Without this script the select keeps its value.
(() => {
  if (typeof window.TomSelect !== "function") return;

  const escape = (text) => {
    const div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  };

  // The current values of the form's fields named in data-forward (the round's period while it
  // is edited), comma-joined for checkboxes and multiple selects.
  const forwarded = (select) => {
    const params = {};
    const names = (select.dataset.forward || "").split(/\s+/).filter(Boolean);
    const form = select.form;
    if (!form) return params;
    for (const name of names) {
      const values = [];
      for (const element of form.querySelectorAll(`[name="${name}"]`)) {
        if (element.type === "checkbox" || element.type === "radio") {
          if (element.checked) values.push(element.value);
        } else if (element.multiple) {
          for (const option of element.selectedOptions) values.push(option.value);
        } else if (element.value) {
          values.push(element.value);
        }
      }
      params[name] = values.join(",");
    }
    return params;
  };

  const pageUrl = (select, query, page) => {
    const url = new URL(select.dataset.autocomplete, window.location.href);
    for (const [key, value] of Object.entries(forwarded(select))) {
      if (value) url.searchParams.set(key, value);
    }
    url.searchParams.set("q", query);
    url.searchParams.set("page", String(page));
    return url.toString();
  };

  const enhance = (select) => {
    if (select.tomselect || select.closest("template")) return;
    const data = select.dataset;
    const pages = {};
    // Tom Select points the field's label at its own input; the select it hides keeps its name
    // for assistive technology through aria-label.
    const label = select.labels && select.labels[0];
    if (label && !select.getAttribute("aria-label")) {
      select.setAttribute("aria-label", label.textContent.trim());
    }
    const tom = new window.TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: [],
      // The server has matched the text (any case, Cyrillic or Latin): show all it sent.
      score: () => () => 1,
      placeholder: data.placeholder,
      allowEmptyOption: false,
      maxOptions: null,
      preload: "focus",
      loadThrottle: 300,
      shouldLoad: () => true,
      plugins: select.required ? ["virtual_scroll"] : ["virtual_scroll", "clear_button"],
      firstUrl: (query) => {
        pages[query] = 1;
        return pageUrl(select, query, 1);
      },
      load(query, callback) {
        const url = this.getUrl(query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((response) => response.json())
          .then((json) => {
            if (json.more) {
              pages[query] = (pages[query] || 1) + 1;
              this.setNextUrl(query, pageUrl(select, query, pages[query]));
            }
            callback(json.results);
          })
          .catch(() => callback());
      },
      render: {
        option: (item) => `<div>${escape(item.text)}</div>`,
        item: (item) => `<div>${escape(item.text)}</div>`,
        no_results: () => `<div class="no-results">${escape(data.noResults || "")}</div>`,
        loading: () => `<div class="loading">${escape(data.loading || "")}</div>`,
        loading_more: () => `<div class="loading-more-results">${escape(data.more || "")}</div>`,
        no_more_results: () => "",
      },
    });
    // What another field forwards has changed: the options found before no longer hold.
    const names = (data.forward || "").split(/\s+/).filter(Boolean);
    if (names.length && select.form) {
      select.form.addEventListener("change", (event) => {
        if (!names.includes(event.target.name)) return;
        tom.clearPagination();
        tom.clearOptions();
        tom.loadedSearches = {};
        tom.wrapper.classList.remove("preloaded");
      });
    }
  };

  const enhanceAll = (root) => {
    for (const select of root.querySelectorAll("select[data-autocomplete]")) enhance(select);
  };

  document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
  if (document.readyState !== "loading") enhanceAll(document);
  // Formset rows added from their <template> (static/js/app.js).
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) enhanceAll(node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
