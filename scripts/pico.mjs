// Trunk's pre_build hook: compiles crates/web/style/pico.scss (Pico CSS without the modules
// SEED never uses) to pico.gen.css beside it, which both entries' pages link.
import { writeFileSync } from 'node:fs';
import { compile } from 'sass';

const source = 'crates/web/style/pico.scss';
const { css } = compile(source, { style: 'compressed', loadPaths: ['node_modules'], quietDeps: true });
writeFileSync('crates/web/style/pico.gen.css', css);
