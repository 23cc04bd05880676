// The admin's upload page: say so before sending when the chosen files exceed the upload
// limit. The server refuses such an upload without reading it, which a browser may show as
// a reset connection.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("upload-form");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    var limit = Number(form.dataset.maxUploadBytes), total = 0;
    Array.prototype.forEach.call(form.querySelector("#id_files").files, function (f) { total += f.size; });
    var tooLarge = total > limit;
    document.getElementById("too-large").hidden = !tooLarge;
    if (tooLarge) { event.preventDefault(); }
  });
});
