/*
 * Loads the maps' assets (Leaflet, its plugins and styles, network-map.js) only when a map is about to
 * scroll into view, so that a page's text renders without waiting for 200 kB of map code. The assets are
 * written by the server inside <template id="map-assets">: inert until this script inserts them.
 *
 * It also writes the network maps' status lines until network-map.js takes them over: "loading" once the
 * page runs scripts (the server leaves them empty: without JavaScript nothing is loading), then "the map
 * could not be loaded" if a script fails to arrive or Leaflet is still missing after FAILED_AFTER_MS.
 */
(function () {
    "use strict";

    var loaded = false;
    /* Leaflet and our script weigh about 200 kB: on a slow phone network they take a few seconds. Should
       they arrive after this, network-map.js still draws the map and rewrites the status line. */
    var FAILED_AFTER_MS = 20000;

    function statusLines() {
        var lines = [];
        Array.prototype.forEach.call(document.querySelectorAll("[data-network-map]"), function (map) {
            var line = document.getElementById(map.dataset.statusId || "");
            if (line) lines.push(line);
        });
        return lines;
    }

    function sayLoading() {
        statusLines().forEach(function (line) {
            if (!line.textContent.trim()) line.textContent = line.dataset.loading || "";
        });
    }

    /* Only a line that still says "loading": once network-map.js has written one, the map is there. */
    function sayFailed() {
        statusLines().forEach(function (line) {
            if (line.textContent === line.dataset.loading && line.dataset.failed) {
                line.textContent = line.dataset.failed;
            }
        });
    }

    function load() {
        if (loaded) return;
        loaded = true;
        var assets = document.getElementById("map-assets");
        if (!assets) return;
        Array.prototype.forEach.call(assets.content.children, function (node) {
            var element;
            if (node.tagName === "SCRIPT" && node.getAttribute("src")) {
                element = document.createElement("script");
                element.src = node.getAttribute("src");
                element.async = false; /* run in the order written: Leaflet, its plugins, then ours */
                element.addEventListener("error", sayFailed);
            } else {
                element = document.importNode(node, true); /* stylesheets, and the JSON Leaflet reads */
            }
            document.body.appendChild(element);
        });
        window.setTimeout(function () {
            if (typeof window.L === "undefined") sayFailed();
        }, FAILED_AFTER_MS);
    }

    function init() {
        var maps = document.querySelectorAll("[data-network-map], [data-city-map]");
        if (!maps.length) return;
        sayLoading();
        if (!("IntersectionObserver" in window)) {
            load();
            return;
        }
        var observer = new IntersectionObserver(function (entries) {
            if (entries.some(function (entry) { return entry.isIntersecting; })) {
                observer.disconnect();
                load();
            }
        }, { rootMargin: "300px 0px" });
        Array.prototype.forEach.call(maps, function (map) { observer.observe(map); });
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
