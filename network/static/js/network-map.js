/*
 * Public maps of the network: markers from /api/cities.geojson, clustered so that close cities
 * (Medellín, Envigado, La Estrella…) stay distinguishable. On the directory, the filter form
 * updates the list and the map together without a full reload and keeps the query string.
 * A map may carry a second layer (the good practices, data-overlay-url) with markers of their own
 * and a control to show or hide each layer; the directory's country and theme filters apply to it.
 * Without JavaScript the list and its filters still work; the list is the accessible alternative.
 */
(function () {
    "use strict";

    function text(tag, className, value) {
        var element = document.createElement(tag);
        if (className) element.className = className;
        element.textContent = value;
        return element;
    }

    /* A city's popup, or a practice's (`properties.city` names the practice's city). */
    function popupContent(properties, strings) {
        var box = document.createElement("div");
        box.className = "map-popup";
        var title = document.createElement("h3");
        var link = text("a", "", properties.name);
        link.href = properties.url;
        if (properties.language) title.lang = properties.language;
        title.appendChild(link);
        box.appendChild(title);
        var area = properties.city || properties.region;
        var place = area ? area + ", " + properties.country_name : properties.country_name;
        box.appendChild(text("p", "map-popup__place", place));
        if (properties.themes && properties.themes.length) {
            box.appendChild(text("p", "map-popup__themes", strings.themes + ": " + properties.themes.join(", ")));
        }
        var more = text("a", "map-popup__more", properties.city ? strings.open_overlay : strings.open);
        more.href = properties.url;
        box.appendChild(more);
        return box;
    }

    /* The practices' own marker and cluster icons, offset up and right so that a practice stays clickable
       beside its city's marker. */
    function practiceIcon() {
        return L.divIcon({ className: "practice-marker", html: "<span></span>", iconSize: [18, 18], iconAnchor: [-4, 22] });
    }

    /* A cluster is a button that shows a number: its name says what the number counts and what choosing it
       does, in the page's language. The number stays the first span, hidden from screen readers. */
    function clusterContent(tag, count, label) {
        var content = document.createElement(tag);
        var number = text("span", "", String(count));
        number.setAttribute("aria-hidden", "true");
        content.appendChild(number);
        content.appendChild(text("span", "visually-hidden", (label || "%s").replace("%s", count)));
        return content;
    }

    /* Leaflet.markercluster's own icon (its size classes and markup), with that name. */
    function cityClusterIcon(label) {
        return function (cluster) {
            var count = cluster.getChildCount();
            var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
            return L.divIcon({
                className: "marker-cluster marker-cluster-" + size,
                html: clusterContent("div", count, label),
                iconSize: L.point(40, 40)
            });
        };
    }

    function practiceClusterIcon(label) {
        return function (cluster) {
            return L.divIcon({
                className: "practice-cluster",
                html: clusterContent("div", cluster.getChildCount(), label),
                iconSize: [30, 30],
                iconAnchor: [-2, 34]
            });
        };
    }

    function pick(query, names) {
        var params = new URLSearchParams(query);
        var kept = new URLSearchParams();
        names.forEach(function (name) { if (params.get(name)) kept.set(name, params.get(name)); });
        return kept.toString();
    }

    function fetchCollection(url, query, controller) {
        var full = url + (query ? (url.indexOf("?") < 0 ? "?" : "&") + query : "");
        return fetch(full, { signal: controller.signal, headers: { Accept: "application/geo+json" } })
            .then(function (response) {
                if (!response.ok) throw new Error(response.status);
                return response.json();
            });
    }

    function NetworkMap(map, container) {
        this.map = map;
        this.container = container;
        this.url = container.dataset.geojsonUrl;
        this.status = document.getElementById(container.dataset.statusId || "");
        this.strings = JSON.parse(container.dataset.strings || "{}");
        this.fitToMarkers = container.dataset.fit !== "false";
        this.layer = L.markerClusterGroup({
            showCoverageOnHover: false,
            maxClusterRadius: 40,
            iconCreateFunction: cityClusterIcon(this.strings.cluster)
        });
        map.addLayer(this.layer);
        this.request = null;
        // Leaflet ignores a view asked for while it animates a zoom: after a quick change of filter the map
        // stayed on the last cities' zoom. A fit asked for meanwhile waits for that zoom's end.
        var self = this;
        this.zooming = false;
        this.fitWaiting = false;
        map.on("zoomanim", function () { self.zooming = true; });
        map.on("zoomend", function () {
            self.zooming = false;
            if (self.fitWaiting) self.fit();
        });
        this.overlayUrl = container.dataset.overlayUrl || "";
        this.overlayCount = null;
        if (this.overlayUrl) {
            this.overlay = L.markerClusterGroup({
                showCoverageOnHover: false,
                maxClusterRadius: 40,
                iconCreateFunction: practiceClusterIcon(this.strings.overlay_cluster)
            });
            map.addLayer(this.overlay);
            var layers = {};
            layers[this.strings.layer] = this.layer;
            layers[this.strings.overlay_layer] = this.overlay;
            L.control.layers(null, layers, { collapsed: false }).addTo(map);
        }
    }

    NetworkMap.prototype.load = function (query) {
        var self = this;
        if (this.request) this.request.abort();
        var controller = new AbortController();
        this.request = controller;
        this.container.setAttribute("aria-busy", "true");
        // The cities are shown even when the second layer's data cannot be had.
        var overlay = Promise.resolve(null);
        if (this.overlayUrl) {
            overlay = fetchCollection(this.overlayUrl, pick(query, ["country", "theme"]), controller)
                .catch(function (error) {
                    if (error.name === "AbortError") throw error;
                    return null;
                });
        }
        return Promise.all([fetchCollection(this.url, query, controller), overlay])
            .then(function (collections) {
                self.showOverlay(collections[1]);
                self.show(collections[0]);
            })
            .catch(function (error) {
                if (error.name === "AbortError") return;
                self.say(self.strings.failed);
            })
            .finally(function () {
                if (self.request === controller) self.container.removeAttribute("aria-busy");
            });
    };

    NetworkMap.prototype.show = function (collection) {
        var self = this;
        var markers = [];
        var unlocated = 0;
        collection.features.forEach(function (feature) {
            if (!feature.geometry) { unlocated += 1; return; }
            var position = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
            var marker = L.marker(position, { title: feature.properties.name, alt: feature.properties.name });
            marker.bindPopup(popupContent(feature.properties, self.strings));
            markers.push(marker);
        });
        this.layer.clearLayers();
        this.layer.addLayers(markers);
        this.container.dataset.markerCount = String(markers.length);
        if (markers.length && this.fitToMarkers) this.fit();
        else this.fitWaiting = false;
        var message = (this.strings.shown || "%s").replace("%s", markers.length);
        if (unlocated) message += " " + (this.strings.unlocated || "%s").replace("%s", unlocated);
        if (this.overlayCount !== null) message += " " + this.strings.overlay_shown.replace("%s", this.overlayCount);
        this.say(message);
        this.container.dispatchEvent(new CustomEvent("networkmap:loaded", { bubbles: true }));
    };

    NetworkMap.prototype.fit = function () {
        this.fitWaiting = this.zooming;
        if (!this.zooming) this.map.fitBounds(this.layer.getBounds(), { padding: [24, 24], maxZoom: 11 });
    };

    NetworkMap.prototype.showOverlay = function (collection) {
        var self = this;
        if (!this.overlay) return;
        if (!collection) {
            this.overlay.clearLayers();
            this.overlayCount = null;
            delete this.container.dataset.overlayCount;
            return;
        }
        var icon = practiceIcon();
        var markers = collection.features.map(function (feature) {
            var position = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
            var marker = L.marker(position, { icon: icon, title: feature.properties.name, alt: feature.properties.name });
            marker.bindPopup(popupContent(feature.properties, self.strings));
            return marker;
        });
        this.overlay.clearLayers();
        this.overlay.addLayers(markers);
        this.overlayCount = markers.length;
        this.container.dataset.overlayCount = String(markers.length);
    };

    NetworkMap.prototype.say = function (message) {
        if (this.status) this.status.textContent = message;
    };

    /* The filters as a query string. A field the server refused (aria-invalid: a crafted link's search text
       longer than the box allows) or the browser would refuse is left out, as the list leaves it out. */
    function queryFromForm(form) {
        var refused = {};
        Array.prototype.forEach.call(form.elements, function (field) {
            if (!field.name) return;
            if (field.getAttribute("aria-invalid") === "true" || (field.validity && !field.validity.valid)) {
                refused[field.name] = true;
            }
        });
        var params = new URLSearchParams();
        new FormData(form).forEach(function (value, name) {
            if (!refused[name] && String(value).trim() !== "") params.append(name, String(value).trim());
        });
        return params.toString();
    }

    /* Once its field is edited, the server's message about the field no longer describes it. */
    function forgetRefusal(field) {
        if (field.getAttribute("aria-invalid") !== "true") return;
        field.removeAttribute("aria-invalid");
        var message = document.getElementById(field.id + "_error");
        if (message) message.remove();
        var wrapper = field.closest(".filters__field--error");
        if (wrapper) wrapper.classList.remove("filters__field--error");
    }

    // The language switcher leads to the same filtered view in the other language.
    function keepQueryInLanguageLinks(query) {
        document.querySelectorAll("nav.language-switcher a[href]").forEach(function (link) {
            link.setAttribute("href", link.getAttribute("href").split("?")[0] + (query ? "?" + query : ""));
        });
    }

    // The results' live heading (their count) stays the same element and only its words change: a screen
    // reader announces changes to a live region it knows, not a new one put in its place.
    function replaceResults(results, fresh) {
        var live = results.querySelector("[aria-live]");
        var freshLive = live && fresh.querySelector("#" + live.id);
        if (!freshLive) {
            results.innerHTML = fresh.innerHTML;
            return;
        }
        live.textContent = freshLive.textContent;
        Array.prototype.slice.call(results.childNodes).forEach(function (node) {
            if (node !== live) results.removeChild(node);
        });
        var after = null;
        Array.prototype.slice.call(fresh.childNodes).forEach(function (node) {
            if (node === freshLive) {
                after = live;
                return;
            }
            var copy = document.importNode(node, true);
            if (after) {
                after.parentNode.insertBefore(copy, after.nextSibling);
                after = copy;
            } else {
                results.insertBefore(copy, live);
            }
        });
    }

    function connectDirectory(networkMap, form, results) {
        var pageRequest = null;

        function refresh(query, push) {
            var pageUrl = form.action.split("?")[0] + (query ? "?" + query : "");
            if (push) history.pushState({ query: query }, "", pageUrl);
            keepQueryInLanguageLinks(query);
            if (pageRequest) pageRequest.abort();
            var controller = new AbortController();
            pageRequest = controller;
            results.setAttribute("aria-busy", "true");
            fetch(pageUrl, { signal: controller.signal, headers: { "X-Requested-With": "fetch" } })
                .then(function (response) { return response.text(); })
                .then(function (html) {
                    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(results.id);
                    if (fresh) replaceResults(results, fresh);
                })
                .catch(function (error) { if (error.name !== "AbortError") window.location.href = pageUrl; })
                .finally(function () {
                    if (pageRequest === controller) results.removeAttribute("aria-busy");
                });
            networkMap.load(query);
        }

        // Typing, or stepping through a select's options with the keyboard (each step is a change), refreshes
        // once the keys rest; a choice made with the mouse refreshes at once.
        var waiting = null;
        var keyedSelect = null;
        function refreshSoon(delay) {
            clearTimeout(waiting);
            waiting = setTimeout(function () { refresh(queryFromForm(form), true); }, delay);
        }
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            clearTimeout(waiting);
            refresh(queryFromForm(form), true);
        });
        form.addEventListener("keydown", function (event) {
            keyedSelect = event.target.tagName === "SELECT" ? event.target : null;
        });
        form.addEventListener("mousedown", function () { keyedSelect = null; });
        form.addEventListener("change", function (event) {
            forgetRefusal(event.target);
            if (event.target.name === "q") return;
            if (event.target === keyedSelect) {
                refreshSoon(600);
                return;
            }
            clearTimeout(waiting);
            refresh(queryFromForm(form), true);
        });
        form.addEventListener("input", function (event) {
            if (event.target.name !== "q") return;
            forgetRefusal(event.target);
            refreshSoon(400);
        });
        window.addEventListener("popstate", function () {
            var params = new URLSearchParams(window.location.search);
            Array.prototype.forEach.call(form.elements, function (field) {
                if (field.name) field.value = params.get(field.name) || "";
            });
            refresh(params.toString(), false);
        });
    }

    /* A popup opened from a marker that had the focus (the keyboard's Enter) takes it: its link comes next,
       not after every other marker. Escape closes it and gives the focus back to the marker. Its close
       button is named in the page's language (Leaflet names it in English). */
    function keyboardPopups(map, strings) {
        var opened = null;
        var opener = null;
        map.on("popupopen", function (event) {
            opened = event.popup;
            var element = event.popup.getElement();
            var close = element.querySelector(".leaflet-popup-close-button");
            if (close && strings.close) close.setAttribute("aria-label", strings.close);
            var active = document.activeElement;
            opener = map.getContainer().contains(active) && !element.contains(active) ? active : null;
            var link = element.querySelector(".leaflet-popup-content a[href]");
            if (opener && link) link.focus();
        });
        map.on("popupclose", function (event) {
            if (opened === event.popup) opened = null;
        });
        map.getContainer().addEventListener("keydown", function (event) {
            if (event.key !== "Escape" || !opened) return;
            map.closePopup();
            if (opener && document.body.contains(opener)) opener.focus();
            opener = null;
        });
    }

    function networkMapInit(map) {
        var container = map.getContainer();
        var networkMap = new NetworkMap(map, container);
        keyboardPopups(map, networkMap.strings);
        var form = document.getElementById(container.dataset.filterForm || "");
        var results = document.getElementById(container.dataset.results || "");
        if (form && results) connectDirectory(networkMap, form, results);
        networkMap.load(form ? queryFromForm(form) : "");
        container.networkMap = networkMap;
    }

    /* A city page's map: centred on the city, with its marker. */
    function cityMapInit(map) {
        var container = map.getContainer();
        var position = [parseFloat(container.dataset.latitude), parseFloat(container.dataset.longitude)];
        L.marker(position, { title: container.dataset.name, alt: container.dataset.name }).addTo(map);
        map.setView(position, 10);
    }

    /* Country outlines under everything else, drawn when no tile server is configured or as soon as a
       tile fails; tiles that do load are drawn over them (their pane is above the basemap's). */
    function keepBasemap(map, container) {
        var url = container.dataset.basemapUrl;
        if (!url) return;
        var drawn = false;
        function draw() {
            if (drawn) return;
            drawn = true;
            map.createPane("basemap").style.zIndex = 150;
            fetch(url)
                .then(function (response) { return response.json(); })
                .then(function (countries) {
                    L.geoJSON(countries, {
                        pane: "basemap",
                        interactive: false,
                        style: { color: "#7b8a9c", weight: 1, fillColor: "#eef1ec", fillOpacity: 1 }
                    }).addTo(map);
                    container.classList.add("has-basemap");
                    container.dataset.basemap = "shown";
                    var notice = L.control({ position: "bottomleft" });
                    notice.onAdd = function () {
                        var element = text("p", "map-basemap-notice", container.dataset.basemapNotice || "");
                        element.setAttribute("role", "note");
                        return element;
                    };
                    notice.addTo(map);
                })
                .catch(function () { drawn = false; });
        }
        var tiles = [];
        map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) tiles.push(layer); });
        if (!tiles.length) draw();
        tiles.forEach(function (layer) { layer.on("tileerror", draw); });
    }

    /* Leaflet names its zoom buttons in English: the page gives their names in its language. */
    function nameZoomButtons(map, container) {
        if (!map.zoomControl || !container.dataset.zoomIn) return;
        map.removeControl(map.zoomControl);
        map.zoomControl = L.control.zoom({
            zoomInTitle: container.dataset.zoomIn,
            zoomOutTitle: container.dataset.zoomOut
        }).addTo(map);
    }

    /* django-leaflet builds each map from the options LEAFLET_CONFIG gave the page. */
    function createMap(container, callback) {
        L.Map.djangoMap(container.id, {
            djoptions: JSON.parse(container.dataset.djoptions),
            globals: false,
            callback: function (map) {
                nameZoomButtons(map, container);
                keepBasemap(map, container);
                callback(map);
            }
        });
    }

    function init() {
        /* Leaflet did not arrive (blocked, or the network failed): map-loader.js says so in the status line. */
        if (typeof L === "undefined") return;
        document.querySelectorAll("[data-network-map]").forEach(function (container) {
            createMap(container, networkMapInit);
        });
        document.querySelectorAll("[data-city-map]").forEach(function (container) {
            createMap(container, cityMapInit);
        });
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();

