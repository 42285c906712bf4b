import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so `npm start` and the CLIs work from any working directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A folder named in the environment (SKILLS_DIR, LOCALES_DIR...): relative ones are read from the repository root. */
export function fromRoot(dir: string): string {
  return path.isAbsolute(dir) ? dir : path.resolve(ROOT, dir);
}
