// GitHub Actions expressions (`${{ … }}`) for scripts/ci/run-workflow.mjs: literals, contexts with `.` and `[…]`,
// ! == != < <= > >= && || and parentheses, and the functions workflows use (success, failure, always, cancelled,
// contains, startsWith, endsWith, format, join, toJSON, fromJSON, hashFiles). Semantics as GitHub documents them:
// && and || return an operand, strings compare case-insensitively, a missing property is null, falsy is
// false, 0, '' and null.

/** @typedef {{ t: string, v?: unknown }} Token a literal (v), an identifier (v: its name) or an operator */
/** @typedef {Record<string, unknown>} Context the workflow contexts (github, env, steps, …) and __status */
/** @typedef {string | number | boolean} Comparable */

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'((?:[^']|'')*)'|(&&|\|\||==|!=|<=|>=|[!<>()[\].,])|([A-Za-z_][A-Za-z0-9_-]*))/y;

/** @param {string} source */
function tokenize(source) {
  /** @type {Token[]} */
  const tokens = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`cannot read expression at "${source.slice(at, at + 20)}" in: ${source}`);
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) tokens.push({ t: 'lit', v: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ t: 'lit', v: m[2].replace(/''/g, "'") });
    else if (m[3] !== undefined) tokens.push({ t: m[3] });
    else if (m[4] === 'true' || m[4] === 'false' || m[4] === 'null') tokens.push({ t: 'lit', v: JSON.parse(m[4]) });
    else tokens.push({ t: 'id', v: m[4] });
  }
  return tokens;
}

/** @param {unknown} v */
const truthy = (v) => !(v === false || v === 0 || v === '' || v === null || v === undefined || Number.isNaN(v));
/** @param {unknown} v */
const str = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * The operands as GitHub compares them: two strings case-insensitively, two values of one primitive type as they
 * are, anything else as numbers.
 * @param {unknown} a
 * @param {unknown} b
 * @returns {[Comparable, Comparable]}
 */
function loose(a, b) {
  if (typeof a === 'string' && typeof b === 'string') return [a.toLowerCase(), b.toLowerCase()];
  /** @param {unknown} v */
  const num = (v) => (v === null || v === undefined ? 0 : typeof v === 'boolean' ? Number(v) : Number(v));
  if (typeof a === typeof b && (typeof a === 'number' || typeof a === 'boolean'))
    return [/** @type {Comparable} */ (a), /** @type {Comparable} */ (b)];
  return [num(a), num(b)];
}

/**
 * @param {Context} ctx
 * @returns {Record<string, (...args: unknown[]) => unknown>}
 */
function functions(ctx) {
  const status = ctx.__status ?? 'success';
  return {
    success: () => status === 'success',
    failure: () => status === 'failure',
    always: () => true,
    cancelled: () => false,
    contains: (hay, needle) =>
      Array.isArray(hay)
        ? hay.some((v) => str(v).toLowerCase() === str(needle).toLowerCase())
        : str(hay).toLowerCase().includes(str(needle).toLowerCase()),
    startsWith: (a, b) => str(a).toLowerCase().startsWith(str(b).toLowerCase()),
    endsWith: (a, b) => str(a).toLowerCase().endsWith(str(b).toLowerCase()),
    format: (f, ...args) => str(f).replace(/\{(\d+)\}/g, (_, i) => str(args[Number(i)])),
    join: (a, sep = ',') => (Array.isArray(a) ? a.map(str).join(str(sep)) : str(a)),
    toJSON: (v) => JSON.stringify(v, null, 2),
    fromJSON: (v) => JSON.parse(str(v)),
    hashFiles: () => '',
  };
}

/**
 * Evaluates one expression (without the `${{ }}`) against a context object.
 * @param {string} source
 * @param {Context} ctx
 * @returns {unknown}
 */
export function evaluate(source, ctx) {
  const text = source.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const take = (/** @type {string} */ t) => {
    if (peek()?.t !== t) throw new Error(`expected ${t} in: ${text}`);
    return tokens[i++];
  };
  const fns = functions(ctx);

  /** @returns {unknown} */
  function primary() {
    const tok = tokens[i++];
    if (!tok) throw new Error(`unexpected end of: ${text}`);
    if (tok.t === 'lit') return tok.v;
    if (tok.t === '!') return !truthy(primary());
    if (tok.t === '(') {
      const v = or();
      take(')');
      return postfix(v);
    }
    if (tok.t === 'id') {
      if (peek()?.t === '(') {
        i++;
        const args = [];
        while (peek()?.t !== ')') {
          args.push(or());
          if (peek()?.t === ',') i++;
        }
        take(')');
        const fn = fns[String(tok.v)];
        if (!fn) throw new Error(`unknown function ${tok.v}() in: ${text}`);
        return postfix(fn(...args));
      }
      const name = String(tok.v);
      return postfix(name in ctx ? ctx[name] : null);
    }
    throw new Error(`unexpected "${tok.t}" in: ${text}`);
  }
  /**
   * @param {unknown} value
   * @returns {unknown}
   */
  function postfix(value) {
    let v = value;
    /** @param {unknown} key */
    const member = (key) =>
      v === null || v === undefined ? null : (/** @type {Record<string, unknown>} */ (v)[String(key)] ?? null);
    for (;;) {
      if (peek()?.t === '.') {
        i++;
        const key = tokens[i++];
        if (!key || key.t !== 'id') throw new Error(`expected a property name in: ${text}`);
        v = member(key.v);
      } else if (peek()?.t === '[') {
        i++;
        const key = or();
        take(']');
        v = member(key);
      } else return v;
    }
  }
  /** @returns {unknown} */
  function compare() {
    let left = primary();
    for (let op = peek()?.t; op && ['==', '!=', '<', '<=', '>', '>='].includes(op); op = peek()?.t) {
      i++;
      const [a, b] = loose(left, primary());
      left = { '==': a === b, '!=': a !== b, '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b }[op];
    }
    return left;
  }
  /** @returns {unknown} */
  function and() {
    let left = compare();
    while (peek()?.t === '&&') {
      i++;
      const right = compare();
      left = truthy(left) ? right : left;
    }
    return left;
  }
  /** @returns {unknown} */
  function or() {
    let left = and();
    while (peek()?.t === '||') {
      i++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  const value = or();
  if (i !== tokens.length) throw new Error(`unexpected "${tokens[i]?.t}" in: ${text}`);
  // A bare `if:` without a status function means `success() && (…)`, as on GitHub.
  return value;
}

/**
 * An `if:` condition: GitHub adds success() unless the condition calls a status function.
 * @param {unknown} source
 * @param {Context} ctx
 */
export function condition(source, ctx) {
  const text = String(source)
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const usesStatus = /\b(success|failure|always|cancelled)\s*\(/.test(text);
  const ok = truthy(evaluate(text, ctx));
  return usesStatus ? ok : ok && (ctx.__status ?? 'success') === 'success';
}

/**
 * Replaces every `${{ … }}` in a string with its value (null → '', objects → JSON).
 * @param {unknown} text
 * @param {Context} ctx
 */
export function interpolate(text, ctx) {
  return String(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, /** @type {string} */ expr) => str(evaluate(expr, ctx)));
}

export { truthy };
