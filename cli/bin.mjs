#!/usr/bin/env node
// Installed entry point: runs the TypeScript command line through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
