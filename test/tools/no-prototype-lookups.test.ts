import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Issue 14, point 2: no plain object is a dictionary keyed by text. A read such as
 * `SHORTHAND[word]` on a `Record<string, T>` finds `Object.prototype` members for the words
 * "constructor", "toString" or "__proto__", so an ordinary customer word answered 500.
 *
 * The rule, over every file of src/ with the type checker: an object type that has a string
 * index signature (a `Record<string, T>` or `{ [k: string]: T }`: not an array, a typed
 * array or a string) may not be read with a key that is not a literal (`table[key]`), nor
 * tested with `key in table`. Use a Map, or `ownValue`/`hasOwnKey` from
 * src/core/own-keys.ts, which check `Object.hasOwn` first. A plain write
 * (`table[key] = v`) is not a lookup and is not reported.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The one place allowed to index a record with a computed key: it checks Object.hasOwn first. */
const ALLOWED_FILES = new Set(['src/core/own-keys.ts']);

interface Finding {
  file: string;
  line: number;
  text: string;
}

function program(): ts.Program {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const files = parsed.fileNames.filter((f) => path.relative(ROOT, f).startsWith(`src${path.sep}`));
  return ts.createProgram(files, parsed.options);
}

function isLiteralKey(checker: ts.TypeChecker, key: ts.Expression): boolean {
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return true;
  const type = checker.getTypeAtLocation(key);
  // A key whose type is a union of literals ('a' | 'b', an enum) names known entries only.
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((t) => t.isStringLiteral() || t.isNumberLiteral() || (t.flags & ts.TypeFlags.EnumLiteral) !== 0);
}

/** True for a plain object type read through a string index signature. */
function isDictionaryType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const t = checker.getNonNullableType(type);
  const parts = t.isUnion() ? t.types : [t];
  return parts.some((p) => {
    if (checker.isArrayType(p) || checker.isTupleType(p)) return false;
    if (p.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) return false;
    const symbol = p.getSymbol();
    const name = symbol?.getName() ?? '';
    if (/Array$|^Buffer$|^String$|^Map$|^Set$|^WeakMap$/.test(name)) return false;
    return checker.getIndexInfoOfType(p, ts.IndexKind.String) !== undefined;
  });
}

/** A non-array object type (a Record, or an object literal's own type): what a cast key can reach `Object.prototype` through. */
function isPlainObjectType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const t = checker.getNonNullableType(type);
  const parts = t.isUnion() ? t.types : [t];
  return parts.some((p) => {
    if (checker.isArrayType(p) || checker.isTupleType(p)) return false;
    if (!(p.flags & ts.TypeFlags.Object)) return false;
    const name = p.getSymbol()?.getName() ?? '';
    return !/Array$|^Buffer$|^String$|^Map$|^Set$|^WeakMap$|^WeakSet$|^Promise$/.test(name);
  });
}

/**
 * `table[word as keyof typeof table]`: the cast makes the key's type a union of literals, so the
 * literal-key test would pass it, while at run time the word is whatever the customer typed
 * ("constructor"). A key is a cast of text when, under its parentheses, it is an `as` or `<T>`
 * assertion of an expression whose own type is not literal.
 */
function isCastOfText(checker: ts.TypeChecker, key: ts.Expression): boolean {
  let k: ts.Expression = key;
  while (ts.isParenthesizedExpression(k)) k = k.expression;
  if (!ts.isAsExpression(k) && !ts.isTypeAssertionExpression(k)) return false;
  return !isLiteralKey(checker, k.expression);
}

/** `table[key] = value` and `delete table[key]` touch own properties only (they cannot find an inherited member): only reads are checked. */
function isAssignedTo(node: ts.ElementAccessExpression): boolean {
  const parent = node.parent;
  if (ts.isDeleteExpression(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

function findings(prog: ts.Program = program(), include: (rel: string) => boolean = (rel) => rel.startsWith('src/')): Finding[] {
  const checker = prog.getTypeChecker();
  const out: Finding[] = [];
  for (const sf of prog.getSourceFiles()) {
    const rel = path.relative(ROOT, sf.fileName);
    if (!include(rel) || ALLOWED_FILES.has(rel)) continue;
    const report = (node: ts.Node) => {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      out.push({ file: rel, line: line + 1, text: node.getText(sf).slice(0, 100) });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isElementAccessExpression(node) && !isAssignedTo(node) && isCastOfText(checker, node.argumentExpression)) {
        if (isPlainObjectType(checker, checker.getTypeAtLocation(node.expression))) report(node);
      } else if (ts.isElementAccessExpression(node) && !isAssignedTo(node) && !isLiteralKey(checker, node.argumentExpression)) {
        if (isDictionaryType(checker, checker.getTypeAtLocation(node.expression))) report(node);
      } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword && isCastOfText(checker, node.left)) {
        if (isPlainObjectType(checker, checker.getTypeAtLocation(node.right))) report(node);
      } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword && !isLiteralKey(checker, node.left)) {
        if (isDictionaryType(checker, checker.getTypeAtLocation(node.right))) report(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** A program of one in-memory file, to show the rule catches what it is for. */
function programOf(source: string): ts.Program {
  const file = path.join(ROOT, 'src/__sample__.ts');
  const options: ts.CompilerOptions = { strict: true, noUncheckedIndexedAccess: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : read(name, version, ...rest));
  return ts.createProgram([file], options, host);
}

describe('no lookups keyed by text in plain objects (src/)', () => {
  it('catches the pattern it is for (the SHORTHAND of issue 14, and a word cast to an object literal\'s keys) and lets Maps, own-key reads and literal keys through', () => {
    const sample = [
      "const SHORTHAND: Record<string, string> = { u: 'you' };",
      'export function expand(t: string) { return SHORTHAND[t] ?? t; }',
      "export function has(t: string) { return t in SHORTHAND; }",
      "const MAP = new Map([['u', 'you']]);",
      'export function viaMap(t: string) { return MAP.get(t); }',
      "export function literal() { return SHORTHAND['u']; }",
      "export function keyed(k: 'u' | 'r') { return SHORTHAND[k]; }",
      'export function write(t: string) { SHORTHAND[t] = t; }',
      'export function list(xs: string[], i: number) { return xs[i]; }',
      // An object literal without a Record type, read through a cast of the customer's word (line 11, 12).
      "const UNITS = { kg: 'kilogram', lb: 'pound' };",
      'export function unit(t: string) { return UNITS[t as keyof typeof UNITS]; }',
      'export function isUnit(t: string) { return (t as keyof typeof UNITS) in UNITS; }',
      "export function knownUnit(k: 'kg' | 'lb') { return UNITS[k]; }",
      "export function castLiteral() { return UNITS['kg' as 'kg' | 'lb']; }",
      'export function castIndex(xs: string[], i: unknown) { return xs[i as number]; }',
    ].join('\n');
    const found = findings(programOf(sample), (rel) => rel === 'src/__sample__.ts');
    expect(found.map((f) => f.line)).toEqual([2, 3, 11, 12]);
  });

  it('indexes no Record<string, T> with a computed key and uses no `key in record`', () => {
    const found = findings();
    expect(found.map((f) => `${f.file}:${f.line}  ${f.text}`).join('\n')).toBe('');
  }, 120_000);
});
