/* The one signature pad glue, on the vendored signature_pad library
   (static/vendor/signature_pad: smoothed, velocity-weighted strokes from finger,
   stylus or mouse). Markup (templates/includes/signature_pad.html):
     <div class="signature-pad" data-signature-pad data-target="ID"><canvas></canvas></div>
   with [data-undo-pad] and [data-clear-pad] buttons in the same .signature-field.
   After every stroke the PNG data URL goes into the hidden input #ID ("" when empty);
   a kept value (a refused submit, a restored draft) is drawn back. */
(function () {
  "use strict";

  function setup(pad) {
    var canvas = pad.querySelector("canvas");
    var target = document.getElementById(pad.getAttribute("data-target"));
    var field = pad.closest(".signature-field") || pad.parentNode;
    var sig = new window.SignaturePad(canvas, { penColor: "#111", minWidth: 0.8,
                                                maxWidth: 2.8 });
    var width = 0;

    function save() {
      var empty = sig.isEmpty();
      pad.classList.toggle("signed", !empty);
      if (!target) { return; }
      target.value = empty ? "" : sig.toDataURL("image/png");
      target.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function restore() {
      if (!target || !target.value || !sig.isEmpty()) { return; }
      sig.fromDataURL(target.value).then(function () { pad.classList.add("signed"); });
    }

    // high-DPI: the canvas has CSS size × devicePixelRatio pixels, drawn at that scale;
    // a real resize (not a mobile toolbar's height change) keeps the strokes
    function resize() {
      if (canvas.offsetWidth === width) { return; }
      width = canvas.offsetWidth;
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var strokes = sig.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      sig.clear();
      if (strokes.length) { sig.fromData(strokes); } else { restore(); }
    }

    sig.addEventListener("endStroke", save);
    var undo = field.querySelector("[data-undo-pad]");
    if (undo) {
      undo.addEventListener("click", function () {
        var strokes = sig.toData();
        strokes.pop();  // a drawn-back image has no strokes: undo clears it
        sig.clear();
        if (strokes.length) { sig.fromData(strokes); }
        save();
      });
    }
    var clear = field.querySelector("[data-clear-pad]");
    if (clear) {
      clear.addEventListener("click", function () { sig.clear(); save(); });
    }
    document.addEventListener("draft:restored", restore);
    window.addEventListener("resize", resize);
    resize();
  }

  function init(root) {
    var pads = (root || document).querySelectorAll("[data-signature-pad]");
    Array.prototype.forEach.call(pads, setup);
  }

  window.scSignaturePad = { init: init };
  init(document);
})();
