// Builds the dashboard from src/ into dist/ with esbuild, and records in
// dist/SOURCE_HASH a hash of the sources (src/, basemap/, package.json,
// package-lock.json, build.mjs) so that a Go test can tell when the committed
// build is stale without npm. Keep hashSources in step with sourceHash in web/stale_test.go.
import { build } from 'esbuild';
import polylabel from 'polylabel';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

// hashSources: sha256 over the sorted lines "PATH\tSHA256(CONTENT)\n", PATH
// relative to web/ with forward slashes.
export function hashSources() {
  const files = [...walk(join(here, 'src')), ...walk(join(here, 'basemap')), join(here, 'package.json'), join(here, 'package-lock.json'), join(here, 'build.mjs')];
  const lines = files
    .map((f) => `${relative(here, f).split(sep).join('/')}\t${createHash('sha256').update(readFileSync(f)).digest('hex')}\n`)
    .sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: { app: join(here, 'src/main.js') },
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  legalComments: 'eof',
  outdir: dist,
  logLevel: 'info',
});
await build({
  entryPoints: { app: join(here, 'src/style.css') },
  bundle: true,
  minify: true,
  outdir: dist,
  logLevel: 'info',
});
copyFileSync(join(here, 'src/index.html'), join(dist, 'index.html'));
// MapLibre starts its web workers from this module; it is served beside app.js.
copyFileSync(join(here, 'node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs'), join(dist, 'maplibre-gl-worker.mjs'));
copyFileSync(join(here, 'node_modules/maplibre-gl/LICENSE.txt'), join(dist, 'LICENSE-maplibre-gl.txt'));
// The basemap, lightened for the browser: coordinates rounded to 0.001° (about
// 100 m, far below what the map shows), repeated points dropped, only the
// names kept. The unmodified copies stay in basemap/ with their attribution.
mkdirSync(join(dist, 'basemap'), { recursive: true });
for (const name of ['ukraine-adm1.geojson', 'seas.geojson']) {
  const g = JSON.parse(readFileSync(join(here, 'basemap', name), 'utf8'));
  delete g.crs;
  for (const f of g.features) {
    const p = f.properties || {};
    f.properties = { name: p.shapeName ?? p.name, iso: p.shapeISO || undefined };
    f.geometry.coordinates = lighten(f.geometry.coordinates);
  }
  writeFileSync(join(dist, 'basemap', name), JSON.stringify(g));
}
copyFileSync(join(here, 'basemap', 'ATTRIBUTION.md'), join(dist, 'basemap', 'ATTRIBUTION.md'));
writeFileSync(join(dist, 'basemap', 'oblast-labels.geojson'), JSON.stringify(oblastLabels(JSON.parse(readFileSync(join(here, 'basemap', 'ukraine-adm1.geojson'), 'utf8')))));
writeFileSync(join(dist, 'SOURCE_HASH'), `sha256:${hashSources()}\n`);

// lighten rounds a GeoJSON coordinate array (any nesting) and drops
// consecutive repeated positions from rings and lines.
function lighten(c) {
  if (typeof c[0] === 'number') return [Math.round(c[0] * 1e3) / 1e3, Math.round(c[1] * 1e3) / 1e3];
  const out = c.map(lighten);
  if (typeof out[0][0] !== 'number') return out;
  const kept = out.filter((p, i) => i === 0 || p[0] !== out[i - 1][0] || p[1] !== out[i - 1][1]);
  return kept.length >= 4 ? kept : out; // a ring keeps at least four positions
}
// oblastLabels gives each oblast one label point: the pole of inaccessibility
// (polylabel) of its largest part, a point inside it as far as can be from
// its edges; a centroid may fall outside a concave oblast, or, for Kyiv
// oblast, inside Kyiv city. The map has no glyphs (no font server), so it
// shows these names as HTML markers; minzoom hides the small ones (Kyiv
// city, Sevastopol) until the map is zoomed in far enough to separate them.
function oblastLabels(g) {
  const features = g.features.map((f) => {
    const p = f.properties || {};
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let best = null;
    let total = 0;
    for (const poly of polys) {
      const a = ringsAreaKm2(poly);
      total += a;
      if (!best || a > best.area) best = { poly, area: a };
    }
    // Degrees are stretched east-west at these latitudes; polylabel wants a
    // plane, so longitudes are scaled by cos(latitude) for it and back after.
    const k = Math.cos((centreLat(best.poly) * Math.PI) / 180);
    const at = polylabel(best.poly.map((ring) => ring.map(([x, y]) => [x * k, y])), 0.005);
    const full = String(p.shapeName ?? p.name);
    return {
      type: 'Feature',
      properties: { full, name: full.replace(/ Oblast$/, '').replace(/^Autonomous Republic of /, ''), iso: p.shapeISO || undefined, minzoom: total < 5000 ? 6.5 : 4.5 },
      geometry: { type: 'Point', coordinates: [Math.round((at[0] / k) * 1e4) / 1e4, Math.round(at[1] * 1e4) / 1e4] },
    };
  });
  // A short name that another feature has too (Kyiv oblast, Kyiv city) keeps its full name.
  const count = new Map();
  for (const f of features) count.set(f.properties.name, (count.get(f.properties.name) || 0) + 1);
  for (const f of features) {
    if (count.get(f.properties.name) > 1 && f.properties.full !== f.properties.name) f.properties.name = f.properties.full;
    delete f.properties.full;
  }
  return { type: 'FeatureCollection', features };
}

// ringsAreaKm2 is a polygon's area (outer ring minus holes), from the
// shoelace formula on degrees scaled by cos(latitude): accurate to a few
// percent at Ukraine's size, enough to rank parts and hide small oblasts.
function ringsAreaKm2(poly) {
  const kmPerDeg = 111.32;
  let sum = 0;
  poly.forEach((ring, i) => {
    const k = Math.cos((centreLat([ring]) * Math.PI) / 180);
    let a = 0;
    for (let j = 0, n = ring.length - 1; j < ring.length; n = j++) a += ring[n][0] * ring[j][1] - ring[j][0] * ring[n][1];
    a = (Math.abs(a) / 2) * k * kmPerDeg * kmPerDeg;
    sum += i === 0 ? a : -a;
  });
  return sum;
}

function centreLat(poly) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, y] of poly[0]) {
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  return (lo + hi) / 2;
}
console.log('wrote', relative(here, dist));
