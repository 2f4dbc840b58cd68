// Trunk's pre_build hook: compiles Pico CSS without the modules SEED never uses, for each
// entry (crates/web/style/pico.scss for the members' app, pico-public.scss for the public
// pages), to a .gen.css file beside it, which that entry's page links.
import { writeFileSync } from 'node:fs';
import { compile } from 'sass';

for (const name of ['pico', 'pico-public']) {
  const source = `crates/web/style/${name}.scss`;
  const { css } = compile(source, { style: 'compressed', loadPaths: ['node_modules'], quietDeps: true });
  writeFileSync(`crates/web/style/${name}.gen.css`, css);
}
