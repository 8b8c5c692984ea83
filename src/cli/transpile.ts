/**
 * TypeScript references (`scale.reference.ts`) to JavaScript, for
 * --kernel-file. In a checkout, Vite's oxc (what builds the app); in the
 * single-folder build, which carries no Vite, Node's own type stripping
 * (`module.stripTypeScriptTypes`, Node 22.13 and later), else a sentence
 * saying to write the reference in JavaScript.
 */
import * as nodeModule from 'node:module';
import type { Transpile } from './kernel-file';

/** Vite's oxc, loaded when a TypeScript reference is first met. */
export const viteTranspile: Transpile = async (code, path) => {
  const { transformWithOxc } = await import('vite');
  return (await transformWithOxc(code, path, { lang: 'ts' })).code;
};

type StripTypes = (code: string, options?: { mode?: 'strip' | 'transform' }) => string;

/** Node's own type stripping where this Node has it. */
export const nodeTranspile: Transpile = (code) => {
  const strip = (nodeModule as { stripTypeScriptTypes?: StripTypes }).stripTypeScriptTypes;
  if (!strip) {
    return Promise.reject(new Error(`this runner reads TypeScript with Node's own type stripping, which needs Node 22.13 or newer (this is Node ${process.version}); write the reference in JavaScript (.js or .mjs), or run it from a checkout with npm run bench`));
  }
  return Promise.resolve(strip(code, { mode: 'transform' }));
};
