/**
 * npm run teams:package: writes manifest/teams/switchboard-teams.zip, the app package to
 * upload to Teams (Apps → Manage your apps → Upload an app). Reads MicrosoftAppId and
 * PUBLIC_URL from the environment.
 *
 *   npm run teams:package                 build the zip from manifest/teams/*
 *   npm run teams:package -- --icons      (re)draw the default color.png and outline.png first
 *   npm run teams:package -- --out x.zip  write the zip elsewhere
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { colorIconPng, outlineIconPng } from '../channels/teams/app-icons.js';
import { buildTeamsPackage } from '../channels/teams/app-package.js';
import { ConfigError } from '../core/errors.js';
import { loadDotEnv } from '../config/dotenv.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface TeamsPackageRun {
  env: Record<string, string | undefined>;
  /** Directory holding manifest.json and the icons (default manifest/teams). */
  dir?: string;
  out?: string;
  redrawIcons?: boolean;
}

export function runTeamsPackage(run: TeamsPackageRun): { out: string; manifest: Record<string, unknown> } {
  const dir = run.dir ?? join(ROOT, 'manifest/teams');
  const colorPath = join(dir, 'color.png');
  const outlinePath = join(dir, 'outline.png');
  if (run.redrawIcons || !existsSync(colorPath)) writeFileSync(colorPath, colorIconPng());
  if (run.redrawIcons || !existsSync(outlinePath)) writeFileSync(outlinePath, outlineIconPng());
  const empty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const pkg = buildTeamsPackage({
    template: readFileSync(join(dir, 'manifest.json'), 'utf8'),
    appId: empty(run.env.MicrosoftAppId),
    publicUrl: empty(run.env.PUBLIC_URL),
    colorPng: readFileSync(colorPath),
    outlinePng: readFileSync(outlinePath),
  });
  const out = run.out ?? join(dir, 'switchboard-teams.zip');
  writeFileSync(out, pkg.zip);
  return { out, manifest: pkg.manifest };
}

function main(argv: string[]): number {
  const outIndex = argv.indexOf('--out');
  try {
    const { out, manifest } = runTeamsPackage({
      env: process.env,
      redrawIcons: argv.includes('--icons'),
      out: outIndex >= 0 ? resolve(argv[outIndex + 1] ?? '') : undefined,
    });
    const bot = (manifest.bots as Array<{ botId: string }>)[0]!;
    process.stdout.write(`Wrote ${relative(process.cwd(), out) || out} (Teams app ${String(manifest.id)}, bot ${bot.botId}).\n`);
    process.stdout.write('Upload it in Teams: Apps > Manage your apps > Upload an app > Upload a custom app.\n');
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`teams:package: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // Settings in .env apply to every command, as to npm start.
  loadDotEnv();
  process.exitCode = main(process.argv.slice(2));
}
