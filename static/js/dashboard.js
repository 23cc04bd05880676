// After htmx swaps in another page of the claims matrix from a pager link, the link that
// had keyboard focus is gone: move focus to the claim count at the top of the new page,
// so keyboard and screen-reader users carry on from there.
document.addEventListener("htmx:afterSwap", function (event) {
  var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!elt || !elt.closest || !elt.closest(".pager")) return;
  var count = document.getElementById("matrix-count");
  if (!count) return;
  count.setAttribute("tabindex", "-1");
  count.focus();
  count.scrollIntoView({block: "start"});
});
