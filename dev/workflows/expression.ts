/**
 * The small subset of CEL that the Inngest SDK emits for trigger `if`s, `cancelOn`,
 * `waitForEvent` matches and concurrency keys, e.g.
 * `async.data.ticketId == event.data.ticketId && event.data.priority != 'low'`.
 *
 * Supported: member paths (`a.b.c`, `a["b"]`, `a[0]`), string / number / bool / null
 * literals, `== != < <= > >=`, `&& || !`, unary minus and parentheses. A path that does
 * not resolve makes every comparison it takes part in false (CEL would raise an error,
 * which the Inngest server treats as "no match").
 */

export class ExpressionError extends Error {
  constructor(source: string, detail: string) {
    super(`Invalid expression ${JSON.stringify(source)}: ${detail}`);
    this.name = "ExpressionError";
  }
}

type Node =
  | { kind: "literal"; value: unknown }
  | { kind: "path"; root: string; keys: (string | number)[] }
  | { kind: "not"; operand: Node }
  | { kind: "negate"; operand: Node }
  | { kind: "logical"; op: "&&" | "||"; left: Node; right: Node }
  | { kind: "compare"; op: CompareOp; left: Node; right: Node };

type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

type Token =
  | { type: "ident"; value: string; at: number }
  | { type: "string"; value: string; at: number }
  | { type: "number"; value: number; at: number }
  | { type: "punct"; value: string; at: number }
  | { type: "end"; at: number };

const PUNCTUATION = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "-", "(", ")", "[", "]", "."];
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const start = i++;
      let value = "";
      while (i < source.length && source[i] !== ch) {
        if (source[i] === "\\") {
          const escaped = ESCAPES[source[i + 1] ?? ""];
          if (escaped === undefined) throw new ExpressionError(source, `unknown escape at ${i}`);
          value += escaped;
          i += 2;
        } else {
          value += source[i++];
        }
      }
      if (i >= source.length) throw new ExpressionError(source, `unterminated string starting at ${start}`);
      i++;
      tokens.push({ type: "string", value, at: start });
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ type: "number", value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (ident) {
      tokens.push({ type: "ident", value: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (!punct) throw new ExpressionError(source, `unexpected character ${JSON.stringify(ch)} at ${i}`);
    tokens.push({ type: "punct", value: punct, at: i });
    i += punct.length;
  }
  tokens.push({ type: "end", at: source.length });
  return tokens;
}

/** Recursive descent over: or → and → comparison → unary → primary. */
function parse(source: string, allowedRoots: readonly string[]): Node {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const isPunct = (value: string) => {
    const token = peek();
    return token.type === "punct" && token.value === value;
  };
  const expect = (value: string) => {
    if (!isPunct(value)) throw new ExpressionError(source, `expected "${value}" at ${peek().at}`);
    pos++;
  };

  const parseOr = (): Node => {
    let left = parseAnd();
    while (isPunct("||")) {
      pos++;
      left = { kind: "logical", op: "||", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseComparison();
    while (isPunct("&&")) {
      pos++;
      left = { kind: "logical", op: "&&", left, right: parseComparison() };
    }
    return left;
  };
  const parseComparison = (): Node => {
    const left = parseUnary();
    const token = peek();
    if (token.type === "punct" && ["==", "!=", "<", "<=", ">", ">="].includes(token.value)) {
      pos++;
      return { kind: "compare", op: token.value as CompareOp, left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Node => {
    if (isPunct("!")) {
      pos++;
      return { kind: "not", operand: parseUnary() };
    }
    if (isPunct("-")) {
      pos++;
      return { kind: "negate", operand: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Node => {
    const token = peek();
    pos++;
    if (token.type === "string" || token.type === "number") return { kind: "literal", value: token.value };
    if (token.type === "punct" && token.value === "(") {
      const inner = parseOr();
      expect(")");
      return inner;
    }
    if (token.type === "ident") {
      if (token.value === "true" || token.value === "false") return { kind: "literal", value: token.value === "true" };
      if (token.value === "null") return { kind: "literal", value: null };
      if (!allowedRoots.includes(token.value)) {
        throw new ExpressionError(source, `unknown name "${token.value}"; use ${allowedRoots.join(" or ")}`);
      }
      return parsePath(token.value);
    }
    throw new ExpressionError(source, `unexpected ${token.type === "end" ? "end" : `"${token.value}"`} at ${token.at}`);
  };
  const parsePath = (root: string): Node => {
    const keys: (string | number)[] = [];
    for (;;) {
      if (isPunct(".")) {
        pos++;
        const name = peek();
        if (name.type !== "ident") throw new ExpressionError(source, `expected a field name at ${name.at}`);
        keys.push(name.value);
        pos++;
      } else if (isPunct("[")) {
        pos++;
        const key = peek();
        if (key.type !== "string" && key.type !== "number") {
          throw new ExpressionError(source, `expected a string or number index at ${key.at}`);
        }
        keys.push(key.value);
        pos++;
        expect("]");
      } else {
        return { kind: "path", root, keys };
      }
    }
  };

  const node = parseOr();
  if (peek().type !== "end") throw new ExpressionError(source, `unexpected trailing input at ${peek().at}`);
  return node;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

function compare(op: CompareOp, left: unknown, right: unknown): boolean {
  if (left === undefined || right === undefined) return false;
  if (op === "==") return deepEqual(left, right);
  if (op === "!=") return !deepEqual(left, right);
  const comparable =
    (typeof left === "number" && typeof right === "number") || (typeof left === "string" && typeof right === "string");
  if (!comparable) return false;
  const l = left as number | string;
  const r = right as number | string;
  if (op === "<") return l < r;
  if (op === "<=") return l <= r;
  if (op === ">") return l > r;
  return l >= r;
}

function evaluateNode(node: Node, vars: Readonly<Record<string, unknown>>): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "path": {
      let value: unknown = vars[node.root];
      for (const key of node.keys) {
        if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
        value = (value as Record<string | number, unknown>)[key];
      }
      return value;
    }
    case "not":
      return evaluateNode(node.operand, vars) !== true;
    case "negate": {
      const value = evaluateNode(node.operand, vars);
      return typeof value === "number" ? -value : undefined;
    }
    case "logical": {
      const left = evaluateNode(node.left, vars) === true;
      if (node.op === "&&") return left && evaluateNode(node.right, vars) === true;
      return left || evaluateNode(node.right, vars) === true;
    }
    case "compare":
      return compare(node.op, evaluateNode(node.left, vars), evaluateNode(node.right, vars));
  }
}

export interface CompiledExpression {
  readonly source: string;
  /** The expression's value (`undefined` when a path does not resolve). */
  evaluate(vars: Readonly<Record<string, unknown>>): unknown;
  /** True only when the expression evaluates to boolean `true`. */
  matches(vars: Readonly<Record<string, unknown>>): boolean;
}

const cache = new Map<string, CompiledExpression>();
const CACHE_LIMIT = 500;

/**
 * Parses `source` once (cached) and returns an evaluator. `roots` are the names the
 * expression may refer to, `event` and `async` by default. Throws ExpressionError.
 */
export function compileExpression(source: string, roots: readonly string[] = ["event", "async"]): CompiledExpression {
  const cacheKey = `${roots.join(",")}\u0000${source}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const node = parse(source, roots);
  const compiled: CompiledExpression = {
    source,
    evaluate: (vars) => evaluateNode(node, vars),
    matches: (vars) => evaluateNode(node, vars) === true,
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey, compiled);
  return compiled;
}
