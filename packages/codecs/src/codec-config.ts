/**
 * Reading a codec's configuration: every accessor validates its key and throws a
 * CodecError that names the codec, the key and where the codec is used.
 */
import { CodecError } from "@zarrkit/core";

export class CodecConfig {
  constructor(
    readonly codec: string,
    readonly where: string,
    readonly configuration: Record<string, unknown>,
  ) {}

  /** A CodecError for this codec and place. */
  error(message: string): CodecError {
    return new CodecError(`codec "${this.codec}" in ${this.where}: ${message}`);
  }

  has(key: string): boolean {
    return this.configuration[key] !== undefined && this.configuration[key] !== null;
  }

  int(key: string, opts: { min?: number; max?: number; default?: number } = {}): number {
    const value = this.configuration[key] ?? opts.default;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw this.error(`configuration "${key}" must be an integer, got ${show(value)}`);
    }
    if (
      (opts.min !== undefined && value < opts.min) ||
      (opts.max !== undefined && value > opts.max)
    ) {
      throw this.error(
        `configuration "${key}" must be in [${opts.min ?? "-inf"}, ${opts.max ?? "inf"}], got ${value}`,
      );
    }
    return value;
  }

  number(key: string, opts: { default?: number } = {}): number {
    const value = this.configuration[key] ?? opts.default;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw this.error(`configuration "${key}" must be a finite number, got ${show(value)}`);
    }
    return value;
  }

  string(key: string, opts: { default?: string } = {}): string {
    const value = this.configuration[key] ?? opts.default;
    if (typeof value !== "string") {
      throw this.error(`configuration "${key}" must be a string, got ${show(value)}`);
    }
    return value;
  }

  oneOf<T extends string>(key: string, values: readonly T[], opts: { default?: T } = {}): T {
    const value = this.configuration[key] ?? opts.default;
    if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
      throw this.error(
        `configuration "${key}" must be one of ${values.map((v) => `"${v}"`).join(", ")}, got ${show(value)}`,
      );
    }
    return value as T;
  }

  stringArray(key: string): string[] {
    const value = this.configuration[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      throw this.error(`configuration "${key}" must be an array of strings, got ${show(value)}`);
    }
    return value as string[];
  }
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
