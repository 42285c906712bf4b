import type { ConfigProblem } from './config-problem.js';

/** `{{ name }}` with a dotted name; nothing else is special in prompt files. */
const VARIABLE = /\{\{([^{}]*)\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/;

export type TemplateVars = ReadonlyMap<string, string>;

/** The variable names a template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(VARIABLE)) {
    const name = (m[1] ?? '').trim();
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Fills `{{var}}` from `vars`. Unknown or malformed names are reported as problems
 * (file + variable) and left in place, so one pass reports every bad variable.
 */
export function renderTemplate(
  template: string,
  vars: TemplateVars,
  where: { file: string; field?: string },
  problems: ConfigProblem[],
): string {
  return template.replace(VARIABLE, (whole, raw: string) => {
    const name = raw.trim();
    const value = NAME.test(name) ? vars.get(name) : undefined;
    if (value !== undefined) return value;
    const near = suggest(name, vars);
    problems.push({
      file: where.file,
      field: where.field ? `${where.field} {{${name}}}` : `{{${name}}}`,
      message: NAME.test(name)
        ? `unknown template variable "${name}"${near ? ` (did you mean "${near}"?)` : ''}`
        : `malformed template variable "${whole}"`,
    });
    return whole;
  });
}

function suggest(name: string, vars: TemplateVars): string | null {
  const head = name.split('.')[0] ?? '';
  const same = [...vars.keys()].filter((k) => k.split('.')[0] === head);
  if (!same.length) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of same) {
    const d = editDistance(k, name);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.max(3, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
