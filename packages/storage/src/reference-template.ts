import { StoreError } from "@zarrkit/core";

/** A value a template variable can take. */
export type TemplateValue = string | number;

/**
 * Renders kerchunk's jinja-style templates: each "{{ expr }}" is replaced by the value of
 * an expression over the variables, with numbers, 'strings', + - * / // % ** and
 * parentheses (the subset kerchunk's "gen" entries use).
 */
export function renderTemplate(
  template: string,
  vars: Readonly<Record<string, TemplateValue>>,
): string {
  if (!template.includes("{{")) return template;
  return template.replace(/\{\{(.*?)\}\}/g, (_, expr: string) =>
    String(evaluate(expr, vars, template)),
  );
}

/** Deepest nesting of parentheses and signs an expression may use. */
const MAX_NESTING = 64;

type Token =
  | { kind: "num"; value: number }
  | { kind: "str"; value: string }
  | { kind: "name" | "op"; value: string };

function tokenize(expr: string, template: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\d+(?:\.\d+)?)|'([^']*)'|"([^"]*)"|([A-Za-z_]\w*)|(\*\*|\/\/|[-+*/%()]))/y;
  const rest = /\s*$/y;
  let position = 0;
  while (position < expr.length) {
    rest.lastIndex = position;
    if (rest.test(expr)) break; // only spaces left (checked in place: no copy per token)
    pattern.lastIndex = position;
    const match = pattern.exec(expr);
    if (!match) throw templateError(template, `cannot parse "${expr.slice(position).trim()}"`);
    position = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: "num", value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: "str", value: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: "str", value: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: "name", value: match[4] });
    else tokens.push({ kind: "op", value: match[5] });
  }
  return tokens;
}

/** Recursive descent: sum -> product -> unary -> power -> atom. */
function evaluate(
  expr: string,
  vars: Readonly<Record<string, TemplateValue>>,
  template: string,
): TemplateValue {
  const tokens = tokenize(expr, template);
  let i = 0;
  let depth = 0; // of parentheses and unary signs: bounded, so no stack overflow
  const nest = <T>(parse: () => T): T => {
    if (++depth > MAX_NESTING) {
      throw templateError(template, `nests deeper than ${MAX_NESTING} levels`);
    }
    const value = parse();
    depth--;
    return value;
  };
  const peek = (): Token | undefined => tokens[i];
  const isOp = (op: string) => peek()?.kind === "op" && peek()?.value === op;
  const num = (value: TemplateValue): number => {
    if (typeof value !== "number") throw templateError(template, `"${value}" is not a number`);
    return value;
  };
  const sum = (): TemplateValue => {
    let left = product();
    while (isOp("+") || isOp("-")) {
      const op = tokens[i++].value;
      const right = product();
      if (op === "+" && (typeof left === "string" || typeof right === "string")) {
        if (typeof left !== typeof right)
          throw templateError(template, "cannot add a string and a number");
        left = `${left}${right}`;
      } else left = op === "+" ? num(left) + num(right) : num(left) - num(right);
    }
    return left;
  };
  const product = (): TemplateValue => {
    let left = unary();
    while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
      const op = tokens[i++].value;
      const a = num(left);
      const b = num(unary());
      if (op === "*") left = a * b;
      else if (op === "/") left = a / b;
      else if (op === "//") left = Math.floor(a / b);
      else left = a - b * Math.floor(a / b); // Python's modulo takes the divisor's sign
    }
    return left;
  };
  const unary = (): TemplateValue => {
    if (isOp("-")) {
      i++;
      return -num(nest(unary));
    }
    if (isOp("+")) {
      i++;
      return num(nest(unary));
    }
    return power();
  };
  const power = (): TemplateValue => {
    const base = atom();
    if (!isOp("**")) return base;
    i++;
    return num(base) ** num(unary());
  };
  const atom = (): TemplateValue => {
    const token = tokens[i++];
    if (!token) throw templateError(template, "expression ends early");
    if (token.kind === "num" || token.kind === "str") return token.value;
    if (token.kind === "name") {
      if (!Object.hasOwn(vars, token.value))
        throw templateError(template, `unknown variable "${token.value}"`);
      return vars[token.value];
    }
    if (token.value === "(") {
      const value = nest(sum);
      if (!isOp(")")) throw templateError(template, 'missing ")"');
      i++;
      return value;
    }
    throw templateError(template, `unexpected "${token.value}"`);
  };
  const value = sum();
  if (i !== tokens.length) throw templateError(template, `unexpected "${tokens[i].value}"`);
  return value;
}

function templateError(template: string, detail: string): StoreError {
  return new StoreError(`bad template ${JSON.stringify(template)} in references: ${detail}`);
}
