/* Signature pad: draw with finger, stylus or mouse (pointer events) on a canvas;
   the PNG goes into the hidden input named by data-target. No dependencies. */
(function () {
  "use strict";

  function setup(pad) {
    var canvas = pad.querySelector("canvas");
    var target = document.getElementById(pad.getAttribute("data-target"));
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var last = null;

    function pen() {
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111";
      ctx.fillStyle = "#111";
    }

    function draw(dataUrl) {
      var img = new Image();
      img.onload = function () {
        var r = canvas.getBoundingClientRect();
        ctx.drawImage(img, 0, 0, r.width, r.height);
      };
      img.src = dataUrl;
      pad.classList.add("signed");
    }

    function resize() {
      var r = canvas.getBoundingClientRect();
      var ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(r.width * ratio);
      canvas.height = Math.round(r.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      pen();
      if (target && target.value) { draw(target.value); }
    }

    function point(e) {
      var r = canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    }

    canvas.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* synthetic pointer */ }
      drawing = true;
      last = point(e);
      ctx.beginPath();
      ctx.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
      ctx.fill();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) { return; }
      e.preventDefault();
      var p = point(e);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
    });
    function end() {
      if (!drawing) { return; }
      drawing = false;
      pad.classList.add("signed");
      if (target) {
        target.value = canvas.toDataURL("image/png");
        target.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);

    var clear = pad.parentNode.querySelector("[data-clear-pad]");
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        pad.classList.remove("signed");
        if (target) {
          target.value = "";
          target.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
    }
    // a draft restored after a failed submit brings the signature back
    document.addEventListener("draft:restored", function () {
      if (target && target.value) { draw(target.value); }
    });
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
