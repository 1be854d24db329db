// Build Tandem's front-end assets into static/ from the npm packages (no CDN, nothing fetched at run time).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "govuk");

mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });
cpSync(join(govuk, "assets"), join(out, "assets"), { recursive: true });
for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  copyFileSync(join(govuk, name), join(out, "js", name));
}
execFileSync(
  join(root, "node_modules", ".bin", "sass"),
  ["--pkg-importer=node", "--style=compressed", "--no-source-map", "--quiet-deps",
   join(root, "frontend", "tandem.scss"), join(out, "css", "tandem.css")],
  { stdio: "inherit" },
);
console.log("built static/govuk");
