/**
 * The registry of further commands (run, compare, validate, optimize, ...):
 * one line each, in the order `--help` lists them.
 */
import type { Command } from 'commander';
import { compareCommand } from './compare.js';
import { optimizeCommand } from './optimize.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';

export const COMMANDS: ((program: Command) => void)[] = [runCommand, compareCommand, validateCommand, optimizeCommand];
