import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { colorIconPng, outlineIconPng } from '../../src/channels/teams/app-icons.js';
import { buildTeamsPackage } from '../../src/channels/teams/app-package.js';
import { encodePng, readPngInfo } from '../../src/channels/teams/png.js';
import { ConfigError } from '../../src/core/errors.js';

const APP_ID = '3f2a9c1e-5b7d-4e8f-a0c2-9d4b6e1f7a35';
const template = readFileSync('manifest/teams/manifest.json', 'utf8');
const color = readFileSync('manifest/teams/color.png');
const outline = readFileSync('manifest/teams/outline.png');
const tmp = mkdtempSync(join(tmpdir(), 'teams-package-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const build = (over: Partial<Parameters<typeof buildTeamsPackage>[0]> = {}) =>
  buildTeamsPackage({ template, appId: APP_ID, publicUrl: 'https://support.shop.example/bot', colorPng: color, outlinePng: outline, ...over });

/** RGBA pixels of a PNG written by encodePng (8-bit RGBA, filter 0 on every row). */
function pixels(png: Buffer): { width: number; rgba: Uint8Array } {
  const info = readPngInfo(png)!;
  const parts: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    if (png.toString('ascii', off + 4, off + 8) === 'IDAT') parts.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(parts));
  const rgba = new Uint8Array(info.width * info.height * 4);
  for (let y = 0; y < info.height; y++) {
    expect(raw[y * (info.width * 4 + 1)]).toBe(0);
    rgba.set(raw.subarray(y * (info.width * 4 + 1) + 1, (y + 1) * (info.width * 4 + 1)), y * info.width * 4);
  }
  return { width: info.width, rgba };
}

describe('Teams app package', () => {
  it('fills the bot id and public URL into a 1.17 manifest and zips it flat with both icons', () => {
    const { manifest, zip } = build();
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const inZip = JSON.parse(strFromU8(files['manifest.json']!));
    expect(inZip).toEqual(manifest);
    expect(inZip.manifestVersion).toBe('1.17');
    expect(inZip.$schema).toContain('/v1.17/');
    expect(inZip.id).toBe(APP_ID);
    expect(inZip.bots[0].botId).toBe(APP_ID);
    expect(inZip.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(inZip.developer.websiteUrl).toBe('https://support.shop.example');
    expect(inZip.validDomains).toEqual(['support.shop.example']);
    expect(JSON.stringify(inZip)).not.toContain('{{');
    expect(inZip.name.short.length).toBeLessThanOrEqual(30);
    expect(inZip.description.short.length).toBeLessThanOrEqual(80);
    for (const c of inZip.bots[0].commandLists[0].commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
    expect(Buffer.from(files['color.png']!).equals(color)).toBe(true);
    expect(Buffer.from(files['outline.png']!).equals(outline)).toBe(true);
  });

  it('refuses what Teams would reject, naming the variable or file', () => {
    const cases: Array<[Partial<Parameters<typeof buildTeamsPackage>[0]>, string, RegExp]> = [
      [{ appId: undefined }, 'MicrosoftAppId', /is not set/],
      [{ appId: 'my-bot' }, 'MicrosoftAppId', /must be a GUID/],
      [{ publicUrl: undefined }, 'PUBLIC_URL', /is not set/],
      [{ publicUrl: 'http://localhost:3978' }, 'PUBLIC_URL', /https/],
      [{ colorPng: outline }, 'manifest/teams/color.png', /192×192/],
      [{ outlinePng: Buffer.from('not a png') }, 'manifest/teams/outline.png', /not a PNG/],
      [{ template: template.replace('"1.17"', '"1.16"') }, 'manifest/teams/manifest.json', /1\.17 or later/],
      [{ template: template.replace('{{PUBLIC_HOST}}', '{{SOMETHING_ELSE}}') }, 'manifest/teams/manifest.json', /SOMETHING_ELSE/],
    ];
    for (const [over, source, message] of cases) {
      let error: unknown;
      try {
        build(over);
      } catch (err) {
        error = err;
      }
      expect(error, source).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).source).toBe(source);
      expect((error as ConfigError).message).toMatch(message);
    }
  });

  it('ships valid icons: a 192×192 colour icon and a 32×32 white-on-transparent outline, drawn by app-icons.ts', () => {
    expect(readPngInfo(color)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(readPngInfo(outline)).toEqual({ width: 32, height: 32, colorType: 6 });
    // The committed files are exactly what the drawing code produces (npm run teams:package -- --icons).
    expect(colorIconPng().equals(color)).toBe(true);
    expect(outlineIconPng().equals(outline)).toBe(true);

    const o = pixels(outline);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < o.rgba.length; i += 4) {
      expect([o.rgba[i], o.rgba[i + 1], o.rgba[i + 2]]).toEqual([255, 255, 255]);
      if (o.rgba[i + 3] === 255) opaque++;
      if (o.rgba[i + 3] === 0) transparent++;
    }
    expect(opaque).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(300);

    const c = pixels(color);
    expect(c.rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });

  it('encodes PNGs that round-trip', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const png = encodePng(3, 2, rgba);
    expect(readPngInfo(png)).toEqual({ width: 3, height: 2, colorType: 6 });
    expect(pixels(png).rgba).toEqual(rgba);
    const corrupt = Buffer.from(png);
    corrupt[20] = corrupt[20]! ^ 0xff;
    expect(readPngInfo(corrupt)).toBeNull();
  });
});

describe('npm run teams:package', () => {
  const run = (env: Record<string, string>, args: string[] = []) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/teams-package.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });

  it('fails with a clear message when MicrosoftAppId is unset', () => {
    const out = join(tmp, 'never.zip');
    const res = run({ PUBLIC_URL: 'https://bot.example.com' }, ['--out', out]);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^teams:package: MicrosoftAppId: is not set/);
    expect(existsSync(out)).toBe(false);
  });

  it('writes the zip', () => {
    const out = join(tmp, 'app.zip');
    const res = run({ MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://bot.example.com' }, ['--out', out]);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain(APP_ID);
    const manifest = JSON.parse(strFromU8(unzipSync(readFileSync(out))['manifest.json']!));
    expect(manifest.bots[0].botId).toBe(APP_ID);
  });
});
