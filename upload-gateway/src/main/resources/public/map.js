// The live map: events of a time range as circles on a base map: the tile source the gateway names
// (map-config.json), or, when it is off or its tiles do not load, offline Natural Earth shapes
// (world-atlas, served by the gateway itself). The viewport is re-read every few
// seconds: the API's answer is the truth, so new, grown, merged and renamed events all show up
// without a separate change feed, and a page that was asleep catches up on its next poll.
'use strict';

(() => {
  const REFRESH_MS = 3000;
  const MAX_EVENTS = 5000; // what one page may draw; beyond that, zoom in
  const params = new URLSearchParams(location.hash.slice(1));

  const mapEl = document.getElementById('map');
  const statusEl = document.getElementById('status');
  const fromEl = document.getElementById('from');
  const toEl = document.getElementById('to');
  const panel = document.getElementById('panel');
  const keyDialog = document.getElementById('key-dialog');

  const map = L.map(mapEl, { worldCopyJump: true, minZoom: 1, maxZoom: 19, preferCanvas: true })
    .setView([20, 0], 2);
  map.attributionControl.setPrefix('Leaflet');
  L.control.scale({ imperial: false }).addTo(map);
  const eventLayer = L.layerGroup().addTo(map); // extents
  // At low zoom nearby events become one bubble with their count; a click on it zooms in (the plugin's default).
  const markerLayer = L.markerClusterGroup({ disableClusteringAtZoom: 15, showCoverageOnHover: false }).addTo(map);
  const drawn = new Map(); // eventId -> { key, layers }

  let selectedId = null; // the selected event's current id (the survivor, after merges)
  let clickedId = null; // the id the user picked: the photos route resolves it and counts photos of merged-away ids
  let via = []; // ids the selection was merged away from while shown
  let selectedCount = null;
  let photoCursor = null;
  let generation = 0;
  let timer = null;
  let fittedOnce = params.has('bbox');

  // ---- base map ----

  /**
   * A ring that jumps across ±180 (Russia, Fiji) is made continuous, else it is drawn as a band
   * across the whole map; a ring that circles a pole (Antarctica) is kept as it is.
   */
  function unwrapRing(ring) {
    let prev = ring[0][0];
    const out = ring.map(([x, y]) => {
      while (x - prev > 180) x -= 360;
      while (x - prev < -180) x += 360;
      prev = x;
      return [x, y];
    });
    return Math.abs(out[0][0] - out[out.length - 1][0]) < 1e-9 ? out : ring;
  }

  function shifted(geometry, dx) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    return {
      type: 'MultiPolygon',
      coordinates: polygons.map((rings) => rings.map((r) => unwrapRing(r).map(([x, y]) => [x + dx, y]))),
    };
  }

  const TILE_TIMEOUT_MS = 8000; // a host that swallows requests never answers with an error
  const baseNote = document.getElementById('base-map-note');

  /** Tiles from the configured source; the first sign that none load swaps in the offline shapes. */
  function useTiles(tiles) {
    let loaded = 0;
    let failed = false;
    const layer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19, crossOrigin: false });
    const fallBack = (why) => {
      if (failed || loaded > 0) return;
      failed = true;
      map.removeLayer(layer);
      let host = tiles.url;
      try { host = new URL(tiles.url.replace(/\{[a-z]+\}/g, '0')).host; } catch (e) { /* keep the template */ }
      baseNote.textContent = `Map tiles from ${host} did not load (${why}): showing offline country shapes.`;
      baseNote.hidden = false;
      useShapes();
    };
    layer.on('tileload', () => {
      loaded++;
      mapEl.dataset.tilesLoaded = String(loaded);
      mapEl.dataset.baseMap = 'tiles';
    });
    layer.on('tileerror', () => fallBack('tile error'));
    setTimeout(() => fallBack('no answer'), TILE_TIMEOUT_MS);
    layer.addTo(map).bringToBack();
  }

  function useShapes() {
    mapEl.dataset.baseMap = 'shapes';
    map.attributionControl.addAttribution('Natural Earth (world-atlas)');
    loadShapes();
  }

  fetch('map-config.json')
    .then((r) => r.json())
    .then((config) => (config.tiles ? useTiles(config.tiles) : useShapes()))
    .catch((e) => {
      setStatus(`map settings failed: ${e.message}`);
      useShapes();
    });

  function loadShapes() {
    return fetch('vendor/world-atlas/countries-50m.json')
      .then((r) => r.json())
      .then((world) => {
        const land = topojson.feature(world, world.objects.countries).features.filter((f) => f.geometry);
        // One copy each side, so that land shows when the view spans the antimeridian.
        const copies = [-360, 0, 360].flatMap((dx) => land.map((f) => ({ type: 'Feature', properties: {}, geometry: shifted(f.geometry, dx) })));
        L.geoJSON({ type: 'FeatureCollection', features: copies }, {
          interactive: false,
          style: { color: '#9e9e9e', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1 },
        }).addTo(map).bringToBack();
      })
      .catch((e) => setStatus(`base map failed: ${e.message}`));
  }

  // ---- time range ----

  const isoToInput = (iso) => (iso ? iso.replace(/Z$/, '').slice(0, 19) : '');
  const inputToIso = (v) => (v ? `${v.length === 16 ? v + ':00' : v}Z` : '');
  fromEl.value = isoToInput(params.get('from'));
  toEl.value = isoToInput(params.get('to'));
  document.getElementById('range').addEventListener('submit', (e) => {
    e.preventDefault();
    refresh();
  });
  document.getElementById('all-time').addEventListener('click', () => {
    fromEl.value = '';
    toEl.value = '';
    refresh();
  });

  // ---- viewport ----

  if (params.has('bbox')) {
    const [w, s, e, n] = params.get('bbox').split(',').map(Number);
    map.fitBounds([[s, w], [n, e > w ? e : e + 360]]);
  }

  const wrapLon = (x) => ((((x + 180) % 360) + 360) % 360) - 180;

  /** west,south,east,north of what is on screen; west > east when it crosses the antimeridian. */
  function bbox() {
    const b = map.getBounds();
    let w = b.getWest();
    let e = b.getEast();
    if (e - w >= 360) {
      w = -180;
      e = 180;
    } else {
      w = wrapLon(w);
      e = wrapLon(e);
      if (e === -180) e = 180;
    }
    const s = Math.max(-90, b.getSouth());
    const n = Math.min(90, b.getNorth());
    return [w, s, e, n].map((x) => x.toFixed(6)).join(',');
  }

  /** The copy of a longitude nearest the map's centre (the view may span beyond ±180). */
  function nearLon(lon) {
    const c = map.getCenter().lng;
    return lon + 360 * Math.round((c - lon) / 360);
  }

  // ---- events ----

  const colour = (e) => (e.status === 'closed' ? '#1565c0' : '#e65100');
  const markerPx = (count) => Math.min(30, 5 + 3 * Math.log2(Math.max(1, count)));

  function layersOf(e) {
    const [lon, lat] = e.centroid.coordinates;
    const at = [lat, nearLon(lon)];
    const style = { color: colour(e), weight: 1.5 };
    const extent = L.circle(at, { ...style, radius: Math.max(5, e.radiusMeters || 0), fillOpacity: 0.12 });
    const size = L.circleMarker(at, { ...style, radius: markerPx(e.photoCount || 1), fillOpacity: 0.55 });
    const tip = SnapMapTitle.of(e);
    for (const l of [extent, size]) {
      l.bindTooltip(tip);
      l.on('click', () => select(e.eventId));
    }
    return [extent, size];
  }

  const layerFor = (l) => (l instanceof L.Circle ? eventLayer : markerLayer);

  function draw(events) {
    const seen = new Set();
    for (const e of events) {
      if (!e.centroid) continue;
      seen.add(e.eventId);
      const key = [e.version, e.photoCount, e.status, e.updatedAt, nearLon(e.centroid.coordinates[0])].join('|');
      const old = drawn.get(e.eventId);
      if (old && old.key === key) continue;
      if (old) old.layers.forEach((l) => layerFor(l).removeLayer(l));
      const layers = layersOf(e);
      layers.forEach((l) => layerFor(l).addLayer(l));
      drawn.set(e.eventId, { key, layers });
    }
    for (const [id, d] of drawn) {
      if (!seen.has(id)) { // merged away, renamed, or out of view/range
        d.layers.forEach((l) => layerFor(l).removeLayer(l));
        drawn.delete(id);
      }
    }
    mapEl.setAttribute('data-event-count', String(drawn.size));
  }

  async function refresh() {
    clearTimeout(timer);
    if (!SnapMapApi.key()) {
      askKey('');
      return;
    }
    const mine = ++generation;
    try {
      const { events, truncated } = await SnapMapApi.eventsIn(bbox(), inputToIso(fromEl.value), inputToIso(toEl.value), MAX_EVENTS);
      if (mine !== generation) return; // a newer request is under way
      draw(events);
      if (!fittedOnce && events.length > 0) {
        fittedOnce = true;
        const pts = events.filter((e) => e.centroid).map((e) => [e.centroid.coordinates[1], e.centroid.coordinates[0]]);
        map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 14 });
      }
      mapEl.setAttribute('data-ready', 'true');
      setStatus(`${drawn.size} event${drawn.size === 1 ? '' : 's'}${truncated ? ` (first ${MAX_EVENTS}: zoom in for more)` : ''}`
        + ` · updated ${new Date().toLocaleTimeString()}`);
      if (selectedId) await followSelected();
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof SnapMapApi.AuthError) {
        SnapMapApi.setKey(null);
        askKey(e.message);
        return;
      }
      setStatus(`update failed: ${e.message} (retrying)`);
    }
    // A hidden tab stops polling; it catches up as soon as it is shown again.
    if (mine === generation && !document.hidden) timer = setTimeout(refresh, REFRESH_MS);
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });

  let moveTimer = null;
  map.on('zoomend', () => { mapEl.dataset.zoom = String(map.getZoom()); });
  mapEl.dataset.zoom = String(map.getZoom());
  map.on('moveend', () => {
    clearTimeout(moveTimer);
    moveTimer = setTimeout(refresh, 250);
  });

  // ---- selected event ----

  function facts(e) {
    document.getElementById('event-title').textContent = SnapMapTitle.of(e);
    const dl = document.getElementById('event-facts');
    dl.replaceChildren();
    const rows = [
      ['id', e.eventId], ['photos', e.photoCount], ['status', e.status], ['from', e.startAt], ['to', e.endAt],
      ['radius', e.radiusMeters == null ? '' : `${Math.round(e.radiusMeters)} m`],
      ['centre', e.centroid ? e.centroid.coordinates.slice().reverse().map((x) => x.toFixed(5)).join(', ') : ''],
    ];
    for (const [k, v] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v == null ? '' : String(v);
      dl.append(dt, dd);
    }
    const note = document.getElementById('merged-note');
    note.hidden = via.length === 0;
    note.textContent = via.length ? `Merged: ${via.join(' → ')} → ${e.eventId}` : '';
  }

  async function loadPhotos(reset) {
    const thumbs = document.getElementById('thumbs');
    if (reset) {
      thumbs.replaceChildren();
      photoCursor = null;
    }
    const page = await SnapMapApi.photos(clickedId, photoCursor);
    for (const p of page.photos) {
      const a = document.createElement('a');
      a.href = p.readUrl;
      a.target = '_blank';
      a.rel = 'noopener';
      a.title = `${p.photoId} · ${p.takenAt}`;
      const img = document.createElement('img');
      img.loading = 'lazy';
      img.alt = p.photoId;
      img.src = p.readUrl; // short-lived read URL: re-fetched whenever the event is shown again
      a.append(img);
      thumbs.append(a);
    }
    photoCursor = page.nextCursor;
    document.getElementById('more-photos').hidden = !photoCursor;
  }

  async function select(id) {
    selectedId = id;
    clickedId = id;
    via = [];
    selectedCount = null;
    panel.hidden = false;
    map.invalidateSize();
    try {
      await followSelected();
    } catch (e) {
      setStatus(`event ${id}: ${e.message}`);
    }
  }

  /** Re-reads the selected event: follows mergedInto to the survivor, reloads photos when it grew. */
  async function followSelected() {
    const e = await SnapMapApi.event(selectedId);
    const moved = e.eventId !== selectedId;
    for (const id of e.mergedFrom || []) {
      if (!via.includes(id)) via.push(id);
    }
    selectedId = e.eventId;
    facts(e);
    panel.dataset.eventId = e.eventId;
    if (moved || selectedCount !== e.photoCount) {
      selectedCount = e.photoCount;
      await loadPhotos(true);
    }
  }

  document.getElementById('more-photos').addEventListener('click', () => loadPhotos(false));
  document.getElementById('close-panel').addEventListener('click', () => {
    selectedId = null;
    panel.hidden = true;
    map.invalidateSize();
  });

  // ---- API key ----

  function askKey(message) {
    document.getElementById('key-error').textContent = message || '';
    setStatus('waiting for an API key');
    if (!keyDialog.open) keyDialog.showModal();
  }

  document.getElementById('key-form').addEventListener('submit', () => {
    SnapMapApi.setKey(document.getElementById('key-input').value.trim());
    document.getElementById('key-input').value = '';
    refresh();
  });
  document.getElementById('change-key').addEventListener('click', () => askKey(''));

  function setStatus(text) {
    statusEl.textContent = text;
  }

  // A key handed over in the fragment (scripts, bookmarks) is taken once and wiped from the address bar.
  if (params.has('key')) {
    SnapMapApi.setKey(params.get('key'));
    params.delete('key');
    history.replaceState(null, '', location.pathname + location.search + (params.toString() ? `#${params}` : ''));
  }
  refresh();
  if (params.has('event')) select(params.get('event'));
})();
