/* The public report page: solve the server's proof-of-work challenge before submitting
   (public_reports/challenge.py), narrow townships to the chosen district, show the name and
   phone fields only for a named report, and offer the phone's location. No library, no CDN:
   SHA-256 is computed here (crypto.subtle is missing on plain-http pages). */
(function () {
  "use strict";
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2];

  function utf8(text) {
    return unescape(encodeURIComponent(text));
  }

  /* SHA-256 of an ASCII/UTF-8 string; returns the first 4 bytes' words as an array of 8 ints. */
  function sha256(text) {
    var bytes = utf8(text), len = bytes.length, words = [], i;
    for (i = 0; i < len; i++) words[i >> 2] |= (bytes.charCodeAt(i) & 0xff) << (24 - (i % 4) * 8);
    words[len >> 2] |= 0x80 << (24 - (len % 4) * 8);
    var total = ((len + 8) >> 6) * 16 + 16;
    for (i = (len >> 2) + 1; i < total; i++) words[i] = words[i] | 0;
    words[total - 1] = len * 8;
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
      0x1f83d9ab, 0x5be0cd19], W = new Array(64);
    for (var block = 0; block < total; block += 16) {
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (i = 0; i < 64; i++) {
        if (i < 16) W[i] = words[block + i] | 0;
        else {
          var x = W[i - 15], y = W[i - 2];
          var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
          var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
          W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
        }
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    return H;
  }

  function leadingZeroBits(H) {
    var count = 0;
    for (var i = 0; i < H.length; i++) {
      if (H[i] === 0) { count += 32; continue; }
      return count + Math.clz32(H[i]);
    }
    return count;
  }

  var form = document.getElementById("report-form");
  if (!form) return;
  var challenge = form.getAttribute("data-challenge");
  var bits = parseInt(form.getAttribute("data-bits"), 10) || 0;
  var solution = form.querySelector("input[name=solution]");
  var status = document.getElementById("pow-status");
  var submit = document.getElementById("report-submit");
  var solved = false;

  /* Work in slices so the page stays responsive on a phone. */
  function solve(done) {
    var counter = 0;
    function slice() {
      var end = counter + 2000;
      for (; counter < end; counter++) {
        if (leadingZeroBits(sha256(challenge + ":" + counter)) >= bits) {
          done(String(counter));
          return;
        }
      }
      setTimeout(slice, 0);
    }
    slice();
  }

  form.addEventListener("submit", function (event) {
    if (solved) return;
    event.preventDefault();
    submit.disabled = true;
    status.textContent = form.getAttribute("data-working") || "…";
    solve(function (value) {
      solution.value = value;
      solved = true;
      submit.disabled = false;
      status.textContent = "";
      form.submit();
    });
  });

  var district = document.getElementById("id_district");
  var township = document.getElementById("id_township");
  function narrowTownships() {
    if (!district || !township) return;
    var code = district.value;
    for (var i = 0; i < township.options.length; i++) {
      var option = township.options[i];
      option.hidden = option.value !== "" && option.value.indexOf(code) !== 0;
    }
  }
  if (district && township && township.options.length <= 1 && window.fetch) {
    district.addEventListener("change", function () {
      township.length = 1;
      if (!district.value) return;
      fetch(form.getAttribute("data-townships") + "?district=" + encodeURIComponent(district.value))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (rows) {
          rows.forEach(function (row) { township.add(new Option(row.name, row.code)); });
        })
        .catch(function () { /* the field is optional: leave it empty */ });
    });
  } else if (district) {
    district.addEventListener("change", narrowTownships);
  }

  var radios = form.querySelectorAll("input[name=anonymous]");
  var named = document.getElementById("named-fields");
  function toggleNamed() {
    var checked = form.querySelector("input[name=anonymous]:checked");
    if (named) named.hidden = !checked || checked.value !== "0";
  }
  for (var r = 0; r < radios.length; r++) radios[r].addEventListener("change", toggleNamed);
  toggleNamed();

  var locate = document.getElementById("locate");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        document.getElementById("id_latitude").value = position.coords.latitude.toFixed(6);
        document.getElementById("id_longitude").value = position.coords.longitude.toFixed(6);
      }, function () { /* refused or unavailable: the point is optional */ });
    });
  }
})();
