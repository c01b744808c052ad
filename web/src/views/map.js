// The map: Ukraine's oblasts and the seas (shipped with Truce, no tiles from
// the network), the occupied area and line of contact at a date, zones,
// protected sites and incidents coloured by verdict and grade, clustered when
// zoomed out. Incidents are fetched for the viewport only (the server filters).
import { Map as MapLibre, Marker, NavigationControl, setWorkerUrl } from 'maplibre-gl';
import { h, replace, notice, humanize } from '../dom.js';
import { get, tryGet } from '../api.js';
import { dateControl } from './datecontrol.js';
import { unavailable } from './common.js';

setWorkerUrl(new URL('maplibre-gl-worker.mjs', document.baseURI).href);

export const VERDICT_COLOURS = {
  violation: '#c62828',
  'needs-review': '#ef8f00',
  'not-covered': '#5c6bc0',
  none: '#607d8b',
};

const EMPTY = { type: 'FeatureCollection', features: [] };
const UKRAINE = [[22.0, 44.2], [40.3, 52.5]];

export async function render(root, app, live) {
  const { ref } = app;
  const mapEl = h('div', { class: 'map', id: 'map', role: 'region', 'aria-label': 'Map of Ukraine: occupied area, line of contact, zones, sites and incidents' });
  const status = h('div', { class: 'map-status', role: 'status', 'aria-live': 'polite' });
  const lineBox = h('div', { class: 'line-box' });
  const listBox = h('div', { class: 'incident-list', id: 'incident-list' });
  const siteBox = h('div', { class: 'site-list', id: 'site-list' });
  const hint = () => h('p', { class: 'hint' }, 'Choose an incident or a protected site on the map or in the lists for its details; Escape closes them.');
  const detail = h('aside', { class: 'detail', id: 'incident-detail', tabindex: '-1', 'aria-live': 'polite' }, hint());
  const layers = h('fieldset', { class: 'layers' }, h('legend', {}, 'Layers'));
  const windowSel = h('select', { id: 'incident-window' },
    [['1', 'that day'], ['7', '7 days'], ['30', '30 days'], ['90', '90 days'], ['all', 'all time']].map(([v, t]) => h('option', { value: v, selected: v === '30' }, t)));
  const windowBox = h('div', { class: 'window-box' }, h('label', { for: 'incident-window' }, 'Incidents in the '), windowSel, h('span', {}, ' up to the chosen date'));
  replace(root,
    h('header', { class: 'view-head' }, h('h1', { id: 'h-map' }, 'Map'), lineBox),
    h('div', { class: 'map-grid' },
      h('div', { class: 'map-col' }, mapEl, status),
      h('div', { class: 'side' },
        layers,
        windowBox,
        mapLegend(),
        h('section', { 'aria-labelledby': 'h-inc-detail' }, h('h2', { id: 'h-inc-detail' }, 'Details'), detail),
        h('section', { 'aria-labelledby': 'h-incidents' }, h('h2', { id: 'h-incidents' }, 'Incidents in view'), listBox),
        h('section', { 'aria-labelledby': 'h-sites' }, h('h2', { id: 'h-sites' }, 'Protected sites in view'), siteBox))));

  // Live: new reports, imports and decisions redraw the incidents in view
  // (and the incident shown, when it is theirs); a new line version, site
  // registry or zones redraw those layers.
  live(['report', 'report-import', 'decision', 'line-version', 'sites', 'zones'], async (changes) => {
    const kinds = new Set(changes.map((c) => c.kind));
    const work = [];
    if (kinds.has('report') || kinds.has('report-import') || kinds.has('decision')) {
      work.push(refreshIncidents());
      if (shown && shown.incident) {
        const touched = changes.some((c) => c.change && (c.kind === 'report-import'
          || (c.kind === 'report' && c.change.data && String(c.change.data.incident) === shown.incident)
          || (c.kind === 'decision' && String(c.change.ref) === shown.incident)));
        if (touched) work.push(openIncident(shown.incident, null, true));
      }
    }
    if (kinds.has('line-version')) {
      work.push(tryGet('/api/lines').then((got) => {
        if (!got.data) return null;
        versions = lineDates(got.data);
        if (versions.length === 0) return null;
        if (control && control.el.id === 'line-date') control.setDates([...new Set([...versions, ...app.ref.dates])].sort());
        return showLine(app.date);
      }));
    }
    if (kinds.has('sites')) {
      work.push(tryGet('/api/sites').then(async (got) => {
        if (!got.data) return;
        siteFeatures = sitesGeoJSON(got.data).features;
        if (map) {
          await layersReady;
          map.getSource('sites').setData({ type: 'FeatureCollection', features: siteFeatures });
        }
        renderSites();
      }));
    }
    if (kinds.has('zones')) {
      work.push(app.refresh().then(async () => {
        if (!map) return;
        await layersReady;
        map.getSource('zones').setData({ type: 'FeatureCollection', features: app.ref.zones.filter((z) => z.geometry)
          .map((z) => ({ type: 'Feature', properties: { id: z.id, name: z.name, kind: z.kind }, geometry: z.geometry })) });
      }));
    }
    await Promise.all(work);
  });

  // Line versions: the slider's stops.
  // The API's answers are fetched while the map loads its basemap.
  const linesP = tryGet('/api/lines');
  const sitesP = tryGet('/api/sites');
  const labelsP = fetch(new URL('basemap/oblast-labels.geojson', document.baseURI).href).then((r) => (r.ok ? r.json() : EMPTY)).catch(() => EMPTY);
  const messages = [];
  // The map is made after this first answer: by then the page's layout has
  // settled, and the map fits Ukraine into its real size.
  const lines = await linesP;
  let versions = lines.data ? lineDates(lines.data) : [];
  if (!lines.data) messages.push(unavailable('line-of-contact versions and the occupied area', '/api/lines', lines));
  else if (versions.length === 0) messages.push(notice('info', 'No line-of-contact version is stored yet (import one with truce line import).'));

  let lineDate = versions.length ? versions.filter((v) => v <= app.date).pop() || versions[0] : null;
  const control = versions.length
    ? dateControl({
      label: 'Line of contact on',
      // Every stored version is a stop, and so is every date the negotiation changed.
      dates: [...new Set([...versions, ...app.ref.dates])].sort(),
      value: lineDate,
      id: 'line-date',
      onChange: (d) => {
        app.setDate(d);
        showLine(d);
        refreshIncidents().catch(showError);
      },
    })
    : dateControl({
      label: 'Incidents up to',
      dates: app.ref.dates,
      value: app.date,
      id: 'map-date',
      onChange: (d) => {
        app.setDate(d);
        refreshIncidents().catch(showError);
      },
    });
  replace(lineBox, control ? control.el : null, messages);

  // The map is made once the header above it is final, so that it fits
  // Ukraine into the size it keeps.
  let map = null;
  let loaded = null;
  let markLayersReady;
  // Resolved once the data layers exist: data fetched meanwhile waits for it.
  const layersReady = new Promise((resolve) => { markLayersReady = resolve; });
  try {
    map = new MapLibre({
      container: mapEl,
      style: baseStyle(),
      bounds: UKRAINE,
      fitBoundsOptions: { padding: 10 },
      attributionControl: { compact: false, customAttribution: 'Oblasts: geoBoundaries (CC BY 4.0) · Seas: Natural Earth (public domain)' },
      dragRotate: false,
      pitchWithRotate: false,
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    loaded = new Promise((resolve) => map.on('load', () => {
      performance.mark('truce-map-loaded');
      // Fit again in case the container's size changed while the basemap loaded.
      map.resize();
      map.fitBounds(UKRAINE, { padding: 10, animate: false });
      resolve();
    }));
  } catch (e) {
    lineBox.appendChild(notice('error', `The map needs WebGL, which this browser did not provide (${e.message}). The lists below still work.`));
    map = null;
  }


  async function showLine(d) {
    lineDate = versions.filter((v) => v <= d).pop() || versions[0];
    const gj = await get(`/api/lines/${lineDate}`);
    if (map) {
      await layersReady;
      map.getSource('line').setData(gj);
    }
    const occ = (gj.features || []).find((f) => f.properties && f.properties.kind === 'occupied_area');
    const p = occ ? occ.properties : {};
    mapEl.dataset.lineDate = p.date || lineDate;
    mapEl.dataset.occupiedKm2 = p.area_km2 !== undefined ? String(Math.round(p.area_km2)) : '';
    replace(status,
      `Line of contact: the version of ${p.date || lineDate} in force on ${d}`,
      p.area_km2 !== undefined ? `; occupied area ${Math.round(p.area_km2).toLocaleString('en')} km²` : '',
      p.approximate ? ' (approximate)' : '',
      p.source ? `; source: ${p.source}` : '', '.');
  }

  // Zones with a geometry are drawn; built-in sea zones are the shipped sea polygons.
  const zoneFeatures = ref.zones.filter((z) => z.geometry).map((z) => ({ type: 'Feature', properties: { id: z.id, name: z.name, kind: z.kind }, geometry: z.geometry }));
  const sites = await sitesP;
  let siteFeatures = sites.data ? sitesGeoJSON(sites.data).features : [];

  let incidentsMissing = false;

  let markers = [];
  let fetchSeq = 0;
  // refreshIncidents asks the server for the incidents in the visible box and
  // window: points when there are few, grid cells with counts when there are many.
  async function refreshIncidents() {
    if (incidentsMissing) return;
    const my = ++fetchSeq;
    const b = map ? map.getBounds() : null;
    const params = { to: app.date };
    if (windowSel.value !== 'all') params.from = addDays(app.date, 1 - Number(windowSel.value));
    if (b) params.bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(4)).join(',');
    const got = await tryGet('/api/map/incidents', params);
    if (my !== fetchSeq) return;
    if (!got.data) {
      incidentsMissing = true;
      replace(listBox, unavailable('incidents', '/api/map/incidents', got));
      return;
    }
    const res = got.data;
    mapEl.dataset.incidents = String(res.total);
    mapEl.dataset.window = `${params.from || 'all'}..${params.to}`;
    mapEl.dataset.clustered = String(res.clustered);
    if (map) {
      await layersReady;
      if (my !== fetchSeq) return;
      map.getSource('incidents').setData(res.clustered ? EMPTY : res);
      map.getSource('cells').setData(res.clustered ? res : EMPTY);
    }
    renderList(res.newest || [], res.total);
  }

  function renderList(incidents, total) {
    if (incidents.length === 0) {
      replace(listBox, h('p', { class: 'muted' }, 'No incidents in this part of the map and time.'));
      return;
    }
    replace(listBox,
      h('p', { class: 'muted' }, `${total} incidents in view${incidents.length < total ? `; the newest ${incidents.length} listed` : ''}.`),
      h('ul', {}, incidents.map((inc) => h('li', {},
        h('button', { type: 'button', class: 'incident-btn', 'data-incident': String(inc.id), on: { click: (ev) => openIncident(inc.id, ev.currentTarget) } },
          h('span', { class: ['swatch', 'round'], style: { background: VERDICT_COLOURS[inc.verdict || 'none'] }, 'aria-hidden': 'true' }),
          ` ${inc.start} ${humanize(inc.mode || inc.type || 'incident')}${inc.place ? ` — ${inc.place}` : ''} (${inc.grade}, ${inc.verdict || 'no verdict'})`)))));
  }

  // What the detail panel shows ({incident} or {site}), and what to focus
  // again when Escape closes it (the button or map that opened it).
  let shown = null;
  let returnTo = null;
  let openSeq = 0;

  // openIncident shows an incident's details; focus moves to them unless
  // quiet (a live update of the incident already shown).
  async function openIncident(id, opener, quiet) {
    const my = ++openSeq;
    if (!quiet) replace(detail, h('p', { class: 'muted' }, 'Loading…'));
    const inc = await get(`/api/incidents/${encodeURIComponent(id)}`);
    // The incident lists its reports by id; each is read on its own.
    const reports = await Promise.all((inc.reports || []).slice(0, 50).map((r) => (typeof r === 'object' ? r
      : get(`/api/reports/${encodeURIComponent(r)}`).catch((e) => ({ id: r, error: e.message })))));
    if (my !== openSeq) return;
    replace(detail, incidentDetail(inc, reports, app.ref));
    shown = { incident: String(id) };
    if (quiet) return;
    returnTo = opener || null;
    detail.focus();
  }

  function openSite(p, opener) {
    ++openSeq;
    replace(detail, h('div', { class: 'site' }, h('h3', {}, p.name || p.id), h('dl', { class: 'facts' },
      h('dt', {}, 'Class'), h('dd', {}, humanize(p.class)), h('dt', {}, 'Protection radius'), h('dd', {}, `${p.radius_km} km`),
      p.source ? [h('dt', {}, 'Source'), h('dd', {}, p.source)] : null)));
    shown = { site: String(p.id) };
    returnTo = opener || null;
    detail.focus();
  }

  // Escape closes the details and returns the focus where it came from (the
  // list's button for the same item when the list was redrawn meanwhile).
  detail.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || !shown) return;
    ev.preventDefault();
    const was = shown;
    shown = null;
    ++openSeq;
    replace(detail, hint());
    let target = returnTo && returnTo.isConnected ? returnTo : null;
    if (!target && was.incident) target = listBox.querySelector(`button[data-incident="${CSS.escape(was.incident)}"]`);
    if (!target && was.site) target = siteBox.querySelector(`button[data-site="${CSS.escape(was.site)}"]`);
    (target || mapEl.querySelector('canvas') || mapEl).focus();
    returnTo = null;
  });

  // renderSites lists the protected sites in the map's view as buttons: the
  // keyboard's way to the sites drawn on the canvas.
  const MAX_SITES = 100;
  function renderSites() {
    if (sites.missing || sites.denied) {
      replace(siteBox, unavailable('protected sites', '/api/sites', sites));
      return;
    }
    const b = map ? map.getBounds() : null;
    const inView = siteFeatures.filter((f) => !b || b.contains(f.geometry.coordinates))
      .sort((x, y) => String(x.properties.name || x.properties.id).localeCompare(String(y.properties.name || y.properties.id)));
    siteBox.dataset.sites = String(inView.length);
    if (inView.length === 0) {
      replace(siteBox, h('p', { class: 'muted' }, 'No protected site in this part of the map.'));
      return;
    }
    const listed = inView.slice(0, MAX_SITES);
    replace(siteBox,
      h('p', { class: 'muted' }, `${inView.length} protected site${inView.length === 1 ? '' : 's'} in view${listed.length < inView.length ? `; the first ${listed.length} by name listed, zoom in for the others` : ''}.`),
      h('ul', {}, listed.map((f) => {
        const p = f.properties;
        const btn = h('button', { type: 'button', class: 'site-btn', 'data-site': String(p.id) },
          h('span', { class: ['swatch', 'round'], style: { background: p.class === 'nuclear_plant' ? '#8e24aa' : '#fdd835' }, 'aria-hidden': 'true' }),
          ` ${p.name || p.id} (${humanize(p.class)})`);
        btn.addEventListener('click', () => openSite(p, btn));
        return h('li', {}, btn);
      })));
  }

  // The line and the incidents are fetched while the basemap loads.
  windowSel.addEventListener('change', () => refreshIncidents().catch(showError));
  const first = Promise.all([lineDate ? showLine(lineDate) : null, refreshIncidents().catch(showError)]);
  if (map) {
    await loaded;
    map.addSource('zones', { type: 'geojson', data: { type: 'FeatureCollection', features: zoneFeatures } });
    map.addLayer({ id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': '#6a1b9a', 'line-width': 1.5, 'line-dasharray': [2, 2] } });
    map.addSource('line', { type: 'geojson', data: EMPTY });
    // The line endpoint gives the occupied area (polygons) and the line of contact (lines) as features of one collection.
    const polygons = ['any', ['==', ['get', 'kind'], 'occupied_area'], ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]]];
    const lineStrings = ['all', ['!=', ['get', 'kind'], 'occupied_area'], ['any', ['==', ['get', 'kind'], 'line_of_contact'], ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]]]];
    map.addLayer({ id: 'occupied', type: 'fill', source: 'line', filter: polygons, paint: { 'fill-color': '#d32f2f', 'fill-opacity': 0.28 } });
    map.addLayer({ id: 'occupied-edge', type: 'line', source: 'line', filter: polygons, paint: { 'line-color': '#b71c1c', 'line-width': 0.6, 'line-opacity': 0.6 } });
    map.addLayer({ id: 'contact', type: 'line', source: 'line', filter: lineStrings, paint: { 'line-color': '#7f0000', 'line-width': 2.5 } });
    map.addSource('sites', { type: 'geojson', data: { type: 'FeatureCollection', features: siteFeatures } });
    map.addLayer({ id: 'sites', type: 'circle', source: 'sites', minzoom: 0,
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, 2, 9, 5], 'circle-color': ['match', ['get', 'class'], 'nuclear_plant', '#8e24aa', '#fdd835'],
        'circle-stroke-color': '#333', 'circle-stroke-width': 0.8 } });
    map.on('click', 'sites', (e) => openSite(e.features[0].properties, map.getCanvas()));
    // Grid cells with counts, when the server aggregated a crowded box.
    map.addSource('cells', { type: 'geojson', data: EMPTY });
    map.addLayer({ id: 'cells', type: 'circle', source: 'cells',
      paint: { 'circle-color': verdictColour(), 'circle-opacity': 0.8, 'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 8, 10, 16, 100, 34],
        'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
    map.addSource('incidents', { type: 'geojson', data: EMPTY, cluster: true, clusterRadius: 40, clusterMaxZoom: 9 });
    map.addLayer({ id: 'clusters', type: 'circle', source: 'incidents', filter: ['has', 'point_count'],
      paint: { 'circle-color': '#37474f', 'circle-opacity': 0.85, 'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 100, 22, 1000, 28], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
    map.addLayer({ id: 'incidents', type: 'circle', source: 'incidents', filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': verdictColour(),
        'circle-radius': ['match', ['get', 'grade'], 'verified', 8, 'corroborated', 7, 'disputed', 6, 5],
        'circle-stroke-color': ['match', ['get', 'grade'], 'disputed', '#000', '#fff'],
        'circle-stroke-width': ['match', ['get', 'grade'], 'verified', 3, 'disputed', 2, 1],
      } });
    map.on('click', 'incidents', (e) => openIncident(e.features[0].properties.id, map.getCanvas()));
    map.on('click', 'cells', (e) => {
      const f = e.features[0];
      map.easeTo({ center: f.geometry.coordinates, zoom: map.getZoom() + 2 });
    });
    map.on('click', 'clusters', async (e) => {
      const f = e.features[0];
      const zoom = await map.getSource('incidents').getClusterExpansionZoom(f.properties.cluster_id);
      map.easeTo({ center: f.geometry.coordinates, zoom });
    });
    for (const l of ['incidents', 'clusters', 'cells', 'sites']) {
      map.on('mouseenter', l, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', l, () => { map.getCanvas().style.cursor = ''; });
    }
    // Cluster counts as HTML markers: the map has no glyphs (no font server), and the
    // text stays readable for screen readers.
    map.on('render', () => {
      const seen = new Set();
      const mark = (key, coords, count) => {
        seen.add(key);
        if (markers.some((x) => x.key === key)) return;
        const el = h('div', { class: 'cluster-count', 'aria-hidden': 'true' }, String(count));
        markers.push({ key, marker: new Marker({ element: el }).setLngLat(coords).addTo(map) });
      };
      if (map.getSource('incidents') && map.isSourceLoaded('incidents')) {
        for (const f of map.querySourceFeatures('incidents', { filter: ['has', 'point_count'] })) {
          mark(`c${f.properties.cluster_id}`, f.geometry.coordinates, f.properties.point_count_abbreviated ?? f.properties.point_count);
        }
      }
      if (map.getSource('cells') && map.isSourceLoaded('cells')) {
        for (const f of map.querySourceFeatures('cells')) {
          const [x, y] = f.geometry.coordinates;
          mark(`g${x},${y},${f.properties.count}`, f.geometry.coordinates, abbreviate(f.properties.count));
        }
      }
      markers = markers.filter((m) => (seen.has(m.key) ? true : (m.marker.remove(), false)));
    });
    map.on('moveend', () => {
      const c = map.getCenter();
      const bb = map.getBounds();
      mapEl.dataset.camera = `${map.getZoom().toFixed(2)}/${c.lat.toFixed(3)}/${c.lng.toFixed(3)} ${[bb.getWest(), bb.getSouth(), bb.getEast(), bb.getNorth()].map((x) => x.toFixed(2)).join(',')} ${map.getCanvas().width}x${map.getCanvas().height}`;
      refreshIncidents().catch(showError);
      renderSites();
    });
    addLayerToggles(map, layers);
    addOblastLabels(map, mapEl, layers, await labelsP);
    markLayersReady();
  } else {
    layers.appendChild(h('p', { class: 'muted' }, 'No map layers without WebGL.'));
  }
  await first;
  renderSites();
  // Drawn: every source loaded and painted (MapLibre's idle event).
  if (map && !map.loaded()) await new Promise((resolve) => map.once('idle', resolve));
  if (sites.missing) status.appendChild(h('span', {}, ' Protected sites: this server has no /api/sites endpoint yet.'));
  if (sites.denied) status.appendChild(h('span', {}, ` Protected sites: ${sites.error.message}.`));
  performance.mark('truce-map-ready');
  mapEl.dataset.ready = '1';

  function showError(e) {
    replace(status, notice('error', e.message));
  }

  return () => {
    if (map) map.remove();
  };
}

function baseStyle() {
  return {
    version: 8,
    sources: {
      oblasts: { type: 'geojson', data: new URL('basemap/ukraine-adm1.geojson', document.baseURI).href },
      seas: { type: 'geojson', data: new URL('basemap/seas.geojson', document.baseURI).href },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e8e6e1' } },
      { id: 'seas', type: 'fill', source: 'seas', paint: { 'fill-color': '#b7d3ea' } },
      { id: 'oblasts', type: 'fill', source: 'oblasts', paint: { 'fill-color': '#fbfaf5' } },
      { id: 'oblast-borders', type: 'line', source: 'oblasts', paint: { 'line-color': '#8d8d8d', 'line-width': 0.8 } },
    ],
  };
}

// addOblastLabels shows the oblasts' names as HTML markers (the map has no
// glyphs: no font server) at the label points web/build.mjs computed from the
// shipped oblasts, each from its own zoom level on; a checkbox hides them.
function addOblastLabels(map, mapEl, fieldset, labels) {
  const marks = (labels.features || []).map((f) => {
    const el = h('div', { class: 'oblast-label', 'aria-hidden': 'true', 'data-iso': f.properties.iso || '' }, f.properties.name);
    new Marker({ element: el }).setLngLat(f.geometry.coordinates).addTo(map);
    return { el, minzoom: Number(f.properties.minzoom) || 0 };
  });
  if (marks.length === 0) return;
  const place = () => {
    const z = map.getZoom();
    for (const m of marks) m.el.classList.toggle('out-of-zoom', z < m.minzoom);
  };
  map.on('zoom', place);
  place();
  const box = h('input', { type: 'checkbox', id: 'layer-oblast-labels', checked: true,
    on: { change: (e) => mapEl.classList.toggle('no-oblast-labels', !e.target.checked) } });
  fieldset.appendChild(h('div', {}, box, h('label', { for: box.id }, ' Oblast names')));
}

function addLayerToggles(map, fieldset) {
  const groups = [
    ['Occupied area and line of contact', ['occupied', 'occupied-edge', 'contact']],
    ['Zones', ['zones-line']],
    ['Protected sites', ['sites']],
    ['Incidents', ['incidents', 'clusters', 'cells']],
  ];
  for (const [label, ids] of groups) {
    const id = `layer-${ids[0]}`;
    const box = h('input', { type: 'checkbox', id, checked: true,
      on: { change: (e) => ids.forEach((l) => map.setLayoutProperty(l, 'visibility', e.target.checked ? 'visible' : 'none')) } });
    fieldset.appendChild(h('div', {}, box, h('label', { for: id }, ` ${label}`)));
  }
}

function mapLegend() {
  return h('div', { class: 'legend map-legend' },
    h('h2', {}, 'Legend'),
    h('ul', {},
      h('li', {}, h('span', { class: 'swatch', style: { background: 'rgba(211,47,47,.35)' }, 'aria-hidden': 'true' }), ' occupied area'),
      h('li', {}, h('span', { class: 'swatch line', style: { background: '#7f0000' }, 'aria-hidden': 'true' }), ' line of contact'),
      Object.entries(VERDICT_COLOURS).map(([k, c]) => h('li', {}, h('span', { class: 'swatch round', style: { background: c }, 'aria-hidden': 'true' }), ` incident: ${k === 'none' ? 'no verdict' : k}`)),
      h('li', {}, 'larger, thicker ring: corroborated, verified; black ring: disputed'),
      h('li', {}, h('span', { class: 'swatch round', style: { background: '#fdd835' }, 'aria-hidden': 'true' }), ' protected site')));
}

function lineDates(data) {
  const vs = data.versions || data.lines || data;
  return [...new Set((Array.isArray(vs) ? vs : []).map((v) => (typeof v === 'string' ? v : v.date)).filter(Boolean))].sort();
}

function sitesGeoJSON(data) {
  if (data.type === 'FeatureCollection') return data;
  const list = data.sites || [];
  return { type: 'FeatureCollection', features: list.filter((x) => Number.isFinite(x.lon) && Number.isFinite(x.lat)).map((x) => ({ type: 'Feature',
    properties: { id: x.id, name: x.name || '', class: x.class, radius_km: x.radius_km, source: x.source || '' }, geometry: { type: 'Point', coordinates: [x.lon, x.lat] } })) };
}


// incidentDetail renders an incident with its reports, verdicts and evidence; all text is inert.
export function incidentDetail(inc, reports, ref) {
  return h('div', { class: 'incident' },
    h('h3', {}, `${humanize(inc.mode || inc.type || 'Incident')} ${inc.place ? `at ${inc.place}` : ''}`),
    h('dl', { class: 'facts' },
      fact('Grade', inc.grade),
      fact('When', inc.start ? `${inc.start}${inc.end && inc.end !== inc.start ? ` – ${inc.end}` : ''}` : null),
      fact('Place', inc.place),
      fact('Type', [inc.type, inc.mode].filter(Boolean).map(humanize).join(', ')),
      fact('Weapons', (inc.weapons || []).join(', ')),
      fact('Independent sources', inc.sources),
      fact('Where', inc.lat !== undefined ? `${inc.lat}, ${inc.lon}` : null),
      fact('Target', inc.target),
      fact('Alleged perpetrator', inc.perpetrator),
      fact('Killed', casualty(inc.killed)),
      fact('Injured', casualty(inc.injured))),
    h('h4', {}, 'Verdicts'),
    (inc.verdicts || []).length
      ? h('ul', { class: 'verdicts' }, inc.verdicts.map((v) => h('li', {},
        h('span', { class: ['badge', `verdict-${v.verdict}`] }, v.verdict), ' ',
        h('strong', {}, ref.provision[v.provision] ? ref.provision[v.provision].title : v.provision),
        h('p', { class: 'explanation' }, v.explanation))))
      : h('p', { class: 'muted' }, 'No verdicts.'),
    (inc.decisions || []).length
      ? [h('h4', {}, 'Decisions'), h('ul', { class: 'decisions' }, inc.decisions.map((x) => h('li', {},
        h('strong', {}, x.kind), decisionLine(x))))]
      : null,
    (inc.contests || []).length
      ? [h('h4', {}, 'Contests'), h('ul', {}, inc.contests.map((x) => h('li', {},
        `${x.party} contests (${x.reason}); deadline ${(x.deadline || '').slice(0, 10)}${x.answer ? `; answered: ${x.answer}${x.reply ? ` (${x.reply})` : ''}` : x.overdue ? '; overdue' : ''}`)))]
      : null,
    h('h4', {}, `Reports (${reports.length})`),
    reports.length
      ? h('ul', { class: 'reports' }, reports.map((r) => h('li', { class: 'report' },
        r.error
          ? h('p', { class: 'muted' }, `report ${r.id}: ${r.error}`)
          : [h('p', { class: 'muted' }, [(r.observed_at || '').replace('T', ' ').replace('Z', ' UTC'), r.place,
            r.source && [r.source.kind, r.source.reliability && `reliability ${r.source.reliability}`, r.source.name].filter(Boolean).join(', ')].filter(Boolean).join(' · ')),
          h('p', { class: 'description' }, r.description || ''),
          (r.attachments || []).length ? h('p', { class: 'muted' }, `Evidence: ${r.attachments.join(', ')}`) : null])))
      : h('p', { class: 'muted' }, 'No reports.'));
}

function verdictColour() {
  return ['match', ['get', 'verdict'], 'violation', VERDICT_COLOURS.violation, 'needs-review', VERDICT_COLOURS['needs-review'],
    'not-covered', VERDICT_COLOURS['not-covered'], VERDICT_COLOURS.none];
}

function abbreviate(n) {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

// decisionLine words a decision after its kind: staff read who and why,
// with the text published for it; liaisons and the public read the day and
// the published reason (the API withholds the rest).
function decisionLine(x) {
  const who = x.by ? ` by ${x.by}` : '';
  const day = (x.at || x.on || '').slice(0, 10);
  const party = x.party ? ` (${x.party})` : '';
  const published = x.public_reason ? ` (published: ${x.public_reason})` : '';
  return `${who} on ${day}${party}: ${x.reason || 'reason not published'}${published}`;
}

function fact(k, v) {
  if (v === null || v === undefined || v === '') return null;
  return [h('dt', {}, k), h('dd', {}, String(v))];
}

function casualty(c) {
  if (!c) return null;
  const parts = [];
  if (c.low !== undefined) parts.push(`low ${c.low}`);
  if (c.best !== undefined) parts.push(`best ${c.best}`);
  if (c.high !== undefined) parts.push(`high ${c.high}`);
  return parts.join(', ');
}
