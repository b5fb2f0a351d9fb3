// Copies the Swagger UI and ReDoc files that /docs and /redoc load into dist/docs/, so that
// the API docs pages render from this service alone (FastAPI's defaults load them from a CDN).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "..", "node_modules");
const out = join(here, "..", "dist", "docs");

const files = {
  "swagger-ui": ["swagger-ui-dist", ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"]],
  "redoc": ["redoc/bundles", ["redoc.standalone.js"]],
};

for (const [target, [from, names]] of Object.entries(files)) {
  mkdirSync(join(out, target), { recursive: true });
  for (const name of names) {
    copyFileSync(join(modules, from, name), join(out, target, name));
  }
}

// ReDoc's side menu always shows a "by Redocly" logo fetched from Redocly's CDN: the one
// request it makes beyond the page. Without a source the image fails, and ReDoc's own
// error handler then leaves it out. A ReDoc release without that URL fails the build here,
// so that this is looked at again rather than silently left in.
const redoc = join(out, "redoc", "redoc.standalone.js");
const logo = '"https://cdn.redoc.ly/redoc/logo-mini.svg"';
const source = readFileSync(redoc, "utf8");
if (!source.includes(logo)) throw new Error(`${logo} not found in ${redoc}: check ReDoc's external requests`);
writeFileSync(redoc, source.replaceAll(logo, '""'));

console.log(`docs assets copied to ${out}`);
