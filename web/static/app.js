// Progressive enhancement only: every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.copy");
  if (!button) return;
  navigator.clipboard?.writeText(button.dataset.citation).then(() => {
    button.textContent = "복사됨";
    setTimeout(() => { button.textContent = "인용 복사"; }, 1500);
  });
});
// Facet checkboxes apply at once when scripting is available.
document.addEventListener("change", (event) => {
  if (event.target.matches(".facet input[type=checkbox]")) {
    const form = event.target.form;
    form.querySelector("input[name=page]")?.remove();
    form.requestSubmit();
  }
});
