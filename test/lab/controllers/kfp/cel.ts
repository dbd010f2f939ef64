// SPDX-License-Identifier: Apache-2.0
/**
 * The subset of CEL the KFP SDK writes into `triggerPolicy.condition` (dsl.If/Elif/Else):
 * `inputs.parameter_values['k']`, string/number/bool literals, `int()`, `double()`,
 * `string()`, `!`, unary `-`, `== != < <= > >=`, `&& ||` and parentheses. The KFP driver
 * evaluates the same expressions with cel-go against the task's resolved inputs.
 */

type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

const tokenRe = /\s*(?:(\d+\.\d*|\d*\.\d+|\d+)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(&&|\|\||==|!=|<=|>=|[<>!()[\].,-])|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  tokenRe.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    tokenRe.lastIndex = pos;
    const m = tokenRe.exec(src);
    if (!m) throw new Error(`condition: cannot read "${src.slice(pos)}" in ${src}`);
    out.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
    pos = tokenRe.lastIndex;
  }
  return out;
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

function compare(a: Value, op: string, b: Value): boolean {
  if (op === '==') return JSON.stringify(a) === JSON.stringify(b) || (typeof a === 'number' && typeof b === 'number' && a === b);
  if (op === '!=') return !compare(a, '==', b);
  if (typeof a !== typeof b) throw new Error(`condition: cannot compare ${JSON.stringify(a)} ${op} ${JSON.stringify(b)}`);
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

/** Evaluates a KFP trigger condition against the task's parameter values. */
export function evalCondition(src: string, parameterValues: Record<string, unknown>): boolean {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`condition: expected ${t} in ${src}`);
  };
  const primary = (): Value => {
    const t = next();
    if (t === undefined) throw new Error(`condition: unexpected end of ${src}`);
    if (t === '(') {
      const v = or();
      expect(')');
      return v;
    }
    if (t === '!') return !truthy(primary());
    if (t === '-') return -Number(primary());
    if (/^['"]/.test(t)) return unquote(t);
    if (/^[\d.]/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (t === 'inputs') {
      expect('.');
      const field = next();
      if (field !== 'parameter_values') throw new Error(`condition: only inputs.parameter_values is supported (${src})`);
      expect('[');
      const key = next() ?? '';
      expect(']');
      let v = parameterValues[unquote(key)] as Value;
      while (peek() === '[') {
        next();
        const k = next() ?? '';
        expect(']');
        v = (v as Record<string, Value>)?.[/^['"]/.test(k) ? unquote(k) : Number(k)] ?? null;
      }
      return v ?? null;
    }
    if (t === 'int' || t === 'double' || t === 'string' || t === 'bool') {
      expect('(');
      const v = or();
      expect(')');
      if (t === 'string') return typeof v === 'string' ? v : JSON.stringify(v);
      if (t === 'bool') return v === true || v === 'true';
      const n = Number(v);
      return t === 'int' ? Math.trunc(n) : n;
    }
    throw new Error(`condition: unsupported token ${t} in ${src}`);
  };
  const cmp = (): Value => {
    let v = primary();
    while (['==', '!=', '<', '<=', '>', '>='].includes(peek() ?? '')) {
      const op = next() as string;
      v = compare(v, op, primary());
    }
    return v;
  };
  const and = (): Value => {
    let v = cmp();
    while (peek() === '&&') {
      next();
      const r = cmp();
      v = truthy(v) && truthy(r);
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      next();
      const r = and();
      v = truthy(v) || truthy(r);
    }
    return v;
  };
  const v = or();
  if (i !== toks.length) throw new Error(`condition: unexpected ${toks[i]} in ${src}`);
  return truthy(v);
}

function truthy(v: Value): boolean {
  return v === true;
}
