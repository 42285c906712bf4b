import { strToU8, zipSync } from 'fflate';
import { ConfigError } from '../../core/errors.js';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from './app-icons.js';
import { readPngInfo } from './png.js';
import { ownValue } from '../../core/own-keys.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_MANIFEST_VERSION = [1, 17];

export interface TeamsPackageInput {
  /** manifest/teams/manifest.json, with {{MicrosoftAppId}}, {{PUBLIC_URL}} and {{PUBLIC_HOST}} placeholders. */
  template: string;
  appId: string | undefined;
  publicUrl: string | undefined;
  colorPng: Uint8Array;
  outlinePng: Uint8Array;
}

export interface TeamsPackage {
  manifest: Record<string, unknown>;
  zip: Uint8Array;
}

function fill(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{\{(\w+)\}\}/g, (m, name: string) => ownValue(vars, name) ?? m);
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

function checkIcon(name: string, bytes: Uint8Array, size: number): void {
  const info = readPngInfo(bytes);
  if (!info) throw new ConfigError(`manifest/teams/${name}`, 'is not a PNG file');
  if (info.width !== size || info.height !== size) {
    throw new ConfigError(`manifest/teams/${name}`, `must be ${size}×${size} pixels (got ${info.width}×${info.height})`);
  }
}

/**
 * The Teams app package: the manifest with the bot id and public URL filled in, and the two
 * icons, zipped flat as Teams expects. Everything Teams would reject on upload is refused here
 * with the variable or file to fix.
 */
export function buildTeamsPackage(input: TeamsPackageInput): TeamsPackage {
  if (!input.appId) {
    throw new ConfigError('MicrosoftAppId', 'is not set: set it to the Application (client) ID of the bot\'s Microsoft Entra app registration');
  }
  if (!GUID.test(input.appId)) throw new ConfigError('MicrosoftAppId', `must be a GUID like 00000000-0000-0000-0000-000000000000 (got "${input.appId}")`);
  if (!input.publicUrl) throw new ConfigError('PUBLIC_URL', 'is not set: set it to the bot\'s public https address, e.g. https://bot.example.com');
  const url = URL.canParse(input.publicUrl) ? new URL(input.publicUrl) : null;
  if (!url || url.protocol !== 'https:') throw new ConfigError('PUBLIC_URL', `must be an https URL (got "${input.publicUrl}")`);

  let template: Record<string, unknown>;
  try {
    template = JSON.parse(input.template) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError('manifest/teams/manifest.json', `is not valid JSON: ${(err as Error).message}`);
  }
  const version = String(template.manifestVersion ?? '').split('.').map(Number);
  const [major = 0, minor = 0] = version;
  if (major < MIN_MANIFEST_VERSION[0]! || (major === MIN_MANIFEST_VERSION[0] && minor < MIN_MANIFEST_VERSION[1]!)) {
    throw new ConfigError('manifest/teams/manifest.json', `must be 1.17 or later (got "${String(template.manifestVersion)}")`, 'manifestVersion');
  }
  const manifest = fill(template, {
    MicrosoftAppId: input.appId,
    PUBLIC_URL: url.origin,
    PUBLIC_HOST: url.host,
  }) as Record<string, unknown>;
  const leftover = /\{\{(\w+)\}\}/.exec(JSON.stringify(manifest));
  if (leftover) throw new ConfigError('manifest/teams/manifest.json', `has a placeholder nothing fills: {{${leftover[1]}}}`);

  checkIcon('color.png', input.colorPng, COLOR_ICON_SIZE);
  checkIcon('outline.png', input.outlinePng, OUTLINE_ICON_SIZE);

  const zip = zipSync(
    {
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': input.colorPng,
      'outline.png': input.outlinePng,
    },
    { level: 9 },
  );
  return { manifest, zip };
}
