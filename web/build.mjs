// Builds the dashboard from src/ into dist/ with esbuild, and records in
// dist/SOURCE_HASH a hash of the sources (src/, basemap/, package.json,
// package-lock.json, build.mjs) so that a Go test can tell when the committed
// build is stale without npm. Keep hashSources in step with sourceHash in web/stale_test.go.
import { build } from 'esbuild';
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
console.log('wrote', relative(here, dist));
