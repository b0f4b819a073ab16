import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors';
import { bindingForPath, ENV_BINDINGS, type EnvBinding } from './env-map';
import { type ConfigInput, configSchema, type SwitchboardConfig } from './schema';

/** Where configuration comes from; both optional. Environment variables win over the file. */
export interface LoadConfigOptions {
  /** Environment variables (defaults to `process.env`). */
  env?: Record<string, string | undefined>;
  /** Path of a JSON or YAML config file; defaults to `$SWITCHBOARD_CONFIG`. */
  file?: string;
  /** Values that override both (tests, embedding). */
  overrides?: ConfigInput;
}

type Tree = Record<string, unknown>;

function setPath(target: Tree, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = typeof next === 'object' && next !== null ? next : {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1] as string] = value;
}

function convert(binding: EnvBinding, raw: string, problems: string[]): unknown {
  switch (binding.kind) {
    case 'int': {
      const n = Number(raw);
      if (!Number.isInteger(n)) problems.push(`${binding.env} must be a whole number (got "${raw}").`);
      return n;
    }
    case 'float': {
      const n = Number(raw);
      if (Number.isNaN(n)) problems.push(`${binding.env} must be a number (got "${raw}").`);
      return n;
    }
    case 'bool':
      return raw === 'true' || raw === '1';
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    case 'string':
      return raw;
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        problems.push(`${binding.env} must be JSON, e.g. {"general":"C0123ABCD"} (got "${raw}").`);
        return undefined;
      }
  }
}

function readFileConfig(file: string, problems: string[]): Tree {
  try {
    const text = readFileSync(file, 'utf8');
    const parsed: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Tree;
    problems.push(`Config file ${file} must contain an object at the top level.`);
  } catch (error) {
    problems.push(`Config file ${file} could not be read: ${(error as Error).message}`);
  }
  return {};
}

function mergeDeep(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    const bothObjects = typeof value === 'object' && value !== null && !Array.isArray(value);
    out[key] =
      bothObjects && typeof current === 'object' && current !== null
        ? mergeDeep(current as Tree, value as Tree)
        : value;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, binding: EnvBinding | undefined, input: Tree): string {
  const path = issue.path.join('.');
  const where = binding ? binding.env : `config key "${path}"`;
  const value = binding?.secret ? '(secret, not shown)' : JSON.stringify(valueAt(input, issue.path));
  if (issue.code === 'unrecognized_keys') {
    return `Unknown config key(s) ${issue.keys.map((k) => `"${path ? `${path}.` : ''}${k}"`).join(', ')}: remove them or check the spelling (see docs/configuration.md).`;
  }
  return `${where} is invalid: ${issue.message} (value: ${value}).`;
}

function valueAt(tree: Tree, path: readonly PropertyKey[]): unknown {
  let node: unknown = tree;
  for (const key of path) node = (node as Tree | undefined)?.[String(key)];
  return node;
}

function crossChecks(config: SwitchboardConfig, problems: string[]): void {
  const needsSharedSecret = config.env === 'production' || config.redisUrl !== undefined;
  if (needsSharedSecret && !config.webchat.tokenSecrets) {
    problems.push(
      'WEBCHAT_TOKEN_SECRETS is not set: in production or with REDIS_URL, every process must sign web chat sessions with the same secret. Set it to one or more comma-separated random strings of at least 32 characters (the first signs, all verify).',
    );
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Reads, validates and freezes the configuration. Every problem is reported at once in one
 * `ConfigError` whose message names the environment variable (or config key) and the fix.
 * Secret values are never included in messages.
 */
export function loadConfig(options: LoadConfigOptions = {}): SwitchboardConfig {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const file = options.file ?? env['SWITCHBOARD_CONFIG'];
  let input: Tree = file ? readFileConfig(file, problems) : {};
  const fromEnv: Tree = {};
  const nodeEnv = env['NODE_ENV'];
  if (nodeEnv === 'production' || nodeEnv === 'test' || nodeEnv === 'development') fromEnv['env'] = nodeEnv;
  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.env];
    if (raw !== undefined && raw !== '') setPath(fromEnv, binding.path, convert(binding, raw, problems));
  }
  input = mergeDeep(mergeDeep(input, fromEnv), (options.overrides ?? {}) as Tree);
  const result = configSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(describeIssue(issue, bindingForPath(issue.path.join('.')), input));
    }
  } else {
    crossChecks(result.data, problems);
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(
      `Invalid configuration (${problems.length} problem(s)):\n- ${problems.join('\n- ')}`,
    );
  }
  return deepFreeze(result.data);
}

/** The configuration with every secret replaced by `***`, safe to log. */
export function redactConfig(config: SwitchboardConfig): Tree {
  const copy = JSON.parse(JSON.stringify(config)) as Tree;
  for (const binding of ENV_BINDINGS) {
    if (binding.secret && valueAt(copy, binding.path.split('.')) !== undefined)
      setPath(copy, binding.path, '***');
  }
  return copy;
}
