import type { ESLint, Rule } from 'eslint';

export const LEVELS: Record<string, number>;
export const SIDEWAYS: Set<string>;
export function packageOf(file: string): string | null;
export function layerViolation(from: string | null, to: string | null): string | null;
export const layersRule: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
