#!/usr/bin/env node
// The proxy ships as TypeScript; tsx compiles it on load so there is no separate build to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/proxy/cli.ts');
