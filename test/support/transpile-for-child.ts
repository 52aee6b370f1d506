/** Transpiles source/ to plain ESM in a temp dir so a child `node` process can run the real store code. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export function transpileSources(dirs: string[], outDir: string): void {
  const root = path.resolve(import.meta.dirname, '../..');
  for (const dir of dirs) {
    for (const name of readdirSync(path.join(root, dir))) {
      if (!name.endsWith('.ts')) continue;
      const src = readFileSync(path.join(root, dir, name), 'utf8');
      const out = ts.transpileModule(src, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      });
      mkdirSync(path.join(outDir, dir), { recursive: true });
      writeFileSync(path.join(outDir, dir, name.replace(/\.ts$/, '.js')), out.outputText);
    }
  }
  writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}');
}
